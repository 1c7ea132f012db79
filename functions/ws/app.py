"""WebSocket entry point: $connect, $disconnect and $default of the push API: routes, quotas, sessions."""

from __future__ import annotations

import gc

# Lambda INIT: the objects the imports below create live as long as the container (see http_api/party_api.py).
gc.disable()

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from partylobby.bootstrap import build_container
from partylobby.config import Settings
from partylobby.metrics import published
from partylobby.quotas import Operation, QuotaExceeded
from ws_handlers.models import ConnectEvent, DisconnectEvent, MessageEvent

logger = Logger(service="ws")
container = build_container(Settings.from_env())
container.preload("sessions")
gc.freeze()  # what INIT built moves to the permanent generation: later collections never walk it
gc.enable()


@published
@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    route = event["requestContext"]["routeKey"]
    try:
        if route == "$connect":
            connect = ConnectEvent.model_validate(event).request_context
            container.quotas.spend(connect.authorizer.player_id, Operation.CONNECT)
            container.sessions.connected(connect.authorizer.player_id, connect.connection_id)
        elif route == "$disconnect":
            disconnect = DisconnectEvent.model_validate(event).request_context
            player = disconnect.authorizer.player_id if disconnect.authorizer else None
            container.sessions.disconnected(disconnect.connection_id, player)
        else:
            # Clients may send anything (e.g. {"action": "ping"}) to keep an idle socket open; nothing answers.
            message = MessageEvent.model_validate(event).request_context
            if message.authorizer:
                container.quotas.spend(message.authorizer.player_id, Operation.MESSAGE)
    except QuotaExceeded as refused:  # $connect: the socket is refused; a message: it is dropped
        return {"statusCode": 429, "headers": {"Retry-After": str(refused.retry_after)}}
    return {"statusCode": 200}
