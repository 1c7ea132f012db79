"""The managed WebSocket: one per client. It connects after sign-in, heartbeats, reconnects with jittered
exponential backoff, resyncs after each reconnect, and polls (resyncs) every 30-60 s while disconnected.

It stops on its own, saying why once with OnConnectionStateChanged, when reconnecting would not help:
`auth_failed` (the service refused the token: a 401/403 handshake, or a 401 during a resync), `socket_limit`
(the service closed this socket, the player's oldest, for one opened beyond the cap: reconnecting would evict
another of the player's sockets) and `logged_out` (the player logged out). The service says the reason of its
closes in a last push, OnConnectionClosed, because API Gateway's DeleteConnection closes without one. Stopped,
it neither reconnects nor polls until `resume()` (the client's `set_token` and `reconnect`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from partylobby_client.errors import AuthError, PartyLobbyError, TransportError
from partylobby_client.reconnects import (
    STOPPING_CLOSES,
    Poller,
    RealtimeOptions,
    backoff_delays,
    close_detail,
    safely,
)
from partylobby_client.sdk_events import ConnectionState, ResyncReason
from partylobby_client.socket_events import OnConnectionClosed
from partylobby_client.wire import TestHooks, keep_alive, open_socket

logger = logging.getLogger("partylobby_client")


class Realtime(TestHooks):
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
        self._poller = Poller(self.options.poll_interval, lambda: self._resync(ResyncReason.POLL))
        self._closing: asyncio.Task[None] | None = None
        self._active = False  # between start() and stop()
        self._stopped: ConnectionState | None = None  # why it stopped on its own; None: it did not
        self._closed_by: dict[str, Any] | None = None  # the OnConnectionClosed push's data on this socket
        self._wake = asyncio.Event()  # resume(): cut a wait short
        self._at_once = False  # resume(): the next attempt without waiting
        self._waiters: list[asyncio.Future[PartyLobbyError | None]] = []
        self._drops = []
        self.state: ConnectionState | None = None  # as last raised
        self.handshakes = 0  # WebSocket handshakes tried, refused ones included (for tests and diagnostics)
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
        self._active, self._stopped = True, None
        try:
            ws = await self._open()
        except BaseException:
            self._active = False
            raise
        await self._connected(ws, ResyncReason.CONNECT)  # connect() returns connected and in sync
        self._task = asyncio.create_task(self._run(ws), name="partylobby-realtime")

    async def stop(self) -> None:
        self._active = False
        self.reconnect_allowed.set()
        if self._ws is not None:
            await self._ws.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._poller.stop()
        self.connected.clear()
        self._settle(TransportError("ClientClosed", 0, "the client was closed"))

    def resume(self) -> None:
        """Reconnect at once if not connected: out of a stop of its own (auth_failed, socket_limit,
        logged_out), or cutting a backoff wait short. Connected, it changes nothing."""
        if not self._active or self.connected.is_set():
            return
        self._stopped, self._at_once = None, True
        self._wake.set()

    async def reconnect(self) -> None:
        """resume(), then wait until connected and resynced. Raises the error that stops it again (AuthError:
        the token was refused); while the network fails it goes on trying, so give it a timeout."""
        if not self._active:
            await self.start()
            return
        if self.connected.is_set():
            return
        outcome: asyncio.Future[PartyLobbyError | None] = asyncio.get_running_loop().create_future()
        self._waiters.append(outcome)
        self.resume()
        error = await outcome
        if error is not None:
            raise error

    async def refuse_token(self, error: AuthError) -> None:
        """The service refused the token (a 401 during a resync): stop reconnecting and polling, say so once."""
        await self._stop(ConnectionState.AUTH_FAILED, str(error), error)

    # -- the loop ---------------------------------------------------------------------------

    async def _open(self) -> ClientConnection:
        self.handshakes += 1
        return await open_socket(self._url(), self.options)

    async def _connected(self, ws: ClientConnection, reason: ResyncReason) -> None:
        self._ws, self._closed_by = ws, None
        self._poller.stop()
        self._at_once = False
        self._wake.clear()
        self.connected.set()
        await self._say(ConnectionState.CONNECTED, None)
        if reason is ResyncReason.RECONNECT or self.options.resync_on_connect:
            await safely(self._resync(reason))
        self._settle(None)

    async def _run(self, ws: ClientConnection | None) -> None:
        while self._active:
            if ws is None:
                ws = await self._reconnect()
                await self._connected(ws, ResyncReason.RECONNECT)
            error = await self._read(ws)
            self._ws, ws = None, None
            self.connected.clear()
            if self._active:
                await self._lost(error)

    async def _lost(self, error: str | None) -> None:
        """The socket closed: reconnect, unless the service said why it closed it and that is for good."""
        closed_by, self._closed_by = self._closed_by, None
        if self._stopped is not None:  # a refused token closed it, and said so
            return
        if closed_by is not None and (stopping := STOPPING_CLOSES.get(str(closed_by.get("reason")))):
            await self._stop(stopping, close_detail(closed_by))
            return
        logger.info("WebSocket lost (%s); reconnecting", error)
        await self._say(ConnectionState.DISCONNECTED, error)

    async def _read(self, ws: ClientConnection) -> str | None:
        heartbeat = asyncio.create_task(keep_alive(ws, self.options.heartbeat_interval))
        try:
            async for message in ws:
                await self._deliver(message)
            return None
        except ConnectionClosed as closed:
            return str(closed)
        finally:
            heartbeat.cancel()

    async def _deliver(self, message: str | bytes) -> None:
        if self._stopped is not None:
            return  # the socket is closing: a refused token
        try:
            push = json.loads(message)
        except ValueError:
            logger.warning("a WebSocket message that is not JSON: %r", message[:200])
            return
        if not isinstance(push, dict):
            return
        name = push.get("event")
        if self._dropped(name):
            return
        if name == OnConnectionClosed.name:
            data = push.get("data")
            self._closed_by = data if isinstance(data, dict) else {}
        await safely(self._on_push(push))

    async def _reconnect(self) -> ClientConnection:
        """Attempts with backoff, polling meanwhile, until a socket opens; stopped, it waits for resume()."""
        attempt = 0
        while True:
            if self._stopped is not None:
                await self._wait_for_wake(None)
                attempt = 0
                continue
            if not self._at_once:
                if self._active:
                    self._poller.start()
                await self._wait_for_wake(self._delay(attempt))
                if self._stopped is not None:  # a poll's resync found the token refused
                    continue
            self._at_once = False
            self._wake.clear()
            await self.reconnect_allowed.wait()
            try:
                return await self._open()
            except AuthError as refused:
                await self._stop(ConnectionState.AUTH_FAILED, str(refused), refused)
            except PartyLobbyError as error:
                logger.info("reconnect attempt %d failed: %s", attempt + 1, error)
            attempt += 1

    async def _wait_for_wake(self, seconds: float | None) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)
        self._wake.clear()

    async def _stop(self, state: ConnectionState, detail: str, error: PartyLobbyError | None = None) -> None:
        """Stop reconnecting and polling (closing the socket if one is open) and say why, once."""
        if not self._active or self._stopped is not None:
            return
        self._stopped = state
        self._poller.stop()
        self.connected.clear()
        if self._ws is not None:  # closed aside: this may run inside the socket's own read loop
            self._closing = asyncio.create_task(self._ws.close())
        logger.warning("realtime stopped (%s): %s; set_token() or reconnect() resumes", state.value, detail)
        await self._say(state, detail)
        self._settle(error or PartyLobbyError(state.value, 0, detail))

    def _settle(self, outcome: PartyLobbyError | None) -> None:
        """Answer the reconnect() calls waiting: connected (None), or why it stopped again."""
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(outcome)

    async def _say(self, state: ConnectionState, detail: str | None) -> None:
        self.state = state
        await self._on_state(state, detail)
