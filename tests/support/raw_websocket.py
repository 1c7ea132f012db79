"""A WebSocket client that never reads: opened by hand, so that no library reads frames in the background."""

from __future__ import annotations

import base64
import os
import socket
import time
from urllib.parse import urlsplit


def never_reading(ws_url: str, path: str = "/") -> socket.socket:
    """Open `ws_url` + `path` with a small receive buffer, and read not one byte past the 101."""
    parts = urlsplit(ws_url)
    assert parts.hostname and parts.port, ws_url
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.settimeout(10)
    raw.connect((parts.hostname, parts.port))
    key = base64.b64encode(os.urandom(16)).decode()
    upgrade = (
        f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    raw.sendall(upgrade.encode())
    head = b""
    while not head.endswith(b"\r\n\r\n"):  # byte by byte: no frame is read with the head
        head += raw.recv(1)
    assert head.startswith(b"HTTP/1.1 101"), head
    return raw


def closed_by_the_server(raw: socket.socket, timeout: float = 30.0) -> bool:
    """Read whatever was sent to the socket; True if the server closed it in the end."""
    deadline = time.monotonic() + timeout
    try:
        while (left := deadline - time.monotonic()) > 0:
            raw.settimeout(left)
            if not raw.recv(1 << 20):
                return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    return False
