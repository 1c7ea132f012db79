"""The open WebSockets, by connection id: what the `@connections` API posts to, inspects and closes.

Posting never waits for the peer. Each connection has a bounded outbox that one writer thread drains in
order, as API Gateway queues for a socket: a client that stops reading fills its own outbox, never a
caller's thread (the HTTP function posts while it holds its lock, so one blocked post stalled every
request). A socket whose outbox overflows, or that takes longer than SEND_TIMEOUT_SECONDS to send one
message, is cut off as API Gateway cuts off slow consumers; posts to it then answer 410 like any closed
connection.
"""

from __future__ import annotations

import contextlib
import socket as sockets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from websockets.exceptions import ConnectionClosed

# A push may arrive between the 101 reaching the client and the server's handler starting;
# API Gateway delivers it, so the writer waits this long for the socket to be open.
OPEN_WAIT_SECONDS = 2.0
MAX_QUEUED_MESSAGES = 1024  # an outbox past either bound closes its socket
MAX_QUEUED_BYTES = 1024 * 1024  # 8 of the largest messages (128 KB)
SEND_TIMEOUT_SECONDS = 10.0  # a message not sent within this closes its socket
# The kernel's send buffer, fixed: Linux would grow it to 4 MB, megabytes a stalled socket holds uncounted.
SEND_BUFFER_BYTES = 128 * 1024


class Socket(Protocol):
    def send(self, message: str | bytes) -> None: ...

    def close(self, code: int = 1000, reason: str = "") -> None: ...


@dataclass(frozen=True)
class _Close:
    code: int
    reason: str


class Outbox:
    """What waits for one socket, written in order by one thread, started on the first message."""

    def __init__(
        self,
        socket: Socket,
        opened: threading.Event,
        on_sent: Callable[[], None],
        transport: sockets.socket | None,
    ) -> None:
        self.socket, self.opened, self.on_sent, self.transport = socket, opened, on_sent, transport
        self.closed = False
        self._items: deque[bytes | _Close] = deque()
        self._bytes = 0
        self._ready = threading.Condition()
        self._writer: threading.Thread | None = None

    def put(self, data: bytes) -> bool:
        with self._ready:
            if self.closed:
                return False
            if len(self._items) >= MAX_QUEUED_MESSAGES or self._bytes + len(data) > MAX_QUEUED_BYTES:
                self._cut_off()
                return False
            self._items.append(data)
            self._bytes += len(data)
            self._wake_writer()
        return True

    def close_after_queued(self, code: int, reason: str) -> None:
        with self._ready:
            if not self.closed:
                self._items.append(_Close(code, reason))
                self._wake_writer()

    def end(self) -> None:
        with self._ready:
            self._drop()

    def _wake_writer(self) -> None:
        if self._writer is None:
            self._writer = threading.Thread(target=self._write, name="ws-writer", daemon=True)
            self._writer.start()
        self._ready.notify()

    def _drop(self) -> None:
        """Called holding `_ready`."""
        self.closed = True
        self._items.clear()
        self._bytes = 0
        self._ready.notify()

    def _cut_off(self) -> None:
        """Called holding `_ready`. Without a transport (a stand-in socket), a close is the best there is."""
        self._drop()
        if self.transport is None:
            threading.Thread(target=self.socket.close, args=(1008, "Slow consumer"), daemon=True).start()
            return
        with contextlib.suppress(OSError):  # already closed
            self.transport.shutdown(sockets.SHUT_RDWR)  # wakes a send blocked on it; the reader sees the end

    def _next(self) -> bytes | _Close | None:
        with self._ready:
            while not self._items and not self.closed:
                self._ready.wait()
            if self.closed:
                return None
            item = self._items.popleft()
            if isinstance(item, bytes):
                self._bytes -= len(item)
            return item

    def _write(self) -> None:
        if not self.opened.wait(OPEN_WAIT_SECONDS):
            self.end()
            return
        while (item := self._next()) is not None:
            if isinstance(item, _Close):
                self.end()
                self.socket.close(item.code, item.reason)
                return
            if not self._send_now(item):  # the socket closed (a send past the timeout closes it too)
                self.end()
                return

    def _send_now(self, data: bytes) -> bool:
        try:
            message: str | bytes = data.decode("utf-8")
        except UnicodeDecodeError:
            message = data
        try:
            self.socket.send(message)
        except (ConnectionClosed, OSError):
            return False
        self.on_sent()
        return True


@dataclass(eq=False)
class LiveConnection:
    connection_id: str
    socket: Socket
    source_ip: str
    user_agent: str
    connected_at: float = field(default_factory=time.time)
    last_active_at: float = field(default_factory=time.time)
    opened: threading.Event = field(default_factory=threading.Event)
    # The TCP socket under `socket`, if any: the send timeout is set on it, and cutting it off shuts it down.
    transport: sockets.socket | None = None
    outbox: Outbox = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.transport is not None:
            self.transport.setsockopt(sockets.SOL_SOCKET, sockets.SO_SNDBUF, SEND_BUFFER_BYTES)
            self.transport.settimeout(SEND_TIMEOUT_SECONDS)  # sendall raises past it; reads wait for data first
        self.outbox = Outbox(self.socket, self.opened, self.touch, self.transport)

    def touch(self) -> None:
        self.last_active_at = time.time()

    @property
    def closed(self) -> bool:
        return self.outbox.closed

    def send(self, data: bytes) -> bool:
        """Queue a frame (text when the data is UTF-8, as API Gateway sends it). False if the socket is gone,
        or the frame overflowed its outbox, which cuts the socket off."""
        return self.outbox.put(data)

    def close_after_queued(self, code: int = 1000, reason: str = "") -> None:
        """Close the socket once the frames queued before this call are sent (DELETE @connections)."""
        self.outbox.close_after_queued(code, reason)

    def ended(self) -> None:
        """The socket is closed (the client left, or it was cut off): drop what is queued, stop the writer."""
        self.outbox.end()


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
