"""The SDK's managed WebSocket against an in-process server: heartbeats, reconnects, callbacks and streams."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from partylobby_client import (
    ClientOptions,
    ConnectionState,
    Event,
    OnConnectionStateChanged,
    OnPartyMemberJoined,
    PartyLobbyClient,
    RealtimeOptions,
)
from partylobby_client.reconnects import backoff_delays
from websockets.asyncio.server import ServerConnection, serve

from tests.unit.test_sdk_http import token_of

QUICK = RealtimeOptions(heartbeat_interval=0.05, reconnect_min=0.05, reconnect_max=0.1, resync_on_connect=False)
JOINED = {"event": "OnPartyMemberJoined", "ts": "t", "data": {"party_id": "p9", "version": 2, "player_id": "bob"}}


def test_backoff_grows_exponentially_with_jitter_up_to_the_cap() -> None:
    delay = backoff_delays(1.0, 30.0)
    for attempt, ceiling in [(0, 1.0), (1, 2.0), (3, 8.0), (10, 30.0), (100, 30.0)]:
        samples = [delay(attempt) for _ in range(50)]
        assert all(ceiling / 2 <= s <= ceiling for s in samples)
        assert len(set(samples)) > 1


def test_heartbeats_pushes_callbacks_and_a_reconnect_after_the_server_drops_the_socket() -> None:
    async def scenario() -> None:
        received: list[Any] = []
        connections: list[ServerConnection] = []

        async def handler(connection: ServerConnection) -> None:
            connections.append(connection)
            await connection.send(json.dumps(JOINED))
            async for message in connection:
                received.append(json.loads(message))
                if len(connections) == 1 and len(received) >= 2:
                    await connection.close(1011)  # the server drops the first socket after two heartbeats

        def no_party(request: httpx.Request) -> httpx.Response:
            return httpx.Response(404, json={"err_code": "kBackendPartyNotFound", "msg": "none"})

        async with serve(handler, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            client = PartyLobbyClient(
                "http://service.test",
                f"ws://127.0.0.1:{port}",
                token_of("alice"),
                options=ClientOptions(realtime=QUICK),
                transport=httpx.MockTransport(no_party),
            )
            typed: list[OnPartyMemberJoined] = []
            named: list[Event] = []

            async def on_joined(event: OnPartyMemberJoined) -> None:
                typed.append(event)

            client.on(OnPartyMemberJoined, on_joined)
            client.on("OnPartyMemberJoined", named.append)

            def failing(event: Event) -> None:
                raise RuntimeError("an application bug")

            client.on("*", failing)  # a failing callback never breaks delivery
            async with client:
                stream = client.events()
                states: list[ConnectionState] = []
                while states[-2:] != [ConnectionState.DISCONNECTED, ConnectionState.CONNECTED]:
                    event = await stream.next(2.0)
                    if isinstance(event, OnConnectionStateChanged):
                        states.append(event.state)
                assert (await stream.wait_for(OnPartyMemberJoined, 2.0)).player_id == "bob"
            assert len(connections) == 2
            assert {"action": "ping"} in received
            assert [e.player_id for e in typed] == ["bob", "bob"] and len(named) == 2
            assert await stream.next(1.0) is not None  # CLOSED, then the stream ends
            try:
                await stream.next(1.0)
                raise AssertionError("the stream should have ended")
            except StopAsyncIteration:
                pass

    asyncio.run(scenario())
