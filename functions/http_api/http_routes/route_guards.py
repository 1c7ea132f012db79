"""The middlewares every route runs before its handler, each driven by the route API Gateway chose.

Only that route is served (the event's `routeKey`). API Gateway routes on the encoded path, where `%2F`
stays inside one segment, and hands the function the path decoded. The resolver routes again on that
decoded path, so `PATCH /lobbies/x%2Fmembers%2Fme`, routed by API Gateway to `PATCH /lobbies/{lobby_id}`,
would set member attributes here. A request whose two routes differ is answered like one whose path
parameter holds what no id may hold (400), or, on the `$default` route, like an unknown route (404):
errors.py's not-found handler tells the two apart.

Then the route spends the caller's quota of its operation (route_table.py; see domain/quotas.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver, Route
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from http_routes.deps import token_subject
from http_routes.route_table import ROUTES
from partylobby.bootstrap import Container
from partylobby.domain.limits import is_player_id

Next = Callable[[ApiGatewayResolver], Response[Any]]
_PARAMETER = re.compile(r"<(\w+)>")


def route_key(route: Route) -> str:
    """`PATCH /lobbies/<lobby_id>` as the template writes it: `PATCH /lobbies/{lobby_id}`."""
    path = _PARAMETER.sub(r"{\1}", route.path)
    return f"{route.method} {path}"


def only_the_gateways_route(app: ApiGatewayResolver, next_middleware: Next) -> Response[Any]:
    if app.current_event.get("routeKey") != route_key(app.context["_route"]):
        raise NotFoundError()
    return next_middleware(app)


def spend_the_routes_quota(app: ApiGatewayResolver, next_middleware: Next) -> Response[Any]:
    """After only_the_gateways_route: the quota is spent on the route served."""
    operation = ROUTES[route_key(app.context["_route"])].quota
    if operation is not None:
        player = token_subject(cast(APIGatewayProxyEventV2, app.current_event))
        if is_player_id(player):  # otherwise the route's identity dependency answers 401
            cast(Container, app.context["container"]).quotas.spend(str(player), operation)
    return next_middleware(app)
