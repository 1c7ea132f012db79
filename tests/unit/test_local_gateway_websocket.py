"""The WebSocket gateway over real sockets, with recording stand-ins for the authorizer and the handler."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from aws_lambda_powertools.utilities.parser.models import APIGatewayWebSocketDisconnectEventModel
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect
from websockets.sync.server import Server

from local_gateway import connections
from local_gateway.connections import ConnectionRegistry
from local_gateway.management_api import ManagementServer
from local_gateway.ws_gateway import CLIENT_CLOSE_REASON, WebSocketFunctions, WebSocketGateway, serve_websockets
from tests.support.raw_websocket import closed_by_the_server, never_reading
from ws_handlers.models import ConnectEvent, DisconnectEvent, MessageEvent

if TYPE_CHECKING:
    from mypy_boto3_apigatewaymanagementapi import ApiGatewayManagementApiClient

Behaviour = Callable[[dict[str, Any]], Any]
WAIT = 5.0


def allow(event: dict[str, Any]) -> dict[str, Any]:
    token = event["queryStringParameters"]["token"]
    if token == "bad":
        raise Exception("Unauthorized")  # what the real authorizer raises
    effect = "Deny" if token == "denied" else "Allow"
    statement = {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}
    return {"principalId": token, "policyDocument": {"Statement": [statement]}, "context": {"player_id": token}}


def accept(event: dict[str, Any]) -> dict[str, Any]:
    return {"statusCode": 200}


@dataclass
class RecordingFunction:
    """Serialised like LocalFunction: one invocation at a time."""

    behaviour: Behaviour
    events: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def invoke(self, event: dict[str, Any], request_id: str) -> Any:
        with self.lock:
            with self.changed:
                self.events.append(event)
                self.changed.notify_all()
            return self.behaviour(event)

    def routes(self) -> list[str]:
        return [e["requestContext"]["routeKey"] for e in self.events]

    def wait_for(self, route: str, count: int = 1) -> list[dict[str, Any]]:
        with self.changed:
            assert self.changed.wait_for(lambda: self.routes().count(route) >= count, WAIT), self.routes()
            return [e for e in self.events if e["requestContext"]["routeKey"] == route]


@dataclass
class Gateway:
    url: str
    registry: ConnectionRegistry
    authorizer: RecordingFunction
    handler: RecordingFunction
    management: ManagementServer
    server: Server

    def connect(self, token: str | None = "alice") -> ClientConnection:
        query = "" if token is None else f"/?token={token}"
        return connect(self.url + query, open_timeout=WAIT, legacy=True)

    def management_client(self) -> ApiGatewayManagementApiClient:
        return boto3.client("apigatewaymanagementapi", endpoint_url=self.management.endpoint, region_name="us-east-1")


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    registry = ConnectionRegistry()
    authorizer, handler = RecordingFunction(allow), RecordingFunction(accept)
    ws = WebSocketGateway(WebSocketFunctions(authorizer, handler), registry, "live", access_log=None)
    server = serve_websockets(ws, "127.0.0.1", 0)
    management = ManagementServer(("127.0.0.1", 0), registry, "live")
    threads = [
        threading.Thread(target=server.serve_forever),
        threading.Thread(target=management.serve_forever, args=(0.05,)),
    ]
    for thread in threads:
        thread.start()
    url = f"ws://127.0.0.1:{server.socket.getsockname()[1]}"
    yield Gateway(url, registry, authorizer, handler, management, server)
    server.shutdown()
    management.shutdown()
    management.server_close()
    for thread in threads:
        thread.join(WAIT)


def refused_status(gateway: Gateway, token: str | None) -> int:
    with pytest.raises(InvalidStatus) as refused:
        gateway.connect(token)
    return refused.value.response.status_code


def test_connect_runs_the_authorizer_then_connect_with_its_context(gateway: Gateway) -> None:
    with gateway.connect("alice"):
        (authorized,) = gateway.authorizer.events
        (connected,) = gateway.handler.wait_for("$connect")
    assert authorized["type"] == "REQUEST"
    assert authorized["queryStringParameters"] == {"token": "alice"}
    context = ConnectEvent.model_validate(connected).request_context
    assert context.authorizer.player_id == "alice"
    assert connected["requestContext"]["authorizer"]["integrationLatency"] >= 0
    assert context.connection_id == authorized["requestContext"]["connectionId"]


def test_each_text_message_is_a_default_event_in_order(gateway: Gateway) -> None:
    with gateway.connect() as client:
        for n in range(3):
            client.send(f'{{"action": "ping", "n": {n}}}')
        messages = gateway.handler.wait_for("$default", 3)
    parsed = [MessageEvent.model_validate(m) for m in messages]
    assert [p.body for p in parsed] == [f'{{"action": "ping", "n": {n}}}' for n in range(3)]
    assert len({p.request_context.message_id for p in parsed}) == 3


def test_client_close_runs_disconnect_and_forgets_the_socket(gateway: Gateway) -> None:
    with gateway.connect():
        connection_id = gateway.handler.wait_for("$connect")[0]["requestContext"]["connectionId"]
        assert gateway.registry.get(connection_id) is not None
    (disconnected,) = gateway.handler.wait_for("$disconnect")
    APIGatewayWebSocketDisconnectEventModel.model_validate(disconnected)
    context = DisconnectEvent.model_validate(disconnected).request_context
    assert (context.connection_id, context.disconnect_status_code) == (connection_id, 1000)
    assert context.disconnect_reason == CLIENT_CLOSE_REASON
    assert context.authorizer is not None and context.authorizer.player_id == "alice"
    assert len(gateway.registry) == 0


def test_bad_token_is_refused_with_401_and_never_connects(gateway: Gateway) -> None:
    assert refused_status(gateway, "bad") == 401
    assert gateway.handler.events == []


def test_missing_token_is_refused_without_calling_the_authorizer(gateway: Gateway) -> None:
    assert refused_status(gateway, None) == 401
    assert refused_status(gateway, "") == 401
    assert gateway.authorizer.events == []


def test_deny_policy_is_refused_with_403(gateway: Gateway) -> None:
    assert refused_status(gateway, "denied") == 403
    assert gateway.handler.events == []


def test_connect_handler_answering_non_2xx_refuses_the_connection(gateway: Gateway) -> None:
    gateway.handler.behaviour = lambda event: {"statusCode": 429}
    assert refused_status(gateway, "alice") == 429
    assert len(gateway.registry) == 0


def test_connect_handler_failing_refuses_with_500(gateway: Gateway) -> None:
    def fail(event: dict[str, Any]) -> Any:
        raise RuntimeError("boom")

    gateway.handler.behaviour = fail
    assert refused_status(gateway, "alice") == 500


def test_binary_frames_close_the_connection_with_1003(gateway: Gateway) -> None:
    with gateway.connect() as client:
        client.send(b"\x00\x01")
        with pytest.raises(ConnectionClosed) as closed:
            client.recv(timeout=WAIT)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1003
    assert gateway.handler.wait_for("$disconnect")[0]["requestContext"]["disconnectStatusCode"] == 1003


def test_management_post_reaches_the_client_and_delete_closes_it(gateway: Gateway) -> None:
    management = gateway.management_client()
    with gateway.connect() as client:
        connection_id = gateway.handler.wait_for("$connect")[0]["requestContext"]["connectionId"]
        management.post_to_connection(ConnectionId=connection_id, Data=b'{"event": "hello"}')
        assert client.recv(timeout=WAIT) == '{"event": "hello"}'
        management.delete_connection(ConnectionId=connection_id)
        with pytest.raises(ConnectionClosed) as closed:
            client.recv(timeout=WAIT)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1000
    disconnected = gateway.handler.wait_for("$disconnect")[0]["requestContext"]
    assert disconnected["disconnectStatusCode"] == 1000
    with pytest.raises(management.exceptions.GoneException):
        management.post_to_connection(ConnectionId=connection_id, Data=b"late")


def test_a_function_may_push_to_its_own_socket_while_invoked(gateway: Gateway) -> None:
    """The handler holds its own lock while it posts: the post must not need it (no deadlock)."""
    management = gateway.management_client()

    def echo(event: dict[str, Any]) -> dict[str, Any]:
        if event["requestContext"]["routeKey"] == "$default":
            management.post_to_connection(ConnectionId=event["requestContext"]["connectionId"], Data=b"echo")
        return {"statusCode": 200}

    gateway.handler.behaviour = echo
    with gateway.connect() as client:
        client.send("ping")
        assert client.recv(timeout=WAIT) == "echo"


def test_a_failing_default_handler_answers_internal_server_error(gateway: Gateway) -> None:
    def fail_messages(event: dict[str, Any]) -> Any:
        if event["requestContext"]["routeKey"] == "$default":
            raise RuntimeError("boom")
        return {"statusCode": 200}

    gateway.handler.behaviour = fail_messages
    with gateway.connect() as client:
        client.send("ping")
        assert '"Internal server error"' in str(client.recv(timeout=WAIT))


def test_shutdown_closes_sockets_going_away_and_still_runs_disconnect(gateway: Gateway) -> None:
    client = gateway.connect()
    gateway.handler.wait_for("$connect")
    gateway.server.shutdown()
    with pytest.raises(ConnectionClosed) as closed:
        client.recv(timeout=WAIT)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001
    assert gateway.handler.wait_for("$disconnect")[0]["requestContext"]["disconnectStatusCode"] == 1001


def test_a_connect_refusal_carries_the_headers_the_function_answered(gateway: Gateway) -> None:
    gateway.handler.behaviour = lambda event: {"statusCode": 429, "headers": {"Retry-After": "17"}}
    with pytest.raises(InvalidStatus) as refused:
        gateway.connect("alice")
    assert (refused.value.response.status_code, refused.value.response.headers["Retry-After"]) == (429, "17")


def test_a_socket_whose_send_stalls_past_the_timeout_is_closed_and_then_gone(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connections, "SEND_TIMEOUT_SECONDS", 0.5)
    management = gateway.management_client()
    stuck = never_reading(gateway.url, "/?token=alice")
    try:
        connection_id = gateway.handler.wait_for("$connect")[0]["requestContext"]["connectionId"]
        for _ in range(6):  # more than the socket's buffers hold, less than its outbox
            management.post_to_connection(ConnectionId=connection_id, Data=b"x" * 100_000)
        assert gateway.handler.wait_for("$disconnect")[0]["requestContext"]["connectionId"] == connection_id
        with pytest.raises(management.exceptions.GoneException):
            management.post_to_connection(ConnectionId=connection_id, Data=b"late")
        assert closed_by_the_server(stuck, WAIT)
    finally:
        stuck.close()
