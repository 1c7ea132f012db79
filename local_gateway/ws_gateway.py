"""The WebSocket API: `$connect` behind the REQUEST authorizer, `$default` per message, `$disconnect` on close.

Each connection runs in its own thread; functions are invoked in-process through `LocalFunction`, which
serialises invocations per function. Pushes never take that path: the `@connections` API writes to the
socket directly, so a function that pushes while another waits for the WebSocket function cannot deadlock.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from dataclasses import dataclass
from fnmatch import fnmatchcase
from http import HTTPStatus
from typing import Any, TextIO, cast

from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

from local_gateway.connections import ConnectionRegistry, LiveConnection
from local_gateway.http_gateway import Function
from local_gateway.throttles import Throttles
from local_gateway.ws_events import (
    Upgrade,
    authorizer_event,
    connect_event,
    disconnect_event,
    message_event,
    new_id,
    route_authorizer,
)

MAX_MESSAGE_BYTES = 128 * 1024  # API Gateway's WebSocket message limit
UNSUPPORTED_DATA = 1003
ABNORMAL_CLOSURE = 1006
CLIENT_CLOSE_REASON = "Client-side close frame status code"  # API Gateway's wording


class Refusal(Exception):
    def __init__(self, status: HTTPStatus, headers: dict[str, str] | None = None) -> None:
        super().__init__(status.phrase)
        self.status = status
        self.headers = headers or {}  # what the function answered with its refusal (`Retry-After`)


@dataclass(frozen=True)
class WebSocketFunctions:
    authorizer: Function
    handler: Function


class GatewayConnection(ServerConnection):
    """A server connection that remembers what API Gateway keeps per connection."""

    upgrade: Upgrade
    authorizer: dict[str, Any]
    live: LiveConnection


def _allows(answer: dict[str, Any], method_arn: str) -> bool:
    """The IAM policy an authorizer returns: some Allow matches the route, and no Deny does."""
    effects = set()
    for statement in answer.get("policyDocument", {}).get("Statement", []):
        resources = statement.get("Resource", [])
        resources = [resources] if isinstance(resources, str) else resources
        if any(fnmatchcase(method_arn, resource) for resource in resources):
            effects.add(statement.get("Effect"))
    return "Allow" in effects and "Deny" not in effects


_FRAMING_HEADERS = frozenset({"content-type", "content-length", "connection", "transfer-encoding"})


def _refusal_response(refusal: Refusal) -> Response:
    """The refusal, with the headers the function answered (e.g. `Retry-After` on a 429) but the framing ones."""
    status = refusal.status
    body = json.dumps({"message": status.phrase}).encode()
    passed = [(str(k), str(v)) for k, v in refusal.headers.items() if str(k).lower() not in _FRAMING_HEADERS]
    headers = Headers(
        [*passed, ("Content-Type", "application/json"), ("Content-Length", str(len(body))), ("Connection", "close")]
    )
    return Response(status.value, status.phrase, headers, body)


def _http_status(code: int) -> HTTPStatus:
    try:
        return HTTPStatus(code)
    except ValueError:
        return HTTPStatus.BAD_GATEWAY


def _disconnect_status(connection: ServerConnection) -> tuple[int, str]:
    """`disconnectStatusCode` and `disconnectReason`: the code of whichever side closed first."""
    protocol = connection.protocol
    if protocol.close_rcvd_then_sent and protocol.close_rcvd:
        return protocol.close_rcvd.code, CLIENT_CLOSE_REASON
    if protocol.close_rcvd_then_sent is False and protocol.close_sent:
        return protocol.close_sent.code, protocol.close_sent.reason or "Server-side close"
    return ABNORMAL_CLOSURE, "Connection closed abnormally"


class WebSocketGateway:
    def __init__(
        self,
        functions: WebSocketFunctions,
        registry: ConnectionRegistry,
        stage: str,
        access_log: TextIO | None = sys.stderr,
        throttles: Throttles | None = None,
    ) -> None:
        self.functions = functions
        self.registry = registry
        self.stage = stage
        self.access_log = access_log
        self.throttles = throttles  # template.yaml's stage throttles ($connect, $default); None: none

    def process_response(self, connection: ServerConnection, request: Request, response: Response) -> Response | None:
        """After the upgrade request is found valid, before the 101 goes out: authorizer, then `$connect`."""
        if response.status_code != HTTPStatus.SWITCHING_PROTOCOLS:
            return None
        started = time.monotonic()
        headers = list(request.headers.raw_items())
        upgrade = Upgrade(new_id(), request.path, headers, self._source_ip(connection), self.stage)
        try:
            if self.throttles and not self.throttles.allow("$connect"):
                raise Refusal(HTTPStatus.TOO_MANY_REQUESTS)
            authorizer = self._authorize(upgrade)
            self._connect(upgrade, authorizer)
        except Refusal as refusal:
            self._log(f"$connect - {refusal.status.value}", started)
            return _refusal_response(refusal)
        self._open(cast(GatewayConnection, connection), upgrade, authorizer)
        self._log(f"$connect {upgrade.connection_id} 101", started)
        return None

    def handle(self, connection: ServerConnection) -> None:
        """The life of an open connection: `$default` per message, then `$disconnect`."""
        session = cast(GatewayConnection, connection)
        session.live.opened.set()
        try:
            for message in connection:
                session.live.touch()
                if isinstance(message, bytes):  # API Gateway accepts text frames only
                    connection.close(UNSUPPORTED_DATA, "Binary frames are not supported")
                    break
                self._message(session, message)
        except ConnectionClosed:
            pass  # a close without a proper handshake; $disconnect still runs
        finally:
            self.registry.discard(session.upgrade.connection_id)
            session.live.ended()
            self._disconnect(session)

    @staticmethod
    def _source_ip(connection: ServerConnection) -> str:
        address = connection.remote_address
        return str(address[0]) if isinstance(address, tuple) else "127.0.0.1"

    def _authorize(self, upgrade: Upgrade) -> dict[str, Any]:
        if not dict(upgrade.query).get("token"):  # the identity source is missing: no authorizer call
            raise Refusal(HTTPStatus.UNAUTHORIZED)
        started = time.monotonic()
        try:
            answer = self.functions.authorizer.invoke(authorizer_event(upgrade), new_id())
        except Exception as error:
            if str(error) == "Unauthorized":  # how a Lambda authorizer asks API Gateway for a 401
                raise Refusal(HTTPStatus.UNAUTHORIZED) from None
            traceback.print_exc()
            raise Refusal(HTTPStatus.INTERNAL_SERVER_ERROR) from None
        if not isinstance(answer, dict) or not _allows(answer, upgrade.method_arn):
            raise Refusal(HTTPStatus.FORBIDDEN)
        return route_authorizer(answer, int((time.monotonic() - started) * 1000))

    def _connect(self, upgrade: Upgrade, authorizer: dict[str, Any]) -> None:
        try:
            result = self.functions.handler.invoke(connect_event(upgrade, authorizer), new_id())
        except Exception:
            traceback.print_exc()
            raise Refusal(HTTPStatus.INTERNAL_SERVER_ERROR) from None
        status = int(result.get("statusCode", 200)) if isinstance(result, dict) else 200
        if not 200 <= status < 300:
            raise Refusal(_http_status(status), dict(result.get("headers") or {}))

    def _open(self, connection: GatewayConnection, upgrade: Upgrade, authorizer: dict[str, Any]) -> None:
        connection.upgrade = upgrade
        connection.authorizer = authorizer
        connection.live = LiveConnection(
            upgrade.connection_id, connection, upgrade.source_ip, upgrade.user_agent, transport=connection.socket
        )
        self.registry.add(connection.live)

    def _message(self, session: GatewayConnection, body: str) -> None:
        event = message_event(session.upgrade, session.authorizer, body)
        if self.throttles and not self.throttles.allow("$default"):  # API Gateway tells the client, drops it
            refused = {"message": "Too Many Requests", "connectionId": session.upgrade.connection_id}
            session.live.send(json.dumps({**refused, "requestId": event["requestContext"]["requestId"]}).encode())
            return
        try:
            self.functions.handler.invoke(event, event["requestContext"]["requestId"])
        except Exception:
            traceback.print_exc()
            failure = {"message": "Internal server error", "connectionId": session.upgrade.connection_id}
            session.live.send(json.dumps({**failure, "requestId": event["requestContext"]["requestId"]}).encode())

    def _disconnect(self, session: GatewayConnection) -> None:
        started = time.monotonic()
        code, reason = _disconnect_status(session)
        event = disconnect_event(session.upgrade, session.authorizer, code, reason)
        try:
            self.functions.handler.invoke(event, event["requestContext"]["requestId"])
        except Exception:
            traceback.print_exc()
        self._log(f"$disconnect {session.upgrade.connection_id} {code}", started)

    def _log(self, line: str, started: float) -> None:
        if self.access_log:
            elapsed_ms = (time.monotonic() - started) * 1000
            print(f"WS {line} {elapsed_ms:.0f}ms", file=self.access_log, flush=True)


def serve_websockets(gateway: WebSocketGateway, host: str, port: int) -> Server:
    """Bind now; the caller runs `serve_forever` in a thread and `shutdown` to stop."""
    return serve(
        gateway.handle,
        host,
        port,
        process_response=gateway.process_response,
        create_connection=GatewayConnection,
        compression=None,
        max_size=MAX_MESSAGE_BYTES,
        server_header="local-gateway",
    )
