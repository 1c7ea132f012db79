"""A simulated player's connections: its own keep-alive HTTP connection (every command, timed and recorded) and
its WebSocket, read in a task that hands every push to its beliefs."""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from bench.loadtest.beliefs import Beliefs
from bench.loadtest.stats import Answer

HTTP_TIMEOUT_SECONDS = 30.0  # API Gateway's own limit on an integration

AGGREGATE_PATH = re.compile(r"^/(?:parties|lobbies)/([^/?]+)")


def aggregate_in(path: str) -> str | None:
    """The party or lobby a command's path names (None for a create: the new id never came back)."""
    found = AGGREGATE_PATH.match(path)
    return found.group(1) if found else None


@dataclass
class Connected(Beliefs):
    """A player with its HTTP connection and WebSocket: the pushes its socket reads go to its beliefs."""

    http: httpx.AsyncClient = field(init=False)
    socket: ClientConnection | None = None
    reader: asyncio.Task[None] | None = None
    closing: bool = False
    token: str = ""
    unsettled: bool = False  # a command got no answer: what it believes may be wrong

    def __post_init__(self) -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        self.http = httpx.AsyncClient(base_url=self.world.http_url, timeout=HTTP_TIMEOUT_SECONDS, limits=limits)
        super().__post_init__()

    async def sign_in(self) -> None:
        response = await self.http.post("/dev/token", json={"player_id": self.id})
        response.raise_for_status()
        self.token = str(response.json()["token"])
        self.http.headers["Authorization"] = f"Bearer {self.token}"

    async def call(self, command: str, method: str, path: str, body: Any = None) -> Answer:
        started = time.perf_counter()
        try:
            answer = Answer.of(await self.http.request(method, path, json=body))
        except httpx.TimeoutException:
            answer = Answer(0, problem="timeout")
        except httpx.TransportError as error:
            answer = Answer(0, problem=type(error).__name__)
        self.world.stats.record(command, answer, (time.perf_counter() - started) * 1000, f"{method} {path}")
        self.note(f"{method} {path} {json.dumps(body) if body else ''} -> {answer.status} {answer.summary}")
        if (answer.status == 0 or answer.status >= 500) and method != "GET" and path != "/lobbies/search":
            self.world.unanswered.add((self.id, aggregate_in(path)))
            self.unsettled = True
        return answer

    async def connect(self, command: str = "WebSocket connect") -> bool:
        started = time.perf_counter()
        try:
            socket = await connect(f"{self.world.ws_url}/?token={self.token}", open_timeout=10, ping_interval=None)
        except InvalidStatus as refused:
            answer = Answer.of(
                httpx.Response(refused.response.status_code, content=bytes(refused.response.body or b""))
            )
        except (OSError, TimeoutError, InvalidHandshake) as error:
            answer = Answer(0, problem=type(error).__name__)
        else:
            answer = Answer(101)
            self.socket, self.closing = socket, False
            self.reader = asyncio.create_task(self._read(socket))
        self.world.stats.record(command, answer, (time.perf_counter() - started) * 1000, "GET /")
        self.note(f"{command} -> {answer.status}")
        return answer.ok

    async def disconnect(self) -> None:
        self.note("closing its socket")
        self.closing = True
        if self.socket is not None:
            await self.socket.close()
        if self.reader is not None:
            await self.reader
        self.socket = self.reader = None

    async def _read(self, socket: ClientConnection) -> None:
        try:
            async for raw in socket:
                self.on_push(json.loads(raw))
        except ConnectionClosed:
            pass
        except ValueError:
            self.world.stats.failure(f"WebSocket of {self.id}: a push that is not JSON")
        if not self.closing:
            self.world.stats.failure(f"WebSocket of {self.id} closed by the server: {socket.close_code}")
