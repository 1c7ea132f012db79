"""What the HTTP API and the @connections API share on the wire: the server, request framing, the response.

- A threaded server whose listen backlog holds a burst: socketserver's default of 5 reset 35 of 192
  connections when 32 clients connected at once.
- A method without a handler is 404 (API Gateway's HTTP API finds no route for it), an HTTP version of 2.0
  or more 400, like any malformed request line.
- A header line that does not parse (a bare CR, no colon, a folded line) is 400, never a head cut short.
- Framing that answers every malformed request instead of dropping the connection with a traceback: a
  Content-Length that is not one decimal number, or one sent with Transfer-Encoding: 400; a transfer coding
  other than chunked: 400 (chunked not last) or 501; a bad chunk: 400; a body over the server's limit: 413;
  a body that stops arriving: 408 after the read timeout. A request with neither header has no body
  (RFC 9112 6.3), which is how API Gateway takes it: `curl -X POST` without data is not refused with 411.
- Every response in one write, headers and body together, on a TCP_NODELAY socket: written apart, on a
  keep-alive connection the body waited for the client's delayed ACK of the headers (Nagle), about 40 ms.
- One read timeout (10 s) for an idle keep-alive connection and for a request that stops arriving: a
  handler thread never waits forever. A client that goes away is not an error worth a traceback.
"""

from __future__ import annotations

import re
import socket
import sys
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from local_gateway.events import HttpResponse

READ_TIMEOUT_SECONDS = 10.0
LISTEN_BACKLOG = 128  # the WebSocket port's too; the kernel caps it at net.core.somaxconn
MAX_LINE_BYTES = 8192  # a chunk-size or trailer line
MAX_TRAILER_LINES = 64
LINGER_SECONDS = 1.0  # after a refusal, how long unread request bytes are drained before closing
LINGER_MAX_BYTES = 16 * 1024 * 1024
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")


class FramingError(Exception):
    """A request whose body cannot be read as sent; answered with `status`, then the connection closes."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


class ThreadedServer(ThreadingHTTPServer):
    """One daemon thread per connection, a backlog of LISTEN_BACKLOG, and a read timeout per connection."""

    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[FramedHandler],
        read_timeout: float = READ_TIMEOUT_SECONDS,
    ) -> None:
        self.read_timeout = read_timeout
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):  # reset, broken pipe, a client that stopped reading
            return
        super().handle_error(request, client_address)


class FramedHandler(BaseHTTPRequestHandler):
    """Reads a request's body by its framing (`read_body`) and writes a response in one write (`send`)."""

    protocol_version = "HTTP/1.1"
    server_version = "local-gateway"
    sys_version = ""
    max_body_bytes = 1024 * 1024
    server: ThreadedServer
    _unread_input = False  # a refusal left request bytes unread: drain them before closing

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.read_timeout)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def error_response(self, status: HTTPStatus, message: str) -> HttpResponse:
        """The answer to a request refused before it reached the API; each server answers in its own shape."""
        return HttpResponse.json(status, {"message": message})

    def refuse(self, error: FramingError) -> HttpResponse:
        self.close_connection = True
        self._unread_input = True
        return self.error_response(error.status, str(error))

    def read_body(self) -> bytes:
        """The whole body as its framing says, or FramingError."""
        length = self._declared_length()
        return self._read_chunked() if length is None else self._read_exactly(length)

    def _declared_length(self) -> int | None:
        """The Content-Length, 0 without one, or None for a chunked body."""
        codings = [c.strip().lower() for c in ",".join(self.headers.get_all("transfer-encoding") or []).split(",")]
        lengths = self.headers.get_all("content-length") or []
        if codings != [""]:
            if lengths:
                raise FramingError(HTTPStatus.BAD_REQUEST, "Content-Length and Transfer-Encoding together")
            if codings[-1] != "chunked":
                raise FramingError(HTTPStatus.BAD_REQUEST, "Transfer-Encoding must end with chunked")
            if len(codings) > 1:
                raise FramingError(HTTPStatus.NOT_IMPLEMENTED, "Only the chunked transfer coding is supported")
            return None
        values = {value.strip() for value in ",".join(lengths).split(",")} if lengths else {"0"}
        value = values.pop()
        if values or not (value.isascii() and value.isdigit()):
            raise FramingError(HTTPStatus.BAD_REQUEST, "Content-Length must be one decimal number")
        if int(value) > self.max_body_bytes:
            raise FramingError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "Request Entity Too Large")
        return int(value)

    def _read_exactly(self, size: int) -> bytes:
        try:
            data = self.rfile.read(size)
        except TimeoutError:
            raise FramingError(HTTPStatus.REQUEST_TIMEOUT, "Request Timeout") from None
        if len(data) < size:
            raise FramingError(HTTPStatus.BAD_REQUEST, "The body ended before its length")
        return data

    def _read_line(self) -> bytes:
        try:
            line = self.rfile.readline(MAX_LINE_BYTES + 1)
        except TimeoutError:
            raise FramingError(HTTPStatus.REQUEST_TIMEOUT, "Request Timeout") from None
        if not line.endswith(b"\n"):
            raise FramingError(HTTPStatus.BAD_REQUEST, "Malformed chunked body")
        return line.rstrip(b"\r\n")

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while size := self._chunk_size(self._read_line()):
            total += size
            if total > self.max_body_bytes:
                raise FramingError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "Request Entity Too Large")
            chunks.append(self._read_exactly(size))
            if self._read_line():
                raise FramingError(HTTPStatus.BAD_REQUEST, "A chunk is longer than its size")
        for _ in range(MAX_TRAILER_LINES):  # trailers, up to the blank line
            if not self._read_line():
                return b"".join(chunks)
        raise FramingError(HTTPStatus.BAD_REQUEST, "Too many trailer lines")

    @staticmethod
    def _chunk_size(line: bytes) -> int:
        digits = line.split(b";", 1)[0].strip()  # chunk extensions are ignored
        if not _CHUNK_SIZE.fullmatch(digits):
            raise FramingError(HTTPStatus.BAD_REQUEST, "Bad chunk size")
        return int(digits, 16)

    def handle_expect_100(self) -> bool:
        """Refuse a body that would be refused anyway before the client sends it."""
        try:
            self._declared_length()
        except FramingError as error:
            self.send(self.refuse(error))
            return False
        return super().handle_expect_100()

    def send(self, response: HttpResponse) -> None:
        """Status line, headers and body in one write."""
        phrase = self.responses.get(response.status, ("",))[0]
        lines = [f"{self.protocol_version} {response.status} {phrase}", f"Server: {self.server_version}"]
        lines.append(f"Date: {self.date_time_string()}")
        lines.extend(f"{name}: {value}" for name, value in response.headers)
        if response.status != HTTPStatus.NO_CONTENT:  # RFC 9110 8.6: never on a 204
            lines.append(f"content-length: {len(response.body)}")
        if self.close_connection:
            lines.append("connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
        self.wfile.write(head if self.command == "HEAD" else head + response.body)

    def parse_request(self) -> bool:
        """The base class stops reading headers at a line it cannot parse (a bare CR, no colon) and drops every
        header after it, Content-Length included, which let one request smuggle another: such a head is 400,
        as is a header folded over lines (RFC 9112 5.2)."""
        if not super().parse_request():
            return False
        folded = any("\n" in value for value in self.headers.values())
        if self.headers.defects or self.headers.get_payload() or folded:
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad Request")
            return False
        return True

    def unsupported_method_response(self) -> HttpResponse:
        """A method this server has no handler for (`TRACE`, `FOO`, a lowercase `get`): API Gateway's HTTP API
        finds no route for it."""
        return HttpResponse.json(HTTPStatus.NOT_FOUND, {"message": "Not Found"})

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The base class's own refusals: a bad request line, headers too long, a method it has no `do_` for
        (its only 501), an HTTP version of 2.0 or more (its only 505; API Gateway takes it as a bad request)."""
        self.close_connection = True
        self._unread_input = True  # a body may follow
        if code == HTTPStatus.NOT_IMPLEMENTED:
            self.send(self.unsupported_method_response())
            return
        if code == HTTPStatus.HTTP_VERSION_NOT_SUPPORTED:
            code, message = HTTPStatus.BAD_REQUEST, None
        status = HTTPStatus(code)
        self.send(self.error_response(status, message or status.phrase))

    def handle(self) -> None:
        super().handle()
        if self._unread_input:
            self._linger()

    def _linger(self) -> None:
        """Closing a socket with unread input resets it, and the reset can overtake the refusal just sent."""
        deadline = time.monotonic() + LINGER_SECONDS
        drained = 0
        try:
            self.connection.shutdown(socket.SHUT_WR)
            while drained < LINGER_MAX_BYTES and (left := deadline - time.monotonic()) > 0:
                self.connection.settimeout(left)
                if not (data := self.connection.recv(65536)):
                    return
                drained += len(data)
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: idle keep-alive timeouts and refusals are normal; the HTTP gateway logs each request itself."""
