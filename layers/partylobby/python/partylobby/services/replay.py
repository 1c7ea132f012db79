"""Bounded reload-and-replay for commands whose condition found the state moved on."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from partylobby.domain.errors import ConcurrentModification
from partylobby.store.table import VersionConflict

T = TypeVar("T")

MAX_ATTEMPTS = 16


def with_replay(attempt: Callable[[], T], max_attempts: int = MAX_ATTEMPTS) -> T:
    for tries in range(max_attempts):
        try:
            return attempt()
        except VersionConflict:
            # Jittered, growing pause so that racing writers spread out.
            time.sleep(random.uniform(0, 0.005 * (tries + 1)))
    raise ConcurrentModification("the party kept changing; try again")
