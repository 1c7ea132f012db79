"""HTTP API entry point: a powertools resolver over the Router modules. No logic lives here."""

from __future__ import annotations

import gc

# Lambda INIT: the objects the imports below create live as long as the container, so collecting
# while they load only costs time (about 40 ms of the HTTP entry's cold start); see bench/cold_start.py.
gc.disable()

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from http_routes import bodies, chat, errors, invitations, lobbies, lobby_invites, parties, session, social
from http_routes.idempotency import Idempotency
from partylobby.bootstrap import build_container
from partylobby.config import Settings
from partylobby.metrics import published

logger = Logger(service="http_api")
container = build_container(Settings.from_env())

app = APIGatewayHttpResolver(enable_validation=True, json_body_deserializer=bodies.parse)
errors.register(app)
for module in (parties, invitations, chat, social, session, lobbies, lobby_invites):
    app.include_router(module.router)
idempotency = Idempotency(container.table.client, container.table.name)
gc.freeze()  # what INIT built moves to the permanent generation: later collections never walk it
gc.enable()


@published
@logger.inject_lambda_context(clear_state=True, correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Every log line of a request carries its id (API Gateway's requestId), which the answer echoes."""
    app.append_context(container=container)
    event = bodies.as_json_text(event)
    if idempotency.applies(event):
        response = idempotency.resolve(event, context, lambda first: app.resolve(first, context))
    else:
        response = app.resolve(event, context)
    response.setdefault("headers", {})["X-Correlation-Id"] = logger.get_correlation_id() or ""
    return response
