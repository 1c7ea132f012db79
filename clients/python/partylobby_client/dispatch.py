"""Delivery of events to the application: callbacks by event name or type, and async iterators."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, overload

from partylobby_client.event_base import Event
from partylobby_client.sdk_events import OnEventsDropped

logger = logging.getLogger("partylobby_client")
E = TypeVar("E", bound=Event)
Callback = Callable[[Any], Awaitable[None] | None]
ALL = "*"
MAX_QUEUED_EVENTS = 1000  # per stream


class _Gap:
    """Where a stream dropped events: read as OnEventsDropped."""


GAP = _Gap()


class EventStream:
    """An async iterator of every event from the moment it was made: `async for event in client.events()`.

    Each stream has its own queue, so several readers each see every event. `await stream.next(timeout)` and
    `await stream.wait_for(name)` serve tests and REPLs; `close()` (or leaving `async with`) detaches it.

    The queue holds at most `max_queued` events (ClientOptions.max_queued_events, 1,000 by default). A reader
    that falls further behind loses the oldest waiting events, and reads one OnEventsDropped(count) where they
    were: the newest events are the ones that still matter, and `client.party` / `client.lobbies` stay current
    regardless (the SDK applies every push before queueing it). Waiting for the reader instead would stall
    the socket, every other stream and callback, and the heartbeats behind one slow loop.
    """

    def __init__(self, detach: Callable[[EventStream], None], max_queued: int = MAX_QUEUED_EVENTS) -> None:
        if max_queued < 1:
            raise ValueError("an event stream holds at least one event")
        self._events: deque[Event | _Gap] = deque()
        self._max_queued = max_queued
        self._dropped = 0  # events lost at the gap at the queue's head, not yet reported
        self._arrived = asyncio.Event()
        self._detach = detach
        self._closed = False
        self._detached = False

    def put(self, event: Event | None) -> None:
        """Queue an event (None: the stream ends after what is queued)."""
        if event is None:
            self._closed = True
        else:
            self._events.append(event)
            if len(self._events) - self._dropped_marker() > self._max_queued:
                self._drop_oldest()
        self._arrived.set()

    def _dropped_marker(self) -> int:
        return 1 if self._events and self._events[0] is GAP else 0

    def _drop_oldest(self) -> None:
        """The oldest event goes; the gap marker takes its place at the head, counting it."""
        if self._dropped_marker():
            del self._events[1]
        else:
            self._events[0] = GAP
        self._dropped += 1

    def _take(self) -> Event:
        item = self._events.popleft()
        if isinstance(item, _Gap):
            dropped, self._dropped = self._dropped, 0
            return OnEventsDropped(count=dropped)
        return item

    def __aiter__(self) -> EventStream:
        return self

    async def __anext__(self) -> Event:
        while not self._events:
            if self._closed:
                raise StopAsyncIteration
            self._arrived.clear()
            await self._arrived.wait()
        return self._take()

    async def next(self, timeout: float | None = None) -> Event:
        """The next event; TimeoutError after `timeout` seconds, StopAsyncIteration once closed."""
        return await asyncio.wait_for(self.__anext__(), timeout)

    async def wait_for(self, name: str | type[E], timeout: float | None = None) -> Any:
        """Skip events until one of this name (or type) arrives; returns it."""
        wanted = name if isinstance(name, str) else name.name

        async def matching() -> Event:
            while True:
                event = await self.__anext__()
                if event.event == wanted:
                    return event

        return await asyncio.wait_for(matching(), timeout)

    def pending(self) -> list[Event]:
        """Whatever already arrived, without waiting."""
        events: list[Event] = []
        while self._events:
            events.append(self._take())
        return events

    def close(self) -> None:
        if not self._detached:
            self._detached = True
            self._detach(self)
            self.put(None)

    async def __aenter__(self) -> EventStream:
        return self

    async def __aexit__(self, *_: object) -> None:
        self.close()


class Dispatcher:
    def __init__(self, max_queued: int = MAX_QUEUED_EVENTS) -> None:
        self._callbacks: dict[str, list[Callback]] = {}
        self._streams: list[EventStream] = []
        self._max_queued = max_queued

    @overload
    def on(self, name: type[E], callback: Callable[[E], Awaitable[None] | None]) -> Callable[[], None]: ...

    @overload
    def on(self, name: str, callback: Callable[[Event], Awaitable[None] | None]) -> Callable[[], None]: ...

    def on(self, name: str | type[Event], callback: Callback) -> Callable[[], None]:
        """Call `callback(event)` (a function or a coroutine function) for each event of this name or type, or
        every event with "*". Returns a function that removes the callback."""
        key = name if isinstance(name, str) else name.name
        self._callbacks.setdefault(key, []).append(callback)

        def off() -> None:
            callbacks = self._callbacks.get(key, [])
            if callback in callbacks:
                callbacks.remove(callback)

        return off

    def stream(self) -> EventStream:
        stream = EventStream(self._streams.remove, self._max_queued)
        self._streams.append(stream)
        return stream

    async def emit(self, event: Event) -> None:
        for stream in list(self._streams):
            stream.put(event)
        for callback in [*self._callbacks.get(event.event, ()), *self._callbacks.get(ALL, ())]:
            try:
                result = callback(event)
                if inspect.isawaitable(result):
                    await result
            except Exception:  # an application's callback never breaks the SDK's event loop
                logger.exception("callback %r failed on %s", callback, event.event)

    def close(self) -> None:
        for stream in list(self._streams):
            stream.close()
