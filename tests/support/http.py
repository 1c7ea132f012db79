"""Calling the HTTP function in-process with events as API Gateway builds them (service tier)."""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from typing import Any

from tests.support.lambdas import EVENTS_DIR, FakeLambdaContext, fresh_handler, load

Call = Callable[..., tuple[int, Any]]
SAMPLE = load(EVENTS_DIR / "http_api_create_party.json")


def http_event(
    method: str, path: str, player: str | None, body: Any = None, raw: str | bytes | None = None
) -> dict[str, Any]:
    """The sample event re-aimed (route keys matter only to the gateway). Bytes that are not UTF-8
    arrive base64-encoded, as API Gateway sends a body it cannot pass as text."""
    event = copy.deepcopy(SAMPLE)
    event.update(rawPath=path, routeKey=f"{method} {path}", body=json.dumps(body), isBase64Encoded=False)
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


def caller() -> Call:
    handler = fresh_handler("HttpApiFunction")

    def send(
        method: str, path: str, player: str | None = "alice", body: Any = None, raw: str | bytes | None = None
    ) -> tuple[int, Any]:
        response = handler(http_event(method, path, player, body, raw), FakeLambdaContext())
        text = response.get("body")
        return response["statusCode"], json.loads(text) if text else None

    return send
