"""The HTTP API and the @connections API on the wire, over raw sockets: bursts, keep-alive, malformed framing.

One stack of this module's own, with a 1 s read timeout so that stalled requests are answered quickly.
"""

from __future__ import annotations

import http.client
import json
import re
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from local_gateway.http_gateway import MAX_BODY_BYTES
from local_gateway.management_api import MAX_READ_BYTES
from tests.e2e.conftest import RunningStack, start_stack, stop, wait_until_ready

pytestmark = pytest.mark.e2e
READ_TIMEOUT = 1.0
ANSWER_SECONDS = 0.5  # a refusal that does not wait for the read timeout
CLIENTS, ROUNDS = 32, 6
Address = tuple[str, int]


@dataclass(frozen=True)
class Server:
    name: str
    address: Address
    path: str  # a path that answers with a body: 200 on the HTTP API, 410 (gone) on the @connections API
    status: int
    body: bytes

    def request(self, *headers: str, body: bytes = b"") -> bytes:
        lines = [f"POST {self.path} HTTP/1.1", f"Host: {self.address[0]}", *headers]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


@dataclass(frozen=True)
class Framing:
    running: RunningStack
    url: str
    http: Server
    management: Server

    def servers(self) -> tuple[Server, Server]:
        return self.http, self.management


def address_of(url: str) -> Address:
    parts = urlsplit(url)
    assert parts.hostname and parts.port, url
    return parts.hostname, parts.port


@pytest.fixture(scope="module")
def framing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Framing]:
    log: Path = tmp_path_factory.mktemp("framing") / "stack.log"
    running = start_stack(log, secrets.token_urlsafe(32), "--read-timeout-seconds", str(READ_TIMEOUT))
    url = wait_until_ready(running)
    found = re.search(r"@connections API at (\S+)\)", running.output())
    assert found, running.output()
    stage = found.group(1)
    http = Server("http", address_of(url), "/dev/token", 200, b'{"player_id": "framing"}')
    gone = Server("management", address_of(stage), f"{urlsplit(stage).path}/@connections/nobody", 410, b"{}")
    yield Framing(running, url, http, gone)
    assert stop(running) == 0, running.output()


@pytest.fixture(params=["http", "management"])
def server(request: pytest.FixtureRequest, framing: Framing) -> Server:
    chosen: Server = getattr(framing, request.param)
    return chosen


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float  # from the last byte sent to the server's close
    closed: bool


def exchange(address: Address, data: bytes, half_close: bool = False, wait: float = 10.0) -> Answer:
    """Send raw bytes and read until the server closes the connection (or `wait` passes)."""
    with socket.create_connection(address, timeout=wait) as conn:
        conn.sendall(data)
        if half_close:
            conn.shutdown(socket.SHUT_WR)
        started, received, closed = time.monotonic(), b"", False
        try:
            while chunk := conn.recv(65536):
                received += chunk
            closed = True
        except TimeoutError:
            pass
        return parse(received, time.monotonic() - started, closed)


def parse(received: bytes, seconds: float, closed: bool) -> Answer:
    if not received:
        return Answer(0, {}, b"", seconds, closed)
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return Answer(int(status_line.split()[1]), headers, body, seconds, closed)


def assert_refused(answer: Answer, status: int, server: Server) -> None:
    """Answered at once with `status` in the server's own error shape, then the connection closed."""
    assert answer.status == status, answer
    assert answer.closed and answer.headers.get("connection") == "close", answer
    assert int(answer.headers["content-length"]) == len(answer.body)
    assert json.loads(answer.body)["message"]
    if server.name == "management":  # botocore reads the error type from this header
        assert answer.headers["x-amzn-errortype"].endswith("Exception"), answer


def chunked(*lines: str) -> tuple[str, ...]:
    return ("Transfer-Encoding: chunked", *lines)


MALFORMED = {
    "length not a number": (("Content-Length: abc",), b"{}", 400),
    "negative length": (("Content-Length: -5",), b"{}", 400),
    "two lengths": (("Content-Length: 2", "Content-Length: 3"), b"{}", 400),
    "length with chunked": (("Content-Length: 2", "Transfer-Encoding: chunked"), b"2\r\n{}\r\n0\r\n\r\n", 400),
    "chunked not last": (("Transfer-Encoding: chunked, gzip",), b"{}", 400),
    "unknown coding": (("Transfer-Encoding: gzip, chunked",), b"2\r\n{}\r\n0\r\n\r\n", 501),
    "bad chunk size": (chunked(), b"zz\r\n{}\r\n0\r\n\r\n", 400),
    "hex prefix chunk size": (chunked(), b"0x2\r\n{}\r\n0\r\n\r\n", 400),
    "chunk longer than its size": (chunked(), b"1\r\n{}\r\n0\r\n\r\n", 400),
    # Parsed leniently, these cut the head short: the headers after them (Content-Length) were dropped, and
    # the body read as the next request.
    "bare CR in a header": (("X-Foo: a\rb", "Content-Length: 2"), b"{}", 400),
    "header line without a colon": (("NoColonHere", "Content-Length: 2"), b"{}", 400),
    "folded header": (("Content-Length: 2", " folded"), b"{}", 400),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_framing_is_refused_at_once_and_the_connection_closed(server: Server, case: str) -> None:
    headers, body, status = MALFORMED[case]
    answer = exchange(server.address, server.request(*headers, body=body))
    assert_refused(answer, status, server)
    assert answer.seconds < ANSWER_SECONDS


def test_a_bad_request_line_is_answered_in_the_servers_shape(server: Server) -> None:
    assert_refused(exchange(server.address, b"NOT AN HTTP REQUEST\r\n\r\n"), 400, server)


@pytest.mark.parametrize("method", ["TRACE", "FOO", "get", "CONNECT"])
def test_a_method_without_a_route_is_answered_like_an_unknown_route(server: Server, method: str) -> None:
    """API Gateway's HTTP API: 404 Not Found; the @connections API: 403, as for its other unknown requests."""
    answer = exchange(server.address, f"{method} {server.path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    if server.name == "http":
        assert_refused(answer, 404, server)
        assert json.loads(answer.body) == {"message": "Not Found"}
    else:
        assert_refused(answer, 403, server)
        assert answer.headers["x-amzn-errortype"] == "ForbiddenException"


@pytest.mark.parametrize("version", ["HTTP/2.0", "HTTP/3.0", "HTTP/1.x", "HTTP/11"])
def test_an_http_version_not_spoken_or_malformed_is_400(server: Server, version: str) -> None:
    answer = exchange(server.address, f"POST {server.path} {version}\r\nHost: x\r\n\r\n".encode())
    assert_refused(answer, 400, server)


def test_a_body_over_the_limit_is_413_before_it_is_read(server: Server) -> None:
    limit = MAX_BODY_BYTES if server.name == "http" else MAX_READ_BYTES
    by_length = exchange(server.address, server.request(f"Content-Length: {limit + 1}"))
    by_chunk = exchange(server.address, server.request(*chunked(), body=f"{limit + 1:x}\r\n".encode()))
    for answer in (by_length, by_chunk):
        assert_refused(answer, 413, server)
        assert answer.seconds < ANSWER_SECONDS
    # A client that asks first is refused before it sends the body: no 100 Continue.
    asked = exchange(server.address, server.request(f"Content-Length: {limit + 1}", "Expect: 100-continue"))
    assert_refused(asked, 413, server)


def test_a_body_that_stops_arriving_is_408_after_the_read_timeout(server: Server) -> None:
    short = exchange(server.address, server.request("Content-Length: 100", body=b'{"pl'))
    mid_chunk = exchange(server.address, server.request(*chunked(), body=b"10\r\n{}"))
    for answer in (short, mid_chunk):
        assert_refused(answer, 408, server)
        assert READ_TIMEOUT * 0.8 < answer.seconds < READ_TIMEOUT + 2


def test_a_body_cut_short_by_the_client_is_400_at_once(server: Server) -> None:
    answer = exchange(server.address, server.request("Content-Length: 100", body=b'{"pl'), half_close=True)
    assert_refused(answer, 400, server)
    assert answer.seconds < ANSWER_SECONDS


def test_an_idle_keep_alive_connection_is_closed_after_the_read_timeout(server: Server) -> None:
    with socket.create_connection(server.address, timeout=READ_TIMEOUT + 3) as conn:
        conn.sendall(server.request(f"Content-Length: {len(server.body)}", body=server.body))
        answer = conn.recv(65536)
        assert int(answer.split()[1]) == server.status
        started = time.monotonic()
        assert conn.recv(65536) == b""  # closed by the server, nothing more said
        assert READ_TIMEOUT * 0.8 < time.monotonic() - started < READ_TIMEOUT + 2
    silent = exchange(server.address, b"")  # connected, never sent a byte
    assert (silent.status, silent.closed) == (0, True)
    assert silent.seconds < READ_TIMEOUT + 2


def test_a_post_with_neither_length_nor_chunked_has_an_empty_body(framing: Framing) -> None:
    """RFC 9112 6.3, as API Gateway reads it: no 411; here, a party created with every default."""
    token = requests.post(f"{framing.url}/dev/token", json={"player_id": "no-length"}, timeout=10).json()["token"]
    http = Server("http", framing.http.address, "/parties", 201, b"")
    answer = exchange(http.address, http.request(f"Authorization: Bearer {token}", "Connection: close"))
    assert answer.status == 201, answer
    assert json.loads(answer.body)["max_player"] == 4


def test_keep_alive_answers_arrive_whole_in_one_segment(server: Server) -> None:
    """Headers and body written apart would wait for the client's delayed ACK on a kept-alive connection
    (Nagle, about 40 ms each: bench/keepalive.py measures it); written at once, the whole answer is in the
    first read."""
    request = server.request("Content-Type: application/json", f"Content-Length: {len(server.body)}", body=server.body)
    with socket.create_connection(server.address, timeout=10) as connection:
        for _ in range(20):  # every request on the one connection
            connection.sendall(request)
            first_read = connection.recv(1 << 16)
            head, _, body = first_read.partition(b"\r\n\r\n")
            length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
            assert head.startswith(f"HTTP/1.1 {server.status}".encode()), first_read
            assert length and len(body) == int(length.group(1)) > 0, first_read


def test_32_simultaneous_connections_for_6_rounds_are_all_answered(server: Server) -> None:
    statuses: list[int | str] = []
    lock = threading.Lock()

    def client(start: threading.Barrier) -> None:
        start.wait()
        try:
            request = server.request(f"Content-Length: {len(server.body)}", "Connection: close", body=server.body)
            status: int | str = exchange(server.address, request).status
        except OSError as error:  # a reset from an overflowing listen backlog
            status = repr(error)
        with lock:
            statuses.append(status)

    for _ in range(ROUNDS):
        start = threading.Barrier(CLIENTS)
        threads = [threading.Thread(target=client, args=(start,)) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [server.status] * (CLIENTS * ROUNDS), [s for s in statuses if s != server.status]


def test_a_204_has_no_content_length_and_keeps_the_connection(framing: Framing) -> None:
    token = requests.post(f"{framing.url}/dev/token", json={"player_id": "no-content"}, timeout=10).json()["token"]
    connection = http.client.HTTPConnection(*framing.http.address, timeout=10)
    for method in ("PUT", "DELETE", "GET"):
        connection.request(
            method, "/me/friends" + ("" if method == "GET" else "/bob"), headers={"authorization": f"Bearer {token}"}
        )
        response = connection.getresponse()
        body = response.read()
        if method == "DELETE":
            assert (response.status, body, response.getheader("content-length")) == (204, b"", None)
    assert response.status == 200 and connection.sock is not None
    connection.close()


def test_nothing_above_logged_a_traceback(framing: Framing) -> None:
    output = framing.running.output()
    assert "Traceback" not in output and "Exception occurred" not in output, output
    assert "POST /dev/token 400" in output  # refusals are in the access log like any request
