"""The SDK's event streams are bounded: a reader that falls behind loses the oldest events and learns where and
how many, while the state the SDK holds stays current. Also a resync hint pushed over a real socket."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from partylobby_client import (
    ClientOptions,
    ConnectionState,
    Event,
    OnConnectionStateChanged,
    OnEventsDropped,
    OnPartyInfoUpdated,
    OnPartyMemberJoined,
    PartyLobbyClient,
    RealtimeOptions,
    ResyncReason,
)
from partylobby_client.dispatch import MAX_QUEUED_EVENTS, Dispatcher
from websockets.asyncio.server import ServerConnection, serve

from tests.unit.test_sdk_http import PARTY, token_of

QUICK = RealtimeOptions(heartbeat_interval=5.0, reconnect_min=0.05, reconnect_max=0.1)
WAIT = 2.0


def joined(version: int) -> dict[str, Any]:
    return {
        "event": "OnPartyMemberJoined",
        "ts": "t",
        "data": {"party_id": "p1", "version": version, "player_id": f"bob{version}"},
    }


def numbered(count: int) -> list[Event]:
    return [OnConnectionStateChanged(state=ConnectionState.CONNECTED, error=str(n)) for n in range(count)]


def test_a_stream_beyond_its_bound_drops_the_oldest_and_marks_where() -> None:
    async def scenario() -> None:
        dispatcher = Dispatcher(max_queued=3)
        stream, events = dispatcher.stream(), numbered(8)
        for event in events[:3]:
            await dispatcher.emit(event)
        assert await stream.next(WAIT) is events[0]
        for event in events[3:7]:
            await dispatcher.emit(event)  # 2..6 waiting: 2, 3 and 4 go
        assert stream.pending() == [OnEventsDropped(count=3), *events[4:7]]

        reading = asyncio.create_task(stream.next(WAIT))  # a reader waiting gets the next one as it comes
        await dispatcher.emit(events[7])
        assert await reading is events[7]
        dispatcher.close()
        with pytest.raises(StopAsyncIteration):
            await stream.next(WAIT)

    asyncio.run(scenario())


def test_a_closed_stream_still_hands_out_what_it_holds_the_gap_included() -> None:
    async def scenario() -> None:
        dispatcher = Dispatcher(max_queued=1)
        stream, events = dispatcher.stream(), numbered(3)
        for event in events:
            await dispatcher.emit(event)
        stream.close()
        assert [event async for event in stream] == [OnEventsDropped(count=2), events[2]]

    asyncio.run(scenario())


def test_streams_hold_a_thousand_events_by_default() -> None:
    assert MAX_QUEUED_EVENTS == ClientOptions().max_queued_events == 1000


async def with_client(
    pushes: list[dict[str, Any]],
    answer: Callable[[httpx.Request], httpx.Response],
    scenario: Callable[[PartyLobbyClient], Awaitable[None]],
    **options: Any,
) -> None:
    """Run `scenario` with a client (not connected yet) of a socket that sends these pushes once open."""

    async def handler(connection: ServerConnection) -> None:
        for message in pushes:
            await connection.send(json.dumps(message))
        await connection.wait_closed()

    async with serve(handler, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        client = PartyLobbyClient(
            "http://service.test",
            f"ws://127.0.0.1:{port}",
            token_of("alice"),
            options=ClientOptions(realtime=QUICK, **options),
            transport=httpx.MockTransport(answer),
        )
        try:
            await scenario(client)
        finally:
            await client.close()


async def until(condition: Callable[[], bool]) -> None:
    async def polled() -> None:
        while not condition():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(polled(), WAIT)


def party_answer(*versions: int) -> Callable[[httpx.Request], httpx.Response]:
    """GET /me/party answers these versions in turn (then the last again); chat reads answer nothing."""
    left = list(versions)

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/chat"):
            return httpx.Response(200, json={"messages": []})
        version = left.pop(0) if len(left) > 1 else left[0]
        return httpx.Response(200, json={**PARTY, "version": version})

    return answer


def test_a_reader_behind_loses_events_but_the_party_the_sdk_holds_is_current() -> None:
    async def scenario(client: PartyLobbyClient) -> None:
        stream = client.events()
        await client.connect()
        await until(lambda: client.party is not None and client.party.version == 11)
        assert client.party is not None and len(client.party.members) == 11
        pending = stream.pending()
        assert pending[0] == OnEventsDropped(count=10)  # connected, the first resync, and joins 2 to 9 went
        assert [e.player_id for e in pending[1:] if isinstance(e, OnPartyMemberJoined)] == ["bob10", "bob11"]

    pushes = [joined(version) for version in range(2, 12)]
    asyncio.run(with_client(pushes, party_answer(1), scenario, max_queued_events=2))


def test_a_resync_hint_pushed_over_the_socket_resyncs_the_party_instead_of_delivering_the_push() -> None:
    hint = {"event": "OnCustomDataChanged", "ts": "t", "data": {"party_id": "p1", "version": 12, "resync": True}}

    async def scenario(client: PartyLobbyClient) -> None:
        stream = client.events()
        await client.connect()
        events = [await stream.next(WAIT) for _ in range(3)]
        assert [e.event for e in events] == ["OnConnectionStateChanged", "OnPartyInfoUpdated", "OnPartyInfoUpdated"]
        first, hinted = events[1:]
        assert isinstance(first, OnPartyInfoUpdated) and isinstance(hinted, OnPartyInfoUpdated)
        assert (first.reason, hinted.reason) == (ResyncReason.CONNECT, ResyncReason.OVERSIZED_PUSH)
        assert hinted.party is not None and hinted.party.version == 12
        assert client.party == hinted.party

    asyncio.run(with_client([hint], party_answer(1, 12), scenario))
