"""State the local stack owns per object, not per module: the code locks of its functions, the processes it started."""

from __future__ import annotations

import subprocess
import sys

from local_gateway.dynamodb_local import StartedProcesses
from local_gateway.lambdas import CodeLocks


def test_functions_of_one_code_directory_share_one_lock() -> None:
    locks = CodeLocks()
    assert locks.for_function("PartyApiFunction") is locks.for_function("LobbyApiFunction")  # functions/http_api
    assert locks.for_function("PartyApiFunction") is not locks.for_function("WebSocketFunction")  # functions/ws


def test_two_registries_share_no_lock() -> None:
    assert CodeLocks().for_function("PartyApiFunction") is not CodeLocks().for_function("PartyApiFunction")


def sleeper() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def test_kill_all_kills_what_was_started_and_not_what_was_stopped() -> None:
    started = StartedProcesses()
    running, stopped = sleeper(), sleeper()
    started.add(running)
    started.add(stopped)
    started.discard(stopped)
    try:
        started.kill_all()
        assert running.wait(5) == -9  # SIGKILL
        assert stopped.poll() is None
    finally:
        stopped.kill()
        for process in (running, stopped):
            process.wait(5)
