"""The resolver serves only the route API Gateway chose (the event's `routeKey`).

API Gateway routes on the encoded path, where `%2F` stays inside one segment, and hands the function the
path decoded. The resolver routes again on that decoded path, so `PATCH /lobbies/x%2Fmembers%2Fme`, routed
by API Gateway to `PATCH /lobbies/{lobby_id}`, would set member attributes here. A request whose two routes
differ is answered like one whose path parameter holds what no id may hold (400), or, on the `$default`
route, like an unknown route (404): errors.py's not-found handler tells the two apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver, Route
from aws_lambda_powertools.event_handler.exceptions import NotFoundError

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
