"""Ctrl-C and SIGTERM: the local stack stops within STOP_DEADLINE_SECONDS, whatever it is doing.

While the stack starts, the first signal raises StopRequested in the main thread, so the start unwinds and
stops what it had started (a start can wait a minute on an unreachable --dynamodb-endpoint). Once it serves, a
signal only sets a flag that the main thread polls, and the stack stops in order. An exception raised where
Python swallows it (a weakref callback, a __del__) still leaves the flag set: the start finishes, then stops.
If stopping takes longer than the deadline (a busy database, a socket that never closes), a watchdog ends the
process: everything the stack runs lives in this process, and what it runs outside (DynamoDB Local's Java) is
killed first (`kill_first`).

The handler takes no lock: a handler runs in the main thread between two bytecodes, possibly inside a lock
that the main thread holds, so even `threading.Event.set` can deadlock there.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType

STOP_DEADLINE_SECONDS = 4.0  # then the watchdog ends the process: stopped within 5 s at any time
SIGNALS = (signal.SIGINT, signal.SIGTERM)
_POLL_SECONDS = 0.1


class StopRequested(BaseException):
    """Not KeyboardInterrupt: one raised inside exec()'d code (dataclasses and namedtuple build their methods
    so) makes CPython 3.11 end the process by SIGINT at exit, even when it was caught."""


class StopSignals:
    def __init__(self, deadline: float = STOP_DEADLINE_SECONDS, kill_first: Callable[[], None] = lambda: None) -> None:
        self.requested_at: float | None = None
        self._interrupting = True
        self._deadline = deadline
        self._kill_first = kill_first
        threading.Thread(target=self._watch, name="stop-deadline", daemon=True).start()
        for signum in SIGNALS:  # last: from here on a signal may raise
            signal.signal(signum, self._on_signal)

    @property
    def requested(self) -> bool:
        return self.requested_at is not None

    def defer(self) -> None:
        """From now on a signal only sets `requested`: the caller finishes what it does, then stops in order."""
        self._interrupting = False

    def wait(self) -> None:
        while self.requested_at is None:
            time.sleep(_POLL_SECONDS)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.requested_at is not None:
            return  # already stopping; the watchdog bounds how long
        self.requested_at = time.monotonic()
        if self._interrupting:
            self._interrupting = False
            raise StopRequested

    def _watch(self) -> None:
        while True:
            time.sleep(_POLL_SECONDS)
            requested_at = self.requested_at
            if requested_at is not None and time.monotonic() - requested_at > self._deadline:
                print(f"error: still stopping after {self._deadline:.1f} s; exiting now", file=sys.stderr, flush=True)
                self._kill_first()
                os._exit(1)
