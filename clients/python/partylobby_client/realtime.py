"""The managed WebSocket: one per client. It connects after sign-in, heartbeats, reconnects with jittered
exponential backoff, resyncs after each reconnect, and polls (resyncs) every 30-60 s while disconnected."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException

from partylobby_client.errors import PartyLobbyError, TransportError, error_from_answer
from partylobby_client.events import ConnectionState, ResyncReason

logger = logging.getLogger("partylobby_client")
HEARTBEAT = json.dumps({"action": "ping"})


@dataclass(frozen=True)
class RealtimeOptions:
    heartbeat_interval: float = 60.0  # API Gateway closes a socket idle for 10 minutes; 60 client messages/min
    reconnect_min: float = 1.0
    reconnect_max: float = 30.0
    poll_interval: tuple[float, float] = (30.0, 60.0)  # while disconnected: resync every uniform(low, high) s
    open_timeout: float = 10.0
    ping_interval: float | None = None  # protocol-level pings (websockets' own); off by default
    resync_on_connect: bool = True  # the first connection resyncs too (an app restarted inside a party)


def backoff_delays(low: float, high: float) -> Callable[[int], float]:
    """Attempt n waits `low * 2**n` capped at `high`, jittered to between half of it and all of it."""

    def delay(attempt: int) -> float:
        ceiling = min(high, low * 2 ** min(attempt, 30))
        return random.uniform(ceiling / 2, ceiling)

    return delay


class Realtime:
    def __init__(
        self,
        url: Callable[[], str],
        options: RealtimeOptions,
        on_push: Callable[[dict[str, Any]], Awaitable[None]],
        on_state: Callable[[ConnectionState, str | None], Awaitable[None]],
        resync: Callable[[ResyncReason], Awaitable[None]],
    ) -> None:
        self.options = options
        self._url, self._on_push, self._on_state, self._resync = url, on_push, on_state, resync
        self._ws: ClientConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._drops: list[str | None] = []
        self.connected = asyncio.Event()
        self.reconnect_allowed = asyncio.Event()
        self.reconnect_allowed.set()
        self._delay = backoff_delays(options.reconnect_min, options.reconnect_max)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Open the socket (errors of the first connect are raised: AuthError, RateLimited...), then keep it."""
        if self.running:
            return
        self._stopping = False
        ws = await self._open()
        await self._connected(ws, ResyncReason.CONNECT)  # connect() returns connected and in sync
        self._task = asyncio.create_task(self._run(ws), name="partylobby-realtime")

    async def stop(self) -> None:
        self._stopping = True
        self.reconnect_allowed.set()
        if self._ws is not None:
            await self._ws.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.connected.clear()

    # -- test hooks -----------------------------------------------------------------------

    def drop_connection(self, *, reconnect: bool = True) -> None:
        """Kill the socket as a network failure would (no close frame). With reconnect=False the SDK stays
        disconnected (polling) until `allow_reconnect()`."""
        if not reconnect:
            self.reconnect_allowed.clear()
        if self._ws is not None:
            self._ws.transport.abort()

    def allow_reconnect(self) -> None:
        self.reconnect_allowed.set()

    def drop_next_push(self, event: str | None = None) -> None:
        """Discard the next push (of this name, or any) as if the network lost it."""
        self._drops.append(event)

    # -- the loop ---------------------------------------------------------------------------

    async def _open(self) -> ClientConnection:
        try:
            return await connect(
                self._url(),
                open_timeout=self.options.open_timeout,
                ping_interval=self.options.ping_interval,
                max_size=2**20,
            )
        except InvalidStatus as refused:
            response = refused.response
            try:
                body: Any = json.loads(response.body or b"")
            except ValueError:
                body = {}
            retry = response.headers.get("Retry-After")
            raise error_from_answer(response.status_code, body, float(retry) if retry else None) from refused
        except (OSError, TimeoutError, WebSocketException) as error:
            raise TransportError("WebSocketError", 0, f"{type(error).__name__}: {error}") from error

    async def _connected(self, ws: ClientConnection, reason: ResyncReason) -> None:
        self._ws = ws
        self.connected.set()
        await self._on_state(ConnectionState.CONNECTED, None)
        if reason is ResyncReason.RECONNECT or self.options.resync_on_connect:
            await self._safely(self._resync(reason))

    async def _run(self, ws: ClientConnection | None) -> None:
        while not self._stopping:
            if ws is None:
                ws = await self._reconnect()
                await self._connected(ws, ResyncReason.RECONNECT)
            error = await self._read(ws)
            self._ws, ws = None, None
            self.connected.clear()
            if not self._stopping:
                logger.info("WebSocket lost (%s); reconnecting", error)
                await self._on_state(ConnectionState.DISCONNECTED, error)

    async def _read(self, ws: ClientConnection) -> str | None:
        heartbeat = asyncio.create_task(self._heartbeat(ws))
        try:
            async for message in ws:
                await self._deliver(message)
            return None
        except ConnectionClosed as closed:
            return str(closed)
        finally:
            heartbeat.cancel()

    async def _deliver(self, message: str | bytes) -> None:
        try:
            push = json.loads(message)
        except ValueError:
            logger.warning("a WebSocket message that is not JSON: %r", message[:200])
            return
        if not isinstance(push, dict):
            return
        name = push.get("event")
        for index, wanted in enumerate(self._drops):
            if wanted is None or wanted == name:
                del self._drops[index]
                logger.info("test hook: dropped the push %s", name)
                return
        await self._safely(self._on_push(push))

    async def _heartbeat(self, ws: ClientConnection) -> None:
        with contextlib.suppress(ConnectionClosed):
            while True:
                await asyncio.sleep(self.options.heartbeat_interval)
                await ws.send(HEARTBEAT)

    async def _reconnect(self) -> ClientConnection:
        poller = asyncio.create_task(self._poll())
        try:
            attempt = 0
            while True:
                await asyncio.sleep(self._delay(attempt))
                await self.reconnect_allowed.wait()
                try:
                    return await self._open()
                except PartyLobbyError as error:
                    logger.info("reconnect attempt %d failed: %s", attempt + 1, error)
                attempt += 1
        finally:
            poller.cancel()

    async def _poll(self) -> None:
        """While disconnected, the SDK still learns of changes: a resync every poll interval."""
        low, high = self.options.poll_interval
        while True:
            await asyncio.sleep(random.uniform(low, high))
            await self._safely(self._resync(ResyncReason.POLL))

    @staticmethod
    async def _safely(work: Awaitable[None]) -> None:
        try:
            await work
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("realtime: handling failed")
