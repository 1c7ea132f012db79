"""Helpers of the SDK's e2e tests: signed-in clients on the session stack, and ordered waits on their events."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any
from uuid import uuid4

from partylobby_client import (
    ClientOptions,
    ConnectionState,
    Event,
    EventStream,
    OnConnectionStateChanged,
    PartyLobbyClient,
    RealtimeOptions,
)

from tests.e2e.conftest import Stack
from tests.support import sdk_waits as waits

WAIT = 5.0
QUIET_SECONDS = 0.3
# Short intervals so the tests watch reconnects and polls happen; the defaults are 1-30 s and 30-60 s.
FAST = RealtimeOptions(reconnect_min=0.2, reconnect_max=1.0, poll_interval=(60.0, 60.0), heartbeat_interval=5.0)


def run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    asyncio.run(scenario())


async def sign_in(stack: Stack, name: str, realtime: RealtimeOptions = FAST, **options: Any) -> PartyLobbyClient:
    client = await PartyLobbyClient.sign_in_dev(
        stack.url, stack.ws_url, f"{name}-{uuid4().hex[:8]}", options=ClientOptions(realtime=realtime, **options)
    )
    await client.connect()
    return client


def relevant(event: Event) -> bool:
    return not isinstance(event, OnConnectionStateChanged)


async def expect(stream: EventStream, *names: str) -> list[Any]:
    """The next events (connection state changes aside) are these, in this order."""
    received: list[Any] = []
    while len(received) < len(names):
        try:
            event = await stream.next(WAIT)
        except TimeoutError:
            raise AssertionError(f"expected {names}, received {[e.event for e in received]}") from None
        if relevant(event):
            received.append(event)
    assert [e.event for e in received] == list(names), received
    return received


async def assert_quiet(*streams: EventStream) -> None:
    await asyncio.sleep(QUIET_SECONDS)
    for stream in streams:
        assert [e for e in stream.pending() if relevant(e)] == []


async def state_change(stream: EventStream, state: ConnectionState) -> None:
    while True:
        event = await stream.next(WAIT)
        if isinstance(event, OnConnectionStateChanged) and event.state is state:
            return


async def state_changes(stream: EventStream, last: ConnectionState) -> list[OnConnectionStateChanged]:
    """The connection state changes up to and with the next change to `last`."""
    return await waits.state_changes(stream, last, WAIT)
