"""`python -m tests.e2e.minute_ending_stack [local_gateway args]`: the local stack, except that once it serves, its
clock is SECONDS_LEFT before the end of a minute (time-machine, ticking on from there).

Quota windows are whole minutes of the stack's clock: a test that fills one right after the stack is ready sees it
free SECONDS_LEFT later, not up to a minute later. The clock only ever jumps forward, by less than a minute, and
before any request: tokens and items all carry the shifted time. DynamoDB Local (Java) checks no request's time.
"""

from __future__ import annotations

import runpy
import time
from datetime import UTC, datetime

import time_machine

from local_gateway import server

SECONDS_LEFT = 12  # from serving to the 429 took 4 s on a busy 2-core machine: the window holds all of it
_serve = server.LocalStack.start


def minute_ending_soon(now: float) -> datetime:
    """The moment, at most a minute after `now`, that is SECONDS_LEFT before a minute ends."""
    ahead = (60 - SECONDS_LEFT - now % 60) % 60
    return datetime.fromtimestamp(now + ahead, UTC)


def serve_on_a_minute_ending_soon(stack: server.LocalStack) -> None:
    time_machine.travel(minute_ending_soon(time.time()), tick=True).start()
    _serve(stack)


if __name__ == "__main__":
    server.LocalStack.start = serve_on_a_minute_ending_soon  # type: ignore[method-assign,assignment]
    runpy.run_module("local_gateway", run_name="__main__", alter_sys=True)
