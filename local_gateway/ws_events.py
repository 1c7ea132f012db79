"""API Gateway WebSocket API payloads: the REQUEST authorizer event, `$connect`, `$default`, `$disconnect`.

The shapes follow what API Gateway sends (see events/ws_*.json); the scheduled event is EventBridge's.
"""

from __future__ import annotations

import base64
import secrets
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from local_gateway.events import ACCOUNT_ID
from local_gateway.lambdas import REGION

WS_API_ID = "localws"
HOP_BY_HOP = frozenset({"connection", "upgrade"})  # API Gateway does not pass these on


def new_id() -> str:
    """An id in API Gateway's style (connection, request, message ids): 16 base64url characters ending in `=`."""
    return base64.urlsafe_b64encode(secrets.token_bytes(11)).decode()


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass(frozen=True)
class Upgrade:
    """The WebSocket upgrade request as API Gateway keeps it for the life of the connection."""

    connection_id: str
    target: str  # path and query string, as on the request line
    headers: list[tuple[str, str]]
    source_ip: str
    stage: str
    connected_at_ms: int = field(default_factory=now_ms)

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        return values[-1] if values else None

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(self.target.partition("?")[2], keep_blank_values=True)

    @property
    def user_agent(self) -> str:
        return self.header("user-agent") or ""

    @property
    def host(self) -> str:
        return self.header("host") or "localhost"

    @property
    def method_arn(self) -> str:
        return f"arn:aws:execute-api:{REGION}:{ACCOUNT_ID}:{WS_API_ID}/{self.stage}/$connect"


def _request_time(epoch_ms: int) -> str:
    return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(epoch_ms / 1000))


def _request_context(upgrade: Upgrade, route_key: str, event_type: str) -> dict[str, Any]:
    request_id, received = new_id(), now_ms()
    return {
        "extendedRequestId": request_id,
        "requestTime": _request_time(received),
        "stage": upgrade.stage,
        "connectedAt": upgrade.connected_at_ms,
        "requestTimeEpoch": received,
        "identity": {"sourceIp": upgrade.source_ip, "userAgent": upgrade.user_agent},
        "requestId": request_id,
        "domainName": upgrade.host.split(":")[0],
        "connectionId": upgrade.connection_id,
        "apiId": WS_API_ID,
        "routeKey": route_key,
        "eventType": event_type,
        "messageDirection": "IN",
    }


def _multi(pairs: list[tuple[str, str]]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """REST-style parameters: the last value of each name, and every value."""
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for name, value in pairs:
        single[name] = value
        multi.setdefault(name, []).append(value)
    return single, multi


def _forwarded_headers(upgrade: Upgrade) -> list[tuple[str, str]]:
    port = upgrade.host.rpartition(":")[2] if ":" in upgrade.host else "80"
    added = {
        "X-Amzn-Trace-Id": f"Root=1-{int(time.time()):08x}-{secrets.token_hex(12)}",
        "X-Forwarded-For": upgrade.source_ip,
        "X-Forwarded-Port": port,
        "X-Forwarded-Proto": "http",
    }
    kept = [(name, value) for name, value in upgrade.headers if name.lower() not in HOP_BY_HOP]
    present = {name.lower() for name, _ in kept}
    return [*kept, *((k, v) for k, v in added.items() if k.lower() not in present)]


def _connect_parts(upgrade: Upgrade) -> dict[str, Any]:
    headers, multi_headers = _multi(_forwarded_headers(upgrade))
    parts: dict[str, Any] = {"headers": headers, "multiValueHeaders": multi_headers}
    if upgrade.query:
        query, multi_query = _multi(upgrade.query)
        parts |= {"queryStringParameters": query, "multiValueQueryStringParameters": multi_query}
    return parts


def authorizer_event(upgrade: Upgrade) -> dict[str, Any]:
    return {
        "type": "REQUEST",
        "methodArn": upgrade.method_arn,
        **_connect_parts(upgrade),
        "stageVariables": {},
        "requestContext": _request_context(upgrade, "$connect", "CONNECT"),
    }


def route_authorizer(answer: dict[str, Any], latency_ms: int) -> dict[str, Any]:
    """`requestContext.authorizer` of every route of the connection: the authorizer's context and principal."""
    return {**(answer.get("context") or {}), "principalId": answer["principalId"], "integrationLatency": latency_ms}


def connect_event(upgrade: Upgrade, authorizer: dict[str, Any]) -> dict[str, Any]:
    context = _request_context(upgrade, "$connect", "CONNECT") | {"authorizer": authorizer}
    return {**_connect_parts(upgrade), "requestContext": context, "isBase64Encoded": False}


def message_event(upgrade: Upgrade, authorizer: dict[str, Any], body: str) -> dict[str, Any]:
    context = _request_context(upgrade, "$default", "MESSAGE") | {"messageId": new_id(), "authorizer": authorizer}
    return {"requestContext": context, "body": body, "isBase64Encoded": False}


def disconnect_event(upgrade: Upgrade, authorizer: dict[str, Any], code: int, reason: str) -> dict[str, Any]:
    context = _request_context(upgrade, "$disconnect", "DISCONNECT") | {
        "disconnectStatusCode": code,
        "disconnectReason": reason,
        "authorizer": authorizer,
    }
    host = upgrade.host
    return {
        "headers": {"Host": host},
        "multiValueHeaders": {"Host": [host]},
        "requestContext": context,
        "isBase64Encoded": False,
    }


def scheduled_event(rule_name: str) -> dict[str, Any]:
    """What an EventBridge schedule rule hands its target."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT_ID,
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "region": REGION,
        "resources": [f"arn:aws:events:{REGION}:{ACCOUNT_ID}:rule/{rule_name}"],
        "detail": {},
    }
