"""When the SDK's WebSocket stops on its own (a refused token, the socket cap, a logout) and what resumes it,
against an in-process WebSocket server and a fake HTTP API that accept only the tokens they are told to."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from partylobby_client import (
    AuthError,
    ClientOptions,
    ConnectionState,
    ErrCode,
    EventStream,
    OnConnectionClosed,
    OnConnectionStateChanged,
    PartyLobbyClient,
    RateLimited,
    RealtimeOptions,
    TransportError,
)
from partylobby_client.reconnects import refusal_error
from websockets.asyncio.server import ServerConnection, serve
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from tests.support.sdk_waits import state_changes
from tests.unit.test_sdk_http import token_of

QUICK = RealtimeOptions(
    heartbeat_interval=0.05, reconnect_min=0.02, reconnect_max=0.05, poll_interval=(0.05, 0.1), resync_on_connect=False
)
QUIET_SECONDS = 0.3  # several backoff delays and poll intervals of QUICK
WAIT = 2.0
TOKEN = token_of("alice")
RENEWED = TOKEN.replace("signature", "renewed")


def gateway_answer(status: HTTPStatus, headers: tuple[tuple[str, str], ...] = ()) -> Response:
    """A refused handshake as API Gateway answers it: a bare `{"message"}`."""
    body = json.dumps({"message": status.phrase}).encode()
    return Response(status.value, status.phrase, Headers([("Content-Type", "application/json"), *headers]), body)


class FakeService:
    def __init__(self) -> None:
        self.accepted = {TOKEN}  # by the handshake
        self.readable = {TOKEN}  # by the HTTP API
        self.refuse_with: HTTPStatus | None = None  # every handshake refused with this, whatever the token
        self.handshakes: list[str] = []  # the token of each attempt
        self.sockets: list[ServerConnection] = []
        self.reads: list[tuple[str, str]] = []  # (path, token) of each HTTP call

    def process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        token = parse_qs(urlsplit(request.path).query).get("token", [""])[0]
        self.handshakes.append(token)
        if self.refuse_with is not None:
            return gateway_answer(self.refuse_with)
        return None if token in self.accepted else gateway_answer(HTTPStatus.UNAUTHORIZED)

    async def handler(self, connection: ServerConnection) -> None:
        self.sockets.append(connection)
        async for _ in connection:  # heartbeats
            pass

    def http(self, request: httpx.Request) -> httpx.Response:
        token = request.headers["Authorization"].removeprefix("Bearer ")
        self.reads.append((request.url.path, token))
        if token not in self.readable:
            return httpx.Response(401, json={"err_code": ErrCode.UNAUTHORIZED, "msg": "the token has expired"})
        return httpx.Response(404, json={"err_code": ErrCode.PARTY_NOT_FOUND, "msg": "none"})

    async def close_socket(self, reason: dict[str, Any] | None = None) -> None:
        """Close the newest socket, first saying why in a last push as the service does."""
        socket = self.sockets[-1]
        if reason is not None:
            await socket.send(json.dumps({"event": "OnConnectionClosed", "ts": "t", "data": reason}))
        await socket.close(1000, "Connection deleted through the @connections API")


@contextlib.asynccontextmanager
async def connected_client(service: FakeService) -> AsyncIterator[tuple[PartyLobbyClient, EventStream]]:
    async with serve(service.handler, "127.0.0.1", 0, process_request=service.process_request) as server:
        port = server.sockets[0].getsockname()[1]
        client = PartyLobbyClient(
            "http://service.test",
            f"ws://127.0.0.1:{port}",
            TOKEN,
            options=ClientOptions(realtime=QUICK),
            transport=httpx.MockTransport(service.http),
        )
        async with client:
            yield client, client.events()


async def states_until(stream: EventStream, last: ConnectionState) -> list[OnConnectionStateChanged]:
    return await state_changes(stream, last, WAIT)


async def assert_stays_stopped(service: FakeService, stream: EventStream) -> None:
    """No reconnect attempt, no poll, no state change for a while."""
    handshakes, reads = len(service.handshakes), len(service.reads)
    await asyncio.sleep(QUIET_SECONDS)
    assert (len(service.handshakes), len(service.reads)) == (handshakes, reads)
    assert [e for e in stream.pending() if isinstance(e, OnConnectionStateChanged)] == []


def run(scenario: Any) -> None:
    asyncio.run(scenario())


def test_a_reconnect_refused_for_the_token_stops_with_one_auth_failed_until_set_token() -> None:
    async def scenario() -> None:
        service = FakeService()
        async with connected_client(service) as (client, stream):
            service.accepted = service.readable = {RENEWED}  # the token expired
            await service.close_socket()
            changes = await states_until(stream, ConnectionState.AUTH_FAILED)
            assert [c.state for c in changes] == [ConnectionState.DISCONNECTED, ConnectionState.AUTH_FAILED]
            assert "401" in (changes[-1].error or "") and TOKEN not in (changes[-1].error or "")
            await assert_stays_stopped(service, stream)
            assert not client.connected and client.connection_state is ConnectionState.AUTH_FAILED

            client.set_token(RENEWED)
            await states_until(stream, ConnectionState.CONNECTED)
            assert service.handshakes[-1] == RENEWED
            assert service.reads[-1] == ("/me/party", RENEWED)  # resynced with the new token

    run(scenario)


def test_a_403_handshake_is_a_refused_token_too() -> None:
    refused = refusal_error(gateway_answer(HTTPStatus.FORBIDDEN))
    assert isinstance(refused, AuthError) and (refused.status, refused.err_code) == (403, ErrCode.GATEWAY_FORBIDDEN)
    assert isinstance(refusal_error(gateway_answer(HTTPStatus.UNAUTHORIZED)), AuthError)
    throttled = refusal_error(gateway_answer(HTTPStatus.TOO_MANY_REQUESTS, (("Retry-After", "2"),)))
    assert isinstance(throttled, RateLimited) and throttled.retry_after == 2
    assert isinstance(refusal_error(gateway_answer(HTTPStatus.SERVICE_UNAVAILABLE)), TransportError)


def test_a_401_while_polling_stops_reconnecting_and_polling() -> None:
    async def scenario() -> None:
        service = FakeService()
        async with connected_client(service) as (client, stream):
            service.refuse_with = HTTPStatus.SERVICE_UNAVAILABLE  # reconnects fail, and keep trying...
            service.readable = set()  # ...until a poll's read is refused for the token
            await service.close_socket()
            changes = await states_until(stream, ConnectionState.AUTH_FAILED)
            assert [c.state for c in changes] == [ConnectionState.DISCONNECTED, ConnectionState.AUTH_FAILED]
            assert service.reads[-1] == ("/me/party", TOKEN)
            await assert_stays_stopped(service, stream)

            service.refuse_with = None  # reconnecting on purpose: the handshake takes the token, the resync not
            with pytest.raises(AuthError):
                await client.reconnect(WAIT)
            changes = await states_until(stream, ConnectionState.AUTH_FAILED)
            assert [c.state for c in changes] == [ConnectionState.CONNECTED, ConnectionState.AUTH_FAILED]
            await assert_stays_stopped(service, stream)
            assert not client.connected

    run(scenario)


def test_server_errors_and_throttles_keep_the_backoff() -> None:
    async def scenario() -> None:
        service = FakeService()
        async with connected_client(service) as (client, stream):
            service.refuse_with = HTTPStatus.SERVICE_UNAVAILABLE
            await service.close_socket()
            await states_until(stream, ConnectionState.DISCONNECTED)
            while len(service.handshakes) < 3:
                await asyncio.sleep(0.01)
            service.refuse_with = HTTPStatus.TOO_MANY_REQUESTS
            while len(service.handshakes) < 5:
                await asyncio.sleep(0.01)
            service.refuse_with = None
            await states_until(stream, ConnectionState.CONNECTED)
            assert client.connected

    run(scenario)


def test_closed_for_the_socket_cap_it_stays_closed_until_reconnect() -> None:
    async def scenario() -> None:
        service = FakeService()
        async with connected_client(service) as (client, stream):
            await service.close_socket({"reason": "socket_limit", "max_sockets": 10})
            closed = await stream.wait_for(OnConnectionClosed, WAIT)
            assert (closed.reason, closed.max_sockets) == ("socket_limit", 10)
            (change,) = await states_until(stream, ConnectionState.SOCKET_LIMIT)  # no `disconnected` before it
            assert "10 sockets" in (change.error or "")
            await assert_stays_stopped(service, stream)

            await client.reconnect(WAIT)
            assert client.connected and len(service.sockets) == 2
            await states_until(stream, ConnectionState.CONNECTED)

    run(scenario)


def test_closed_for_a_logout_it_stays_closed_until_set_token() -> None:
    async def scenario() -> None:
        service = FakeService()
        async with connected_client(service) as (client, stream):
            await service.close_socket({"reason": "logout"})
            (change,) = await states_until(stream, ConnectionState.LOGGED_OUT)
            assert "logged out" in (change.error or "")
            await assert_stays_stopped(service, stream)

            service.accepted.add(RENEWED)
            service.readable.add(RENEWED)
            client.set_token(RENEWED)
            await states_until(stream, ConnectionState.CONNECTED)
            assert service.handshakes[-1] == RENEWED

    run(scenario)


def test_a_close_for_a_reason_the_sdk_does_not_know_is_a_disconnect_that_reconnects() -> None:
    async def scenario() -> None:
        service = FakeService()
        async with connected_client(service) as (client, stream):
            await service.close_socket({"reason": "maintenance"})
            changes = await states_until(stream, ConnectionState.CONNECTED)
            assert [c.state for c in changes] == [ConnectionState.DISCONNECTED, ConnectionState.CONNECTED]
            assert len(service.sockets) == 2 and client.connection_state is ConnectionState.CONNECTED

    run(scenario)
