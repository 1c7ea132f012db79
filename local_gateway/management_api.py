"""The `@connections` management API of the WebSocket API, as boto3's `apigatewaymanagementapi` calls it.

`POST /{stage}/@connections/{id}` queues the body for that socket (connections.py: posting never waits for
the client), `GET` describes it, `DELETE` closes it. A connection that is unknown or closed answers 410
GoneException, which moto never raises.
"""

from __future__ import annotations

import time
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote

from local_gateway.connections import ConnectionRegistry, LiveConnection
from local_gateway.events import HttpResponse
from local_gateway.http_framing import READ_TIMEOUT_SECONDS, FramedHandler, FramingError, ThreadedServer

MAX_POST_BYTES = 128 * 1024  # API Gateway's WebSocket message limit
MAX_READ_BYTES = 1024 * 1024  # a body over this is refused unread, and the connection closed
DELETED_CLOSE_REASON = "Connection deleted through the @connections API"


def aws_error(status: HTTPStatus, error_type: str, message: str) -> HttpResponse:
    """An error botocore maps to `client.exceptions.<error_type>` (rest-json reads the header)."""
    return HttpResponse.json(status, {"message": message}, [("x-amzn-errortype", error_type)])


def gone(connection_id: str) -> HttpResponse:
    return aws_error(HTTPStatus.GONE, "GoneException", f"connection {connection_id} is gone")


def iso_time(epoch_seconds: float) -> str:
    millis = int(epoch_seconds * 1000) % 1000
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch_seconds)) + f".{millis:03d}Z"


def describe(connection: LiveConnection) -> dict[str, Any]:
    return {
        "connectedAt": iso_time(connection.connected_at),
        "identity": {"sourceIp": connection.source_ip, "userAgent": connection.user_agent},
        "lastActiveAt": iso_time(connection.last_active_at),
    }


class ManagementApi:
    def __init__(self, registry: ConnectionRegistry, stage: str) -> None:
        self.registry = registry
        self.prefix = f"/{stage}/@connections/"

    def handle(self, method: str, path: str, body: bytes) -> HttpResponse:
        raw_path = path.partition("?")[0]
        encoded_id = raw_path.removeprefix(self.prefix)
        if not raw_path.startswith(self.prefix) or not encoded_id or "/" in encoded_id:
            return aws_error(HTTPStatus.FORBIDDEN, "ForbiddenException", "Missing Authentication Token")
        connection_id = unquote(encoded_id)
        connection = self.registry.get(connection_id)
        if connection is not None and connection.closed:  # cut off, or found closed by its writer
            self.registry.discard(connection_id)
            connection = None
        if connection is None:
            return gone(connection_id)
        if method == "POST":
            return self._post(connection, body)
        if method == "GET":
            return HttpResponse.json(HTTPStatus.OK, describe(connection))
        if method == "DELETE":
            return self._delete(connection)
        return aws_error(HTTPStatus.FORBIDDEN, "ForbiddenException", "Missing Authentication Token")

    def _post(self, connection: LiveConnection, body: bytes) -> HttpResponse:
        if len(body) > MAX_POST_BYTES:
            return aws_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "PayloadTooLargeException", "Message too long")
        if not connection.send(body):
            self.registry.discard(connection.connection_id)
            return gone(connection.connection_id)
        return HttpResponse(HTTPStatus.OK)

    def _delete(self, connection: LiveConnection) -> HttpResponse:
        """Gone at once for posts; the socket closes after what was posted before (a last notice arrives first).
        The close handshake runs on the connection's writer: the caller, often a function mid-invocation,
        never waits for the client."""
        self.registry.discard(connection.connection_id)
        connection.close_after_queued(1000, DELETED_CLOSE_REASON)
        return HttpResponse(HTTPStatus.NO_CONTENT)


class _Handler(FramedHandler):
    # Read whole up to here, so that a post over MAX_POST_BYTES gets the API's own 413 on a connection kept open.
    max_body_bytes = MAX_READ_BYTES
    server: ManagementServer

    def error_response(self, status: HTTPStatus, message: str) -> HttpResponse:
        error_type = (
            "PayloadTooLargeException" if status == HTTPStatus.REQUEST_ENTITY_TOO_LARGE else "BadRequestException"
        )
        return aws_error(status, error_type, message)

    def unsupported_method_response(self) -> HttpResponse:
        return aws_error(HTTPStatus.FORBIDDEN, "ForbiddenException", "Missing Authentication Token")

    def _serve(self) -> None:
        try:
            response = self.server.api.handle(self.command, self.path, self.read_body())
        except FramingError as error:
            response = self.refuse(error)
        self.send(response)

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _serve  # noqa: N815 - the base class's names


class ManagementServer(ThreadedServer):
    def __init__(
        self,
        address: tuple[str, int],
        registry: ConnectionRegistry,
        stage: str,
        read_timeout: float = READ_TIMEOUT_SECONDS,
    ) -> None:
        self.api = ManagementApi(registry, stage)
        self.stage = stage
        super().__init__(address, _Handler, read_timeout)

    @property
    def endpoint(self) -> str:
        """WS_MANAGEMENT_ENDPOINT: what boto3 takes as endpoint_url."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/{self.stage}"
