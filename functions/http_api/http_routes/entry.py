"""What every HTTP function does with a request, whichever routes it serves (party_api.py, lobby_api.py,
admin_api.py), in the order it happens: the body made JSON text, the `Idempotency-Key` replay, then the
middlewares (only the gateway's route, a body that is an object or none, the route's quota), then the route.

Only the route API Gateway chose is served (the event's `routeKey`). API Gateway routes on the encoded
path, where `%2F` stays inside one segment, and hands the function the path decoded. The resolver routes
again on that decoded path, so `PATCH /lobbies/x%2Fmembers%2Fme`, routed by API Gateway to
`PATCH /lobbies/{lobby_id}`, would set member attributes here. A request whose two routes differ is
answered like one whose path parameter holds what no id may hold (400), or, on the `$default` route,
like an unknown route (404): errors.py's not-found handler tells the two apart.

Every body failure becomes a JSON decode error, which the resolver's validation turns into the one 400
of the route's family.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterable
from typing import Any, cast

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver, Route
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2
from aws_lambda_powertools.utilities.typing import LambdaContext

from http_routes import errors
from http_routes.deps import token_subject
from http_routes.idempotency import Idempotency
from http_routes.route_table import ROUTES, takes_idempotency_key
from partylobby.bootstrap import Container, build_container
from partylobby.config import Settings
from partylobby.domain.limits import is_player_id
from partylobby.metrics import published

logger = Logger()  # the service name comes from POWERTOOLS_SERVICE_NAME
Handler = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]
Next = Callable[[ApiGatewayResolver], Response[Any]]


class HttpEntry:
    """A resolver over `routers`, with the services they use built at INIT."""

    def __init__(self, routers: Iterable[APIGatewayHttpRouter], services: Iterable[str]) -> None:
        self.container = build_container(Settings.from_env())
        self.container.preload(*services)
        self.app = APIGatewayHttpResolver(enable_validation=True, json_body_deserializer=parse)
        errors.register(self.app)
        # In this order: the quota is spent only on the gateway's route and for a body that is JSON (or none).
        self.app.use([only_the_gateways_route, checked_even_where_unread, spend_the_routes_quota])
        for router in routers:
            self.app.include_router(router)
        self.idempotency = Idempotency(self.container.table.client, self.container.table.name)

    def handle(self, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        """Every log line of a request carries its id (API Gateway's requestId), which the answer echoes."""
        self.app.append_context(container=self.container)
        event = as_json_text(event)
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


def only_the_gateways_route(app: ApiGatewayResolver, next_middleware: Next) -> Response[Any]:
    if app.current_event.get("routeKey") != route_key(app.context["_route"]):
        raise NotFoundError()
    return next_middleware(app)


def checked_even_where_unread(app: ApiGatewayResolver, next_middleware: Next) -> Response[Any]:
    """A route that takes no body still refuses one that is no JSON object: a body is an object or absent."""
    if app.current_event.body:
        try:
            app.current_event.json_body  # noqa: B018 - parsed for its refusal; the route ignores the value
        except json.JSONDecodeError as error:
            problem = {"type": "json_invalid", "loc": ("body", error.pos), "msg": "JSON decode error"}
            raise RequestValidationError([{**problem, "input": {}, "ctx": {"error": error.msg}}]) from None
    return next_middleware(app)


def spend_the_routes_quota(app: ApiGatewayResolver, next_middleware: Next) -> Response[Any]:
    """After only_the_gateways_route: the quota is spent on the route served (route_table.py)."""
    operation = ROUTES[route_key(app.context["_route"])].quota
    if operation is not None:
        player = token_subject(cast(APIGatewayProxyEventV2, app.current_event))
        if is_player_id(player):  # otherwise the route's identity dependency answers 401
            cast(Container, app.context["container"]).quotas.spend(str(player), operation)
    return next_middleware(app)


_PARAMETER = re.compile(r"<(\w+)>")


def route_key(route: Route) -> str:
    """`PATCH /lobbies/<lobby_id>` as the template writes it: `PATCH /lobbies/{lobby_id}`."""
    path = _PARAMETER.sub(r"{\1}", route.path)
    return f"{route.method} {path}"


def as_json_text(event: dict[str, Any]) -> dict[str, Any]:
    """The event with a JSON content type and a text body (plain `curl -d` sends a form type), whatever
    the client's Content-Type says.

    A body that is not UTF-8 keeps its undecodable bytes as lone surrogates, so that `parse` refuses
    it rather than the resolver failing to decode it.
    """
    headers = {k: v for k, v in (event.get("headers") or {}).items() if k.lower() != "content-type"}
    event = {**event, "headers": {**headers, "content-type": "application/json"}}
    if event.get("isBase64Encoded") and event.get("body"):
        try:
            raw = base64.b64decode(event["body"], validate=True)
        except (binascii.Error, ValueError):
            raw = str(event["body"]).encode()
        event = {**event, "body": raw.decode("utf-8", errors="surrogateescape"), "isBase64Encoded": False}
    return event


def parse(text: str) -> Any:
    """json.loads, refusing bodies that are not UTF-8, that nest deeper than the parser can follow, that
    hold an integer of more digits than Python converts (4,300), that hold a string no UTF-8 can carry
    (a lone surrogate written `\\ud800`), or that are neither one JSON object nor `null` (an array, a string,
    a number, a boolean). `null` is no body, as the document's optional bodies (`X | None`) say."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise json.JSONDecodeError("the body is not valid UTF-8", "", error.start) from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("the body nests too deeply", "", 0) from None
    except json.JSONDecodeError:
        raise
    except ValueError as error:  # an integer past the conversion limit
        raise json.JSONDecodeError(str(error), "", 0) from None
    if value is None:
        return None
    if not isinstance(value, dict):
        raise json.JSONDecodeError("the body must be a JSON object", "", 0)
    _refuse_lone_surrogates(value)
    return value


def _refuse_lone_surrogates(value: dict[str, Any]) -> None:
    """Every string of the body, keys too, as UTF-8: the one check for every field (a model's `str` would
    refuse a lone surrogate, but a union such as an attribute's value lets it through to the domain)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise json.JSONDecodeError("a string holds a lone surrogate, which is not Unicode text", "", 0) from None
    except RecursionError:
        raise json.JSONDecodeError("the body nests too deeply", "", 0) from None
