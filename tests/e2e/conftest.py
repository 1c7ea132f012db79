"""One local stack per session (`python -m local_gateway`), driven over real HTTP and WebSockets like a game client."""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
import requests
from websockets.sync.client import connect

from tests.e2e.sockets import Socket

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_SECONDS = 30
STOP_TIMEOUT_SECONDS = 10
# Long enough that no test of the session stack ever sees a member leave for being offline.
SESSION_OFFLINE_GRACE_SECONDS = "3600"
OFFLINE_GRACE_SECONDS = 2
REMOVAL_TIMEOUT = OFFLINE_GRACE_SECONDS + 4.0  # grace, one sweeper period, and slack for a busy CI machine


@dataclass
class RunningStack:
    process: subprocess.Popen[bytes]
    log: Path
    url: str = ""
    ws_url: str = ""

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_stack(log: Path, secret: str, *extra: str, module: str = "local_gateway") -> RunningStack:
    """Start the stack on free ports; its output goes to a file, so a full pipe can never stall it. Its state
    file (for `make invoke`) goes next to the log, never over a developer's `.local/stack.json`. `module`: what
    `python -m` runs, the stack or a test's wrapper of it (tests/e2e/minute_ending_stack.py)."""
    ports = ["--http-port", "0", "--ws-port", "0", "--dynamodb-port", "0"]
    command = [sys.executable, "-m", module, *ports, "--state-file", str(state_file(log)), *extra]
    env = {**os.environ, "LOCAL_JWT_SECRET": secret, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    return RunningStack(process, log)


def state_file(log: Path) -> Path:
    return log.with_suffix(".json")


def wait_until_ready(stack: RunningStack, timeout: float = READY_TIMEOUT_SECONDS) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in stack.output().splitlines():
            if line.startswith("ws: "):
                stack.ws_url = line.removeprefix("ws: ").strip()
            if line.startswith("ready: "):
                stack.url = line.removeprefix("ready: ").strip()
                return stack.url
        if stack.process.poll() is not None:
            break
        time.sleep(0.05)
    stack.process.kill()
    raise RuntimeError(f"the local stack did not get ready:\n{stack.output()}")


def stop(stack: RunningStack) -> int:
    stack.process.terminate()
    try:
        return stack.process.wait(STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        stack.process.kill()
        raise


@dataclass
class Player:
    url: str
    id: str
    token: str
    ws_url: str = ""
    http: requests.Session = field(default_factory=requests.Session)
    sockets: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)

    def connect(self) -> Socket:
        """A WebSocket of this player, closed at the end of the test."""
        return Socket(self.sockets.enter_context(connect(f"{self.ws_url}/?token={self.token}", open_timeout=10)))

    def call(self, method: str, path: str, body: Any = None) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token}"}
        return self.http.request(method, self.url + path, json=body, headers=headers, timeout=10)

    def get(self, path: str) -> requests.Response:
        return self.call("GET", path)

    def post(self, path: str, body: Any = None) -> requests.Response:
        return self.call("POST", path, body)

    def put(self, path: str, body: Any = None) -> requests.Response:
        return self.call("PUT", path, body)

    def delete(self, path: str) -> requests.Response:
        return self.call("DELETE", path)

    def create_party(self, **params: Any) -> dict[str, Any]:
        response = self.post("/parties", params)
        assert response.status_code == 201, response.text
        party: dict[str, Any] = response.json()
        return party


@dataclass(frozen=True)
class Stack:
    url: str
    secret: str
    ws_url: str = ""

    def token(self, player_id: str, admin: bool = False) -> str:
        response = requests.post(f"{self.url}/dev/token", json={"player_id": player_id, "admin": admin}, timeout=10)
        assert response.status_code == 200, response.text
        token: str = response.json()["token"]
        return token

    def player(self, name: str) -> Player:
        """A player no other test knows: ids are unique per call."""
        player_id = f"{name}-{uuid4().hex[:8]}"
        return Player(self.url, player_id, self.token(player_id), self.ws_url)


@contextlib.contextmanager
def running_stack(log: Path, *extra: str, module: str = "local_gateway") -> Iterator[Stack]:
    secret = secrets.token_urlsafe(32)
    running = start_stack(log, secret, *extra, module=module)
    url = wait_until_ready(running)
    yield Stack(url, secret, running.ws_url)
    assert stop(running) == 0, running.output()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    log = tmp_path_factory.mktemp("stack") / "stack.log"
    with running_stack(log, "--offline-grace-seconds", SESSION_OFFLINE_GRACE_SECONDS) as started:
        yield started


@pytest.fixture(scope="session")
def offline_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A stack whose offline grace is short enough for tests to watch players leave (tests/e2e/*offline*)."""
    log = tmp_path_factory.mktemp("offline") / "stack.log"
    with running_stack(log, "--offline-grace-seconds", str(OFFLINE_GRACE_SECONDS)) as started:
        yield started


@contextlib.contextmanager
def players_of(stack: Stack) -> Iterator[Callable[[str], Player]]:
    """A factory of fresh players whose sockets all close when the test ends."""
    created: list[Player] = []

    def new(name: str) -> Player:
        created.append(stack.player(name))
        return created[-1]

    yield new
    for player in created:
        player.sockets.close()


@pytest.fixture
def new_player(stack: Stack) -> Iterator[Callable[[str], Player]]:
    with players_of(stack) as new:
        yield new


def refusal(response: requests.Response) -> tuple[int, str]:
    """Status and err_code of an error answer of the contract."""
    return response.status_code, str(response.json()["err_code"])
