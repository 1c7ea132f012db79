"""Delivery of events to the application: callbacks by event name or type, and async iterators."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, overload

from partylobby_client.events import Event

logger = logging.getLogger("partylobby_client")
E = TypeVar("E", bound=Event)
Callback = Callable[[Any], Awaitable[None] | None]
ALL = "*"


class EventStream:
    """An async iterator of every event from the moment it was made: `async for event in client.events()`.

    Each stream has its own queue, so several readers each see every event. `await stream.next(timeout)` and
    `await stream.wait_for(name)` serve tests and REPLs; `close()` (or leaving `async with`) detaches it.
    """

    def __init__(self, detach: Callable[[EventStream], None]) -> None:
        self._queue: asyncio.Queue[Event | None] = asyncio.Queue()
        self._detach = detach
        self._closed = False
        self._detached = False

    def put(self, event: Event | None) -> None:
        self._queue.put_nowait(event)

    def __aiter__(self) -> EventStream:
        return self

    async def __anext__(self) -> Event:
        if self._closed and self._queue.empty():
            raise StopAsyncIteration
        event = await self._queue.get()
        if event is None:
            self._closed = True
            raise StopAsyncIteration
        return event

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
        while not self._queue.empty():
            event = self._queue.get_nowait()
            if event is not None:
                events.append(event)
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
    def __init__(self) -> None:
        self._callbacks: dict[str, list[Callback]] = {}
        self._streams: list[EventStream] = []

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
        stream = EventStream(self._streams.remove)
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
