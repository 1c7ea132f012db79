"""HTTP entry point of the admin routes (party history for the portal) and the portal's page."""

from __future__ import annotations

import gc

# Lambda INIT: the objects the imports below create live as long as the container (see party_api.py).
gc.disable()

from http_routes import admin, portal
from http_routes.entry import HttpEntry, lambda_handler_of

entry = HttpEntry((admin.router, portal.router), services=("party_history",))
app = entry.app
gc.freeze()  # what INIT built moves to the permanent generation: later collections never walk it
gc.enable()

lambda_handler = lambda_handler_of(entry)
