"""API Gateway HTTP API payload format 2.0: the event a request becomes, and the response a result becomes."""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote

from local_gateway.routing import Match

ACCOUNT_ID = "123456789012"
API_ID = "local"
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript", "+json", "+xml")


@dataclass(frozen=True)
class HttpRequest:
    method: str
    target: str  # path and query string, as on the request line
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    source_ip: str = "127.0.0.1"
    protocol: str = "HTTP/1.1"

    @property
    def raw_path(self) -> str:
        return self.target.partition("?")[0] or "/"

    @property
    def raw_query(self) -> str:
        return self.target.partition("?")[2]

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        return ",".join(values) if values else None


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    @classmethod
    def json(cls, status: int, payload: Any, headers: list[tuple[str, str]] | None = None) -> HttpResponse:
        body = json.dumps(payload, separators=(",", ":")).encode()
        return cls(status, [("content-type", "application/json"), *(headers or [])], body)


def new_request_id() -> str:
    return base64.b64encode(secrets.token_bytes(12)).decode()


def api_gateway_claims(claims: Mapping[str, Any]) -> dict[str, str]:
    """The JWT authorizer passes every claim on as a string; a list becomes `[a b]`."""
    return {name: _claim_text(value) for name, value in claims.items()}


def _claim_text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list | tuple):
        return "[" + " ".join(_claim_text(item) for item in value) + "]"
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _headers_and_cookies(request: HttpRequest) -> tuple[dict[str, str], list[str]]:
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in request.headers:
        key = name.lower()
        if key == "cookie":
            cookies.extend(c.strip() for c in value.split(";") if c.strip())
        else:
            headers[key] = f"{headers[key]},{value}" if key in headers else value
    headers.setdefault("x-forwarded-for", request.source_ip)
    headers.setdefault("x-forwarded-proto", "http")
    headers.setdefault("x-amzn-trace-id", f"Root=1-{int(time.time()):08x}-{secrets.token_hex(12)}")
    return headers, cookies


def _query_parameters(raw_query: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, value in parse_qsl(raw_query, keep_blank_values=True):
        params[name] = f"{params[name]},{value}" if name in params else value
    return params


def _body(request: HttpRequest, content_type: str | None) -> tuple[str | None, bool]:
    if not request.body:
        return None, False
    if content_type is None or any(t in content_type.lower() for t in _TEXT_TYPES):
        try:
            return request.body.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(request.body).decode(), True


def build_event(
    request: HttpRequest, match: Match, claims: Mapping[str, Any] | None, request_id: str
) -> dict[str, Any]:
    headers, cookies = _headers_and_cookies(request)
    body, encoded = _body(request, headers.get("content-type"))
    path = unquote(request.raw_path)
    now = time.time()
    host = headers.get("host", "localhost").split(":")[0]
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": match.route.route_key,
        "rawPath": path,
        "rawQueryString": request.raw_query,
        "headers": headers,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": API_ID,
            "domainName": host,
            "domainPrefix": host.split(".")[0],
            "http": {
                "method": request.method,
                "path": path,
                "protocol": request.protocol,
                "sourceIp": request.source_ip,
                "userAgent": headers.get("user-agent", ""),
            },
            "requestId": request_id,
            "routeKey": match.route.route_key,
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": encoded,
    }
    if claims is not None:
        event["requestContext"]["authorizer"] = {"jwt": {"claims": api_gateway_claims(claims), "scopes": None}}
    optional = {
        "cookies": cookies,
        "queryStringParameters": _query_parameters(request.raw_query),
        "pathParameters": match.path_parameters,
        "body": body,
    }
    event.update({name: value for name, value in optional.items() if value})
    return event


def to_response(result: Any, request_id: str) -> HttpResponse:
    """A handler's result as API Gateway answers it; anything but a `statusCode` dict is a JSON 200 body."""
    if not (isinstance(result, dict) and "statusCode" in result):
        return HttpResponse.json(200, result, [("apigw-requestid", request_id)])
    headers = [(str(k).lower(), str(v)) for k, v in (result.get("headers") or {}).items()]
    headers += [("set-cookie", str(cookie)) for cookie in result.get("cookies") or []]
    headers.append(("apigw-requestid", request_id))
    body = result.get("body") or ""
    raw = base64.b64decode(body) if result.get("isBase64Encoded") else str(body).encode()
    return HttpResponse(int(result["statusCode"]), headers, raw)
