"""HTTP entry point of the lobby routes (EOS Lobby: lobbies, members, search, invites)."""

from __future__ import annotations

import gc

# Lambda INIT: the objects the imports below create live as long as the container (see party_api.py).
gc.disable()

from http_routes import lobbies, lobby_invites
from http_routes.entry import HttpEntry, lambda_handler_of

entry = HttpEntry((lobbies.router, lobby_invites.router), services=("lobbies", "lobby_invites", "lobby_search"))
app = entry.app
gc.freeze()  # what INIT built moves to the permanent generation: later collections never walk it
gc.enable()

lambda_handler = lambda_handler_of(entry)
