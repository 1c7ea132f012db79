"""Milliseconds per request on one keep-alive connection against a new connection per request.

Starts the local stack (`python -m local_gateway` on free ports) and times requests that answer with a body
and touch no database: `POST /dev/token` on the HTTP API, and a post to an unknown connection (410) on the
@connections API that the functions call for every push. A server that writes headers and body apart makes
each keep-alive request wait for the client's delayed ACK (about 40 ms); SDKs and browsers keep connections
alive, so the keep-alive figure is the one clients see.

Run: `make bench` (or `.venv/bin/python -m bench.keepalive`).
"""

from __future__ import annotations

import http.client
import re
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from tests.e2e.conftest import start_stack, stop, wait_until_ready

REQUESTS = 200
Request = tuple[str, str, bytes]


def timed(
    requests: int, connect: Callable[[], http.client.HTTPConnection], keep_alive: bool, request: Request
) -> list[float]:
    method, path, body = request
    connection = connect()
    elapsed: list[float] = []
    for _ in range(requests):
        if not keep_alive:
            connection = connect()
        started = time.perf_counter()
        connection.request(method, path, body=body, headers={"content-type": "application/json"})
        response = connection.getresponse()
        response.read()
        elapsed.append((time.perf_counter() - started) * 1000)
        if not keep_alive:
            connection.close()
    connection.close()
    return elapsed


def report(label: str, url: str, request: Request) -> None:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80

    def connect() -> http.client.HTTPConnection:
        return http.client.HTTPConnection(host, port, timeout=10)

    for keep_alive in (True, False):
        samples = timed(REQUESTS, connect, keep_alive, request)
        p95 = statistics.quantiles(samples, n=20)[-1]
        mode = "one keep-alive connection" if keep_alive else "a new connection each"
        print(f"{label:<40} {mode:<26} median {statistics.median(samples):6.2f} ms  p95 {p95:6.2f} ms")


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        running = start_stack(Path(directory) / "stack.log", secrets.token_urlsafe(32))
        try:
            url = wait_until_ready(running)
            management = re.search(r"@connections API at (\S+)\)", running.output())
            assert management, running.output()
            stage = urlsplit(management.group(1))
            print(f"{REQUESTS} requests each, the local stack on {url}, the @connections API on {stage.netloc}")
            report("HTTP API: POST /dev/token", url, ("POST", "/dev/token", b'{"player_id": "bench"}'))
            unknown = ("POST", f"{stage.path}/@connections/unknown", b'{"event": "x"}')
            report("@connections API: POST to a gone socket", management.group(1), unknown)
        finally:
            stop(running)


if __name__ == "__main__":
    main()
