"""Quota windows are whole minutes of the clock: a test that fills one must not straddle two.

In-process (unit and service tiers), the test travels to the start of a minute with time-machine: the handlers'
system clock (datetime.now) then reads that minute and ticks on from it, with no waiting. The e2e stack is a
process of its own on the real clock, so its tests wait, when they must, to start early in a minute.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

START_OF_A_MINUTE = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
at_the_start_of_a_minute = pytest.mark.time_machine(START_OF_A_MINUTE, tick=True)
"""A test's whole clock, fixtures included, starts at START_OF_A_MINUTE and ticks: a minute's margin."""

MARGIN_SECONDS = 15


def early_in_a_window() -> None:
    """For a stack in another process: wait for the next minute if this one has less than MARGIN_SECONDS left."""
    into = time.time() % 60
    if into > 60 - MARGIN_SECONDS:
        time.sleep(60.05 - into)
