"""How the managed WebSocket waits, retries and stops: its options, the backoff, the poll while disconnected,
and what a refused handshake or the service's own close means."""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from websockets.http11 import Response

from partylobby_client.errors import AuthError, ErrCode, PartyLobbyError, error_from_answer
from partylobby_client.sdk_events import ConnectionState

logger = logging.getLogger("partylobby_client")
# OnConnectionClosed reasons after which the SDK does not reconnect on its own; any other is a plain disconnect
STOPPING_CLOSES = {"socket_limit": ConnectionState.SOCKET_LIMIT, "logout": ConnectionState.LOGGED_OUT}


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


def refusal_error(response: Response) -> PartyLobbyError:
    """A refused handshake as an error: API Gateway answers 401 for a token its authorizer refuses and 403 for
    an authorizer's Deny, both with a bare `{"message"}`: both mean the token was refused."""
    try:
        body: Any = json.loads(response.body or b"")
    except ValueError:
        body = {}
    retry = response.headers.get("Retry-After")
    error = error_from_answer(response.status_code, body, float(retry) if retry else None)
    if response.status_code == 403 and not isinstance(error, AuthError):  # a 401 is one already
        message = body.get("message", "") if isinstance(body, dict) else ""
        return AuthError(ErrCode.GATEWAY_FORBIDDEN, response.status_code, str(message))
    return error


def close_detail(data: dict[str, Any]) -> str:
    if data.get("reason") == "socket_limit":
        return f"the service closed this socket: the player opened more than {data.get('max_sockets')} sockets"
    return "the service closed this socket: the player logged out"


class Poller:
    """While disconnected, the SDK still learns of changes: a resync every poll interval."""

    def __init__(self, interval: tuple[float, float], resync: Callable[[], Awaitable[None]]) -> None:
        self.interval, self.resync = interval, resync
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="partylobby-poll")

    def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None and task is not asyncio.current_task():  # the poller itself ends its loop
            task.cancel()

    async def _run(self) -> None:
        low, high = self.interval
        while self._task is asyncio.current_task():  # until stop()
            await asyncio.sleep(random.uniform(low, high))
            await safely(self.resync())


async def safely(work: Awaitable[None]) -> None:
    try:
        await work
    except asyncio.CancelledError:
        raise
    except Exception:
        logger.exception("realtime: handling failed")
