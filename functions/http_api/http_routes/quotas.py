"""Each route spends the caller's quota of its operation (route_table.py) before anything else runs (see
domain/quotas.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from http_routes.deps import token_subject
from http_routes.gateway_route import route_key
from http_routes.route_table import ROUTES
from partylobby.bootstrap import Container
from partylobby.domain.limits import is_player_id

Next = Callable[[ApiGatewayResolver], Response[Any]]


def spend_the_routes_quota(app: ApiGatewayResolver, next_middleware: Next) -> Response[Any]:
    """A middleware of every route, after the gateway's route is checked (gateway_route.py)."""
    operation = ROUTES[route_key(app.context["_route"])].quota
    if operation is not None:
        player = token_subject(cast(APIGatewayProxyEventV2, app.current_event))
        if is_player_id(player):  # otherwise the route's identity dependency answers 401
            cast(Container, app.context["container"]).quotas.spend(str(player), operation)
    return next_middleware(app)
