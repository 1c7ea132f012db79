"""The socket as such: opening it (a refused handshake raised as the SDK's error), keeping it alive, and the
test hooks that break it on purpose."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException

from partylobby_client.errors import TransportError
from partylobby_client.reconnects import RealtimeOptions, refusal_error

logger = logging.getLogger("partylobby_client")
HEARTBEAT = json.dumps({"action": "ping"})


async def open_socket(url: str, options: RealtimeOptions) -> ClientConnection:
    try:
        return await connect(
            url, open_timeout=options.open_timeout, ping_interval=options.ping_interval, max_size=2**20
        )
    except InvalidStatus as refused:
        raise refusal_error(refused.response) from refused
    except (OSError, TimeoutError, WebSocketException) as error:
        raise TransportError("WebSocketError", 0, f"{type(error).__name__}: {error}") from error


async def keep_alive(ws: ClientConnection, interval: float) -> None:
    """A message every `interval`: API Gateway closes a socket idle for 10 minutes."""
    with contextlib.suppress(ConnectionClosed):
        while True:
            await asyncio.sleep(interval)
            await ws.send(HEARTBEAT)


class TestHooks:
    """What tests use to make the network fail on purpose."""

    _ws: ClientConnection | None
    _drops: list[str | None]  # the pushes to discard next: an event name, or None for any
    reconnect_allowed: asyncio.Event

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

    def _dropped(self, name: object) -> bool:
        for index, wanted in enumerate(self._drops):
            if wanted is None or wanted == name:
                del self._drops[index]
                logger.info("test hook: dropped the push %s", name)
                return True
        return False
