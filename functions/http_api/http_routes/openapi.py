"""The OpenAPI document as the API really answers: what powertools generates from the routes, then, in this one
place, the refusals each route can answer in the `{err_code, msg}` shape, no body on 204, and no 422.

Powertools lists a 422 on every route (its validation status); errors.py answers 400 instead, so 422 goes.
Which refusals a route can answer, and whether it takes an `Idempotency-Key`, route_table.py says;
tests/service/test_openapi_truth.py holds them to the services.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

from http_routes import idempotency
from http_routes.route_table import LOBBY, ROUTES

Document = dict[str, Any]
SECURITY_SCHEME = "playerJwt"
ERROR = "Error"
GATEWAY_MESSAGE = "GatewayMessage"
# Powertools' own validation answers (422), which errors.py turns into 400s.
UNUSED_SCHEMAS = ("HTTPValidationError", "ValidationError", "ResponseValidationError")

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

DESCRIPTIONS: Mapping[HTTPStatus, str] = {
    HTTPStatus.BAD_REQUEST: "Invalid parameters or body (the err_code of the route's family: kBackendInvalidParams, "
    "EOS_InvalidParameters), or an Idempotency-Key used with another request",
    HTTPStatus.UNAUTHORIZED: "No valid bearer token (kBackendUnauthorized); API Gateway's own JWT authorizer "
    'answers {"message": "Unauthorized"}',
    HTTPStatus.FORBIDDEN: "Refused by the party or lobby rules (not a member, not the leader or owner, not allowed "
    "to join or invite, a block between players), or an admin route without the admin claim",
    HTTPStatus.NOT_FOUND: "No such party, lobby or invite, or none the caller may see",
    HTTPStatus.CONFLICT: "The state refuses the change (already in a party, full, a limit reached), or concurrent "
    "changes kept winning (…ConcurrentModification: retry)",
    HTTPStatus.TOO_MANY_REQUESTS: "Over the player's quota of this operation (kBackendTooManyRequests, "
    'EOS_TooManyRequests, with Retry-After), or API Gateway\'s stage throttle ({"message": "Too Many Requests"})',
    HTTPStatus.INTERNAL_SERVER_ERROR: "An unexpected error (kBackendInternalError, EOS_UnexpectedError), or API "
    'Gateway\'s when the function fails ({"message": "Internal Server Error"})',
}
# What API Gateway itself may answer in its own shape, before or instead of the function.
GATEWAY_ANSWERS = frozenset({HTTPStatus.UNAUTHORIZED, HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.INTERNAL_SERVER_ERROR})

TAGS: Mapping[str, str] = {
    "Party": "PGOS Party: parties, invitations, members, custom data, chat",
    "Social": "Friends and blocks",
    "Lobby": "EOS Lobby: lobbies, members, attributes, search, invites",
    "Session": "Logout",
    "Admin": "Party history for the portal (an admin token)",
}

SCHEMAS: Mapping[str, Any] = {
    ERROR: {
        "title": ERROR,
        "description": "Every refusal of the API: a stable err_code (PGOS kBackend… on party and social routes, "
        "EOS_… on lobby routes) and a message for people",
        "type": "object",
        "properties": {"err_code": {"type": "string"}, "msg": {"type": "string"}},
        "required": ["err_code", "msg"],
        "additionalProperties": False,
    },
    GATEWAY_MESSAGE: {
        "title": GATEWAY_MESSAGE,
        "description": "What API Gateway answers itself (throttled, unauthorized, integration failed)",
        "type": "object",
        "properties": {"message": {"type": "string"}},
        "required": ["message"],
    },
}


def document(app: APIGatewayHttpResolver, title: str, version: str) -> Document:
    """The resolver's OpenAPI document, bearer auth on every route, made truthful."""
    generated = app.get_openapi_json_schema(
        title=title,
        version=version,
        security_schemes={SECURITY_SCHEME: HTTPBearer(bearerFormat="JWT")},
        security=[{SECURITY_SCHEME: []}],
    )
    return truthful(json.loads(generated))


def truthful(generated: Document) -> Document:
    result = copy.deepcopy(generated)
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            _answer_truthfully(method, path, operation)
    _exact_int64_bounds(result)
    result["tags"] = [{"name": name, "description": description} for name, description in TAGS.items()]
    components = result.setdefault("components", {})
    schemas = {k: v for k, v in components.get("schemas", {}).items() if k not in UNUSED_SCHEMAS}
    components["schemas"] = {**schemas, **copy.deepcopy(dict(SCHEMAS))}
    components["responses"] = {_response_name(status): _error_response(status) for status in DESCRIPTIONS}
    return result


IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "A retry with the same key answers the first result (for an hour); the same key with another "
    "body is refused (400), and one arriving while the first still runs is 409",
    "schema": {"type": "string", "minLength": 1, "maxLength": idempotency.KEY_MAX_CHARS},
}


def _answer_truthfully(method: str, path: str, operation: Document) -> None:
    route = ROUTES[f"{method.upper()} {path}"]
    if route.idempotent:
        operation["parameters"] = [*operation.get("parameters", []), dict(IDEMPOTENCY_KEY)]
    responses: Document = operation.setdefault("responses", {})
    responses.pop(str(HTTPStatus.UNPROCESSABLE_ENTITY.value), None)
    if str(HTTPStatus.NO_CONTENT.value) in responses:
        responses[str(HTTPStatus.NO_CONTENT.value)] = {"description": "Done: no body"}
    operation.setdefault("tags", [_tag(path, lobby=route.family is LOBBY)])
    for status in sorted(route.refusals):
        responses[str(status.value)] = {"$ref": f"#/components/responses/{_response_name(status)}"}


def _response_name(status: HTTPStatus) -> str:
    return status.phrase.replace(" ", "")  # NotFound, TooManyRequests...


def _error_response(status: HTTPStatus) -> Document:
    error = {"$ref": f"#/components/schemas/{ERROR}"}
    if status in GATEWAY_ANSWERS:
        schema: Document = {"anyOf": [error, {"$ref": f"#/components/schemas/{GATEWAY_MESSAGE}"}]}
    else:
        schema = error
    response: Document = {"description": DESCRIPTIONS[status], "content": {"application/json": {"schema": schema}}}
    if status is HTTPStatus.TOO_MANY_REQUESTS:
        retry_after = {"description": "Seconds until the quota's window frees", "schema": {"type": "integer"}}
        response["headers"] = {"Retry-After": retry_after}
    return response


def _exact_int64_bounds(node: Any) -> None:
    """`format: int64` integers get their bounds written exactly: powertools keeps a schema's bounds as doubles,
    and 2**63 - 1 is no double (it would become 2**63, one past the range)."""
    if isinstance(node, dict):
        if node.get("type") == "integer" and node.get("format") == "int64":
            node.update(minimum=INT64_MIN, maximum=INT64_MAX)
        for value in node.values():
            _exact_int64_bounds(value)
    elif isinstance(node, list):
        for item in node:
            _exact_int64_bounds(item)


def _tag(path: str, lobby: bool) -> str:
    segments = path.strip("/").split("/")
    if lobby:
        return "Lobby"
    if segments[0] in ("admin", "portal"):
        return "Admin"
    if segments[:2] in (["me", "friends"], ["me", "blocks"]):
        return "Social"
    return "Session" if segments[:2] == ["me", "session"] else "Party"
