"""The HTTP API: local routes, then the template's routes behind the JWT authorizer, served over real sockets."""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from local_gateway.events import HttpRequest, HttpResponse, build_event, new_request_id, to_response
from local_gateway.http_framing import READ_TIMEOUT_SECONDS, FramedHandler, FramingError, ThreadedServer
from local_gateway.routing import Match, RouteTable
from local_gateway.throttles import Throttles
from partylobby.auth import TokenVerifier, bearer_token
from partylobby.claims import Unauthorized

# API Gateway's HTTP API payload quota (10 MB): a body the deployed API takes reaches the function here too.
MAX_BODY_BYTES = 10 * 1024 * 1024
LocalRoute = Callable[[HttpRequest], HttpResponse]


class Function(Protocol):
    def invoke(self, event: dict[str, Any], request_id: str) -> Any: ...


def not_found() -> HttpResponse:
    return HttpResponse.json(404, {"message": "Not Found"})


def internal_error() -> HttpResponse:
    return HttpResponse.json(500, {"message": "Internal Server Error"})


def too_many_requests() -> HttpResponse:
    """What API Gateway answers when a stage throttle refuses a request."""
    return HttpResponse.json(429, {"message": "Too Many Requests"})


def unauthorized(reason: str) -> HttpResponse:
    return HttpResponse.json(401, {"err_code": Unauthorized.err_code, "msg": reason}, [("www-authenticate", "Bearer")])


@dataclass(frozen=True)
class Gateway:
    routes: RouteTable
    functions: Mapping[str, Function]
    verifier: TokenVerifier
    local_routes: Mapping[tuple[str, str], LocalRoute]
    throttles: Throttles | None = None  # template.yaml's stage throttles; None: none

    def handle(self, request: HttpRequest) -> HttpResponse:
        local = self.local_routes.get((request.method, request.raw_path))
        if local is not None:
            return local(request)
        match = self.routes.match(request.method, request.raw_path)
        if match is None:
            return not_found()
        if self.throttles and not self.throttles.allow(match.route.route_key):
            return too_many_requests()
        if match.route.public:
            return self._integrate(request, match, None)
        try:
            claims = self.verifier.verify(bearer_token(request.header("authorization")))
        except Unauthorized as refusal:
            return unauthorized(refusal.msg)
        return self._integrate(request, match, claims)

    def _integrate(self, request: HttpRequest, match: Match, claims: dict[str, Any] | None) -> HttpResponse:
        request_id = new_request_id()
        event = build_event(request, match, claims, request_id)
        try:
            result = self.functions[match.route.function].invoke(event, request_id)
            return to_response(result, request_id)
        except Exception:  # what API Gateway answers when the integration fails
            traceback.print_exc()
            return internal_error()


class _Handler(FramedHandler):
    max_body_bytes = MAX_BODY_BYTES
    server: GatewayServer

    def _serve(self) -> None:
        started = time.monotonic()
        try:
            response = self._respond(self.read_body())
        except FramingError as error:
            response = self.refuse(error)
        self.send(response)
        self._log_access(response.status, started)

    def _respond(self, body: bytes) -> HttpResponse:
        try:
            return self.server.gateway.handle(self._request(body))
        except Exception:
            traceback.print_exc()
            return internal_error()

    def _log_access(self, status: int, started: float) -> None:
        if self.server.access_log:
            elapsed_ms = (time.monotonic() - started) * 1000
            path = self.path.partition("?")[0]  # query strings may carry secrets; keep them out of the log
            # One write per line: print() writes the line and its end apart, and threads interleave them.
            self.server.access_log.write(f"{self.command} {path} {status} {elapsed_ms:.0f}ms\n")
            self.server.access_log.flush()

    def _request(self, body: bytes) -> HttpRequest:
        return HttpRequest(
            method=self.command,
            target=self.path,
            headers=list(self.headers.items()),
            body=body,
            source_ip=self.client_address[0],
            protocol=self.request_version,
        )

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve  # noqa: N815 - the base class's names


class GatewayServer(ThreadedServer):
    def __init__(
        self,
        address: tuple[str, int],
        gateway: Gateway,
        access_log: TextIO | None = sys.stderr,
        read_timeout: float = READ_TIMEOUT_SECONDS,
    ) -> None:
        self.gateway = gateway
        self.access_log = access_log
        super().__init__(address, _Handler, read_timeout)
