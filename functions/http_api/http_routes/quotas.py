"""Each route spends the caller's quota of its operation before anything else runs (see domain/quotas.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from http_routes.deps import token_subject
from partylobby.bootstrap import Container
from partylobby.domain.limits import is_player_id
from partylobby.domain.quotas import Operation

Middleware = Callable[[ApiGatewayResolver, Callable[[ApiGatewayResolver], Response[Any]]], Response[Any]]


def quota(operation: Operation) -> list[Middleware]:
    """`middlewares=quota(Operation.CREATE)` on a route."""

    def spend(app: ApiGatewayResolver, next_middleware: Callable[[ApiGatewayResolver], Response[Any]]) -> Response[Any]:
        player = token_subject(cast(APIGatewayProxyEventV2, app.current_event))
        if is_player_id(player):  # otherwise the route's identity dependency answers 401
            cast(Container, app.context["container"]).quotas.spend(str(player), operation)
        return next_middleware(app)

    return [spend]
