"""The local `@connections` API answers boto3's `apigatewaymanagementapi` client the way API Gateway does.

Posts are queued for the socket's writer, so what a socket received is awaited (`FakeSocket.received`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import quote

import boto3
import pytest
import requests
from websockets.exceptions import ConnectionClosedOK
from websockets.frames import Close

from local_gateway.connections import MAX_QUEUED_BYTES, ConnectionRegistry, LiveConnection
from local_gateway.management_api import MAX_POST_BYTES, ManagementServer
from local_gateway.ws_events import new_id

if TYPE_CHECKING:
    from mypy_boto3_apigatewaymanagementapi import ApiGatewayManagementApiClient


WAIT = 5.0


@dataclass
class FakeSocket:
    """Records what it is sent and how it is closed; while `reading` is clear, a send blocks like a full socket."""

    sent: list[str | bytes] = field(default_factory=list)
    closed: list[tuple[int, str]] = field(default_factory=list)
    gone: bool = False
    closed_event: threading.Event = field(default_factory=threading.Event)
    reading: threading.Event = field(default_factory=threading.Event)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def __post_init__(self) -> None:
        self.reading.set()

    def send(self, message: str | bytes) -> None:
        self.reading.wait()
        if self.gone:
            raise ConnectionClosedOK(Close(1000, ""), Close(1000, ""), rcvd_then_sent=True)
        with self.changed:
            self.sent.append(message)
            self.changed.notify_all()

    def close(self, code: int = 1000, reason: str = "") -> None:
        self.closed.append((code, reason))
        self.closed_event.set()

    def received(self, count: int) -> list[str | bytes]:
        """The first `count` messages sent, once they are."""
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.sent) >= count, WAIT), self.sent
            return list(self.sent)


def eventually(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "not in time"
        time.sleep(0.01)


@dataclass
class Endpoint:
    server: ManagementServer
    registry: ConnectionRegistry
    client: ApiGatewayManagementApiClient

    def open(self, connection_id: str | None = None) -> tuple[str, FakeSocket]:
        socket = FakeSocket()
        live = LiveConnection(connection_id or new_id(), socket, "203.0.113.7", "GameClient/1.0")
        live.opened.set()
        self.registry.add(live)
        return live.connection_id, socket


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    registry = ConnectionRegistry()
    server = ManagementServer(("127.0.0.1", 0), registry, "live")
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    client = boto3.client("apigatewaymanagementapi", endpoint_url=server.endpoint, region_name="us-east-1")
    yield Endpoint(server, registry, client)
    server.shutdown()
    server.server_close()


def test_endpoint_is_the_stage_url_boto3_takes() -> None:
    server = ManagementServer(("127.0.0.1", 0), ConnectionRegistry(), "live")
    try:
        assert server.endpoint == f"http://127.0.0.1:{server.server_address[1]}/live"
    finally:
        server.server_close()


def test_post_sends_the_data_as_a_text_frame(endpoint: Endpoint) -> None:
    connection_id, socket = endpoint.open()
    endpoint.client.post_to_connection(ConnectionId=connection_id, Data=b'{"event": "OnPartyMemberJoined"}')
    endpoint.client.post_to_connection(ConnectionId=connection_id, Data=b"\xff\x00")
    assert socket.received(2) == ['{"event": "OnPartyMemberJoined"}', b"\xff\x00"]


def test_unknown_connection_is_gone_for_boto3(endpoint: Endpoint) -> None:
    client, unknown = endpoint.client, "Vn3eMcJ3oAMCJ8w="
    with pytest.raises(client.exceptions.GoneException) as posted:
        client.post_to_connection(ConnectionId=unknown, Data=b"x")
    with pytest.raises(client.exceptions.GoneException):
        client.get_connection(ConnectionId=unknown)
    with pytest.raises(client.exceptions.GoneException):
        client.delete_connection(ConnectionId=unknown)
    assert posted.value.response["ResponseMetadata"]["HTTPStatusCode"] == 410
    assert posted.value.response["Error"]["Code"] == "GoneException"


def test_a_socket_found_closed_is_gone_for_the_next_post_and_forgotten(endpoint: Endpoint) -> None:
    connection_id, socket = endpoint.open()
    live = endpoint.registry.get(connection_id)
    socket.gone = True
    endpoint.client.post_to_connection(ConnectionId=connection_id, Data=b"x")  # queued before the writer knows
    eventually(lambda: live is not None and live.closed)
    with pytest.raises(endpoint.client.exceptions.GoneException):
        endpoint.client.post_to_connection(ConnectionId=connection_id, Data=b"x")
    assert endpoint.registry.get(connection_id) is None


def test_get_describes_the_connection(endpoint: Endpoint) -> None:
    connection_id, socket = endpoint.open()
    before = time.time()
    endpoint.client.post_to_connection(ConnectionId=connection_id, Data=b"x")
    socket.received(1)
    described = endpoint.client.get_connection(ConnectionId=connection_id)
    assert described["Identity"] == {"SourceIp": "203.0.113.7", "UserAgent": "GameClient/1.0"}
    assert isinstance(described["ConnectedAt"], datetime)
    assert described["LastActiveAt"].timestamp() >= before - 0.001
    assert described["LastActiveAt"] >= described["ConnectedAt"]


def test_delete_closes_the_socket_normally_and_then_it_is_gone(endpoint: Endpoint) -> None:
    connection_id, socket = endpoint.open()
    answer = endpoint.client.delete_connection(ConnectionId=connection_id)
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert socket.closed_event.wait(2)
    assert socket.closed[0][0] == 1000
    with pytest.raises(endpoint.client.exceptions.GoneException):
        endpoint.client.post_to_connection(ConnectionId=connection_id, Data=b"x")


@pytest.mark.parametrize("connection_id", ["Vn3eMcJ3oAMCJ8w=", "a+b/c=d==", "L0SM9cOFvHcCIhw="])
def test_url_encoded_connection_ids_are_decoded(endpoint: Endpoint, connection_id: str) -> None:
    _, socket = endpoint.open(connection_id)
    url = f"{endpoint.server.endpoint}/@connections/{quote(connection_id, safe='')}"
    assert "%3D" in url
    assert requests.post(url, data=b"raw", timeout=5).status_code == 200
    endpoint.client.post_to_connection(ConnectionId=connection_id, Data=b"boto3")
    assert socket.received(2) == ["raw", "boto3"]


def test_too_large_a_message_is_refused(endpoint: Endpoint) -> None:
    connection_id, socket = endpoint.open()
    client = endpoint.client
    with pytest.raises(client.exceptions.PayloadTooLargeException):
        client.post_to_connection(ConnectionId=connection_id, Data=b"x" * (MAX_POST_BYTES + 1))
    assert socket.sent == []


def test_other_paths_are_forbidden(endpoint: Endpoint) -> None:
    base = endpoint.server.endpoint.rsplit("/", 1)[0]
    for url in (f"{base}/other/@connections/abc=", f"{base}/live/@connections/", f"{base}/live"):
        answer = requests.post(url, data=b"x", timeout=5)
        assert answer.status_code == 403
        assert answer.headers["x-amzn-errortype"] == "ForbiddenException"


def test_posts_never_wait_for_a_socket_that_does_not_read(endpoint: Endpoint) -> None:
    connection_id, socket = endpoint.open()
    socket.reading.clear()
    for n in range(20):  # each answered while the socket is stuck on the first
        endpoint.client.post_to_connection(ConnectionId=connection_id, Data=f"push {n}".encode())
    socket.reading.set()
    assert socket.received(20) == [f"push {n}" for n in range(20)]


def test_an_outbox_past_its_bound_closes_the_socket_and_later_posts_are_gone(endpoint: Endpoint) -> None:
    connection_id, socket = endpoint.open()
    socket.reading.clear()
    client, large = endpoint.client, b"x" * MAX_POST_BYTES
    with pytest.raises(client.exceptions.GoneException):
        for _ in range(MAX_QUEUED_BYTES // MAX_POST_BYTES + 2):  # one in the writer's hands, the rest queued
            client.post_to_connection(ConnectionId=connection_id, Data=large)
    assert socket.closed_event.wait(WAIT)
    with pytest.raises(client.exceptions.GoneException):
        client.post_to_connection(ConnectionId=connection_id, Data=b"x")
    socket.reading.set()


def test_delete_closes_the_socket_after_the_messages_posted_before_it(endpoint: Endpoint) -> None:
    connection_id, socket = endpoint.open()
    socket.reading.clear()
    endpoint.client.post_to_connection(ConnectionId=connection_id, Data=b"update")
    endpoint.client.post_to_connection(ConnectionId=connection_id, Data=b"last notice")
    endpoint.client.delete_connection(ConnectionId=connection_id)
    with pytest.raises(endpoint.client.exceptions.GoneException):  # gone at once for new posts
        endpoint.client.post_to_connection(ConnectionId=connection_id, Data=b"too late")
    assert socket.closed == []
    socket.reading.set()
    assert socket.closed_event.wait(WAIT)
    assert (socket.sent, [code for code, _ in socket.closed]) == (["update", "last notice"], [1000])
