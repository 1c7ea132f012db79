"""Quota windows are whole minutes of the system clock: a test that fills one starts early in it."""

from __future__ import annotations

import time

MARGIN_SECONDS = 15


def early_in_a_window() -> None:
    """Wait for the next minute if this one has less than MARGIN_SECONDS left."""
    into = time.time() % 60
    if into > 60 - MARGIN_SECONDS:
        time.sleep(60.05 - into)
