"""The open WebSockets, by connection id: what the `@connections` API posts to, inspects and closes."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Protocol

from websockets.exceptions import ConnectionClosed

# A push may arrive between the 101 reaching the client and the server's handler starting;
# API Gateway delivers it, so it waits this long for the socket to be open.
OPEN_WAIT_SECONDS = 2.0


class Socket(Protocol):
    def send(self, message: str | bytes) -> None: ...

    def close(self, code: int = 1000, reason: str = "") -> None: ...


@dataclass(eq=False)
class LiveConnection:
    connection_id: str
    socket: Socket
    source_ip: str
    user_agent: str
    connected_at: float = field(default_factory=time.time)
    last_active_at: float = field(default_factory=time.time)
    opened: threading.Event = field(default_factory=threading.Event)

    def touch(self) -> None:
        self.last_active_at = time.time()

    def send(self, data: bytes) -> bool:
        """Send a frame: text when the data is UTF-8, as API Gateway does. False if the socket is gone."""
        if not self.opened.wait(OPEN_WAIT_SECONDS):
            return False
        try:
            message: str | bytes = data.decode("utf-8")
        except UnicodeDecodeError:
            message = data
        try:
            self.socket.send(message)
        except ConnectionClosed:
            return False
        self.touch()
        return True


class ConnectionRegistry:
    def __init__(self) -> None:
        self._connections: dict[str, LiveConnection] = {}
        self._lock = threading.Lock()

    def add(self, connection: LiveConnection) -> None:
        with self._lock:
            self._connections[connection.connection_id] = connection

    def get(self, connection_id: str) -> LiveConnection | None:
        with self._lock:
            return self._connections.get(connection_id)

    def discard(self, connection_id: str) -> LiveConnection | None:
        with self._lock:
            return self._connections.pop(connection_id, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._connections)
