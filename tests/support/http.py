"""Calling the HTTP function in-process with events as API Gateway builds them (service tier)."""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from local_gateway.routing import RouteTable
from local_gateway.template import Handler, http_routes
from tests.support.lambdas import EVENTS_DIR, FakeLambdaContext, fresh_handler, load

Call = Callable[..., tuple[int, Any]]
SAMPLE = load(EVENTS_DIR / "http_api_create_party.json")
ROUTES = RouteTable(http_routes())


def route_of(method: str, path: str) -> tuple[str, str]:
    """The function that serves the request and its route key, as API Gateway chooses them."""
    match = ROUTES.match(method, path)
    assert match, "the template has a $default route"
    return match.route.function, match.route.route_key


def http_event(
    method: str, path: str, player: str | None, body: Any = None, raw: str | bytes | None = None
) -> dict[str, Any]:
    """The sample event re-aimed at the route that serves it. Bytes that are not UTF-8 arrive
    base64-encoded, as API Gateway sends a body it cannot pass as text."""
    event = copy.deepcopy(SAMPLE)
    path, _, query = path.partition("?")
    event.update(rawPath=path, routeKey=route_of(method, path)[1], body=json.dumps(body), isBase64Encoded=False)
    if query:  # API Gateway joins repeated names with commas
        pairs = parse_qsl(query, keep_blank_values=True)
        event.update(
            rawQueryString=query, queryStringParameters={k: ",".join(v for n, v in pairs if n == k) for k, _ in pairs}
        )
    if isinstance(raw, bytes):
        event.update(body=base64.b64encode(raw).decode(), isBase64Encoded=True)
    elif raw is not None:
        event["body"] = raw
    elif body is None:
        event.pop("body")
    event["requestContext"]["http"].update(method=method, path=path)
    if player is None:
        event["requestContext"].pop("authorizer")
    else:
        event["requestContext"]["authorizer"]["jwt"]["claims"]["sub"] = player
    return event


def http_functions() -> dict[str, Handler]:
    """Each HTTP function of the template, imported afresh (its own clients: one Lambda container each)."""
    return {name: fresh_handler(name) for name in sorted({route.function for route in http_routes()})}


def caller() -> Call:
    """Calls the HTTP API: each request goes to the function that serves its route."""
    handlers = http_functions()

    def send(
        method: str,
        path: str,
        player: str | None = "alice",
        body: Any = None,
        raw: str | bytes | None = None,
        headers: dict[str, str] | None = None,
        claims: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        event = http_event(method, path, player, body, raw)
        event["headers"].update(headers or {})
        if claims:
            event["requestContext"]["authorizer"]["jwt"]["claims"].update(claims)
        response = handlers[route_of(method, event["rawPath"])[0]](event, FakeLambdaContext())
        text = response.get("body")
        return response["statusCode"], json.loads(text) if text else None

    return send
