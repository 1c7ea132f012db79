"""The command runner every aggregate uses: load -> decide -> commit, replayed on a conflict, then publish.

A conflict means a condition on what the command read no longer holds (another command committed
first). The runner reloads and lets the domain decide again, at most MAX_ATTEMPTS times with a short
jittered pause, so that racing writers spread out. Events are published only after the commit.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from partylobby.domain.errors import ConcurrentModification, DomainError
from partylobby.domain.events import DomainEvent
from partylobby.push.notifier import Notifier
from partylobby.store.table import WriteConflict

MAX_ATTEMPTS = 16


class Outcome(Protocol):
    @property
    def events(self) -> Sequence[DomainEvent]: ...


S = TypeVar("S")
C = TypeVar("C", bound=Outcome)
T = TypeVar("T")


def replayed(
    attempt: Callable[[], T],
    contention: Callable[[str], DomainError] = ConcurrentModification,
    max_attempts: int = MAX_ATTEMPTS,
) -> T:
    """`attempt` until it commits without a conflict; past the bound, the aggregate's contention error."""
    for tries in range(max_attempts):
        try:
            return attempt()
        except WriteConflict:
            time.sleep(random.uniform(0, 0.005 * (tries + 1)))
    raise contention("it kept changing under this request; try again")


class CommandRunner:
    def __init__(self, notifier: Notifier) -> None:
        self.notifier = notifier

    def run(
        self,
        load: Callable[[], S],
        decide: Callable[[S], C],
        commit: Callable[[S, C], C],
        contention: Callable[[str], DomainError] = ConcurrentModification,
    ) -> C:
        """`commit` gets what was loaded and what was decided, and answers what it committed: the decided
        change, or (for commuting writes) the one built from the state the write met."""

        def attempt() -> C:
            loaded = load()
            return commit(loaded, decide(loaded))

        change = replayed(attempt, contention)
        self.notifier.publish(change.events)
        return change
