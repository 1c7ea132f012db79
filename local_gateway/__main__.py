"""`make run`: the local stack. See `python -m local_gateway --help`."""

import os
import signal
from types import FrameType


def _exit_now(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C or SIGTERM during the imports below (about half a second): nothing has started yet. Not an
    exception: one raised in a weakref callback of the import machinery is swallowed, and the signal lost."""
    os._exit(0)


for _signal in (signal.SIGINT, signal.SIGTERM):
    signal.signal(_signal, _exit_now)

from local_gateway.server import run  # noqa: E402 - after the handlers above

raise SystemExit(run())
