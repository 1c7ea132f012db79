"""A stack killed outright (SIGKILL: no handler runs) leaves no DynamoDB Local behind."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import start_stack, wait_until_ready

pytestmark = pytest.mark.e2e


def children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    return [int(c) for task in tasks.iterdir() for c in (task / "children").read_text().split()]


def is_java(pid: int) -> bool:
    try:
        return b"java" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_killing_the_stack_stops_its_dynamodb_local(tmp_path: Path) -> None:
    running = start_stack(tmp_path / "stack.log", "k" * 43, "--embedded-db", "dynamodb-local")
    wait_until_ready(running)
    (java,) = [pid for pid in children(running.process.pid) if is_java(pid)]

    running.process.send_signal(signal.SIGKILL)
    running.process.wait(10)
    deadline = time.monotonic() + 10
    while is_java(java) and time.monotonic() < deadline:
        time.sleep(0.1)

    assert not is_java(java), "DynamoDB Local outlived its stack"
