"""Request bodies as the resolver reads them: UTF-8 JSON, whatever the client's Content-Type says.

Every failure becomes a JSON decode error, which the resolver's validation turns into the one 400 of
the route's family; nothing here ever raises anything else.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError


def as_json_text(event: dict[str, Any]) -> dict[str, Any]:
    """The event with a JSON content type and a text body (plain `curl -d` sends a form type).

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


def checked_even_where_unread(app: ApiGatewayResolver, next_middleware: Callable[..., Response[Any]]) -> Response[Any]:
    """A route that takes no body still refuses one that is no JSON object: a body is an object or absent."""
    if app.current_event.body:
        try:
            app.current_event.json_body  # noqa: B018 - parsed for its refusal; the route ignores the value
        except json.JSONDecodeError as error:
            problem = {"type": "json_invalid", "loc": ("body", error.pos), "msg": "JSON decode error"}
            raise RequestValidationError([{**problem, "input": {}, "ctx": {"error": error.msg}}]) from None
    return next_middleware(app)
