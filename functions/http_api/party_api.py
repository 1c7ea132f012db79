"""HTTP entry point of the party routes (parties, invitations, chat, friends and blocks, logout)."""

from __future__ import annotations

import gc

# Lambda INIT: the objects the imports below create live as long as the container, so collecting
# while they load only costs time (about 40 ms of an HTTP entry's cold start); see bench/cold_start.py.
gc.disable()

from http_routes import chat, invitations, parties, session, social
from http_routes.entry import HttpEntry, lambda_handler_of

entry = HttpEntry(
    (parties.router, invitations.router, chat.router, social.router, session.router),
    services=("parties", "chat", "social"),  # logout builds the sessions (and lobby) services when first used
)
app = entry.app
gc.freeze()  # what INIT built moves to the permanent generation: later collections never walk it
gc.enable()

lambda_handler = lambda_handler_of(entry)
