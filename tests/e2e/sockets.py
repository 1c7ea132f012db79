"""A game client's WebSocket: pushes in the contract's envelope, bounded waits, and proof of silence."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection

EVENT_TIMEOUT_SECONDS = 5.0
# Pushes are posted before the HTTP call that caused them answers, so a short wait proves silence.
SILENCE_SECONDS = 0.3

Push = dict[str, Any]


def check_envelope(push: Push) -> Push:
    """`{event, ts, data: {party_id, version, ...}}`, nothing else at the top."""
    assert set(push) == {"event", "ts", "data"}, push
    assert datetime.fromisoformat(push["ts"]).tzinfo is not None, push
    assert isinstance(push["data"]["party_id"], str) and isinstance(push["data"]["version"], int), push
    return push


@dataclass
class Socket:
    connection: ClientConnection

    def next_push(self, timeout: float = EVENT_TIMEOUT_SECONDS) -> Push:
        push: Push = json.loads(self.connection.recv(timeout=timeout))
        return check_envelope(push)

    def expect(self, event: str, timeout: float = EVENT_TIMEOUT_SECONDS) -> dict[str, Any]:
        """The next push must be `event`; returns its data."""
        push = self.next_push(timeout)
        assert push["event"] == event, push
        data: dict[str, Any] = push["data"]
        return data

    def closed_with(self, timeout: float = EVENT_TIMEOUT_SECONDS) -> tuple[dict[str, Any], int | None]:
        """The server's last push before it closed this socket (OnConnectionClosed's data), and the close code."""
        notice = json.loads(self.connection.recv(timeout=timeout))
        assert (set(notice), notice["event"]) == ({"event", "ts", "data"}, "OnConnectionClosed"), notice
        return notice["data"], self.close_code(timeout)

    def pending(self) -> list[str]:
        """Whatever already arrived, without waiting."""
        messages = []
        while True:
            try:
                messages.append(str(self.connection.recv(timeout=0)))
            except TimeoutError:
                return messages

    def close_code(self, timeout: float = EVENT_TIMEOUT_SECONDS) -> int | None:
        """Wait for the server to close this socket; the code it closed with."""
        try:
            while True:
                self.connection.recv(timeout=timeout)
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None

    def close(self) -> None:
        self.connection.close()


def assert_silent(*sockets: Socket, seconds: float = SILENCE_SECONDS) -> None:
    """None of these sockets receives anything within a short wait (one wait for all)."""
    time.sleep(seconds)
    received = {index: socket.pending() for index, socket in enumerate(sockets)}
    assert not any(received.values()), received
