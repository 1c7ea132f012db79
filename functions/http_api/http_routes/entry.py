"""What every HTTP function does with a request, whichever routes it serves (party_api.py, lobby_api.py,
admin_api.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from http_routes import bodies, errors, route_guards
from http_routes.idempotency import Idempotency
from http_routes.route_table import takes_idempotency_key
from partylobby.bootstrap import build_container
from partylobby.config import Settings
from partylobby.metrics import published

logger = Logger()  # the service name comes from POWERTOOLS_SERVICE_NAME
Handler = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]


class HttpEntry:
    """A resolver over `routers`, with the services they use built at INIT."""

    def __init__(self, routers: Iterable[APIGatewayHttpRouter], services: Iterable[str]) -> None:
        self.container = build_container(Settings.from_env())
        self.container.preload(*services)
        self.app = APIGatewayHttpResolver(enable_validation=True, json_body_deserializer=bodies.parse)
        errors.register(self.app)
        # In this order: the quota is spent only on the gateway's route and for a body that is JSON (or none).
        self.app.use(
            [
                route_guards.only_the_gateways_route,
                bodies.checked_even_where_unread,
                route_guards.spend_the_routes_quota,
            ]
        )
        for router in routers:
            self.app.include_router(router)
        self.idempotency = Idempotency(self.container.table.client, self.container.table.name)

    def handle(self, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        """Every log line of a request carries its id (API Gateway's requestId), which the answer echoes."""
        self.app.append_context(container=self.container)
        event = bodies.as_json_text(event)
        if takes_idempotency_key(event):
            response = self.idempotency.resolve(event, context, lambda first: self.app.resolve(first, context))
        else:
            response = self.app.resolve(event, context)
        response.setdefault("headers", {})["X-Correlation-Id"] = logger.get_correlation_id() or ""
        return response

    def openapi_document(self, title: str, version: str) -> dict[str, Any]:
        """This function's routes as an OpenAPI document, with what they really answer (see openapi.py).
        Imported here: powertools' OpenAPI models take about 30 ms to import, and only the local stack's
        `GET /openapi.json` asks for the document, never a request in AWS."""
        from http_routes import openapi

        return openapi.document(self.app, title, version)


def lambda_handler_of(entry: HttpEntry) -> Handler:
    @published
    @logger.inject_lambda_context(clear_state=True, correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
    def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        return entry.handle(event, context)

    return lambda_handler
