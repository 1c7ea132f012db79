"""The command runner every aggregate uses: load -> decide -> commit, replayed on a conflict, then publish.

A conflict means a condition on what the command read no longer holds (another command committed
first). The runner reloads and lets the domain decide again, at most MAX_ATTEMPTS times with a short
jittered pause, so that racing writers spread out. Events are published only after the commit.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

from partylobby.domain.errors import ConcurrentModification
from partylobby.domain.events import DomainEvent
from partylobby.metrics import Metric, count
from partylobby.push.notifier import Notifier
from partylobby.store.presence import PresenceStore
from partylobby.store.table import WriteConflict

MAX_ATTEMPTS = 16
logger = Logger(child=True)


class Outcome(Protocol):
    @property
    def events(self) -> Sequence[DomainEvent]: ...


S = TypeVar("S")
C = TypeVar("C", bound=Outcome)
T = TypeVar("T")


def replayed(attempt: Callable[[], T]) -> T:
    """`attempt` until it commits without a conflict; past the bound, ConcurrentModification."""
    for tries in range(MAX_ATTEMPTS):
        try:
            return attempt()
        except WriteConflict:
            time.sleep(random.uniform(0, 0.005 * (tries + 1)))
    raise ConcurrentModification("it kept changing under this request; try again")


@dataclass(frozen=True)
class Committed(Generic[S, C]):
    loaded: S  # what the last attempt loaded
    change: C  # what it committed
    online: frozenset[str]  # who, among the events' recipients and the watched players, has a socket open


class CommandRunner:
    """One read of the audience's sockets per command serves both the push and the caller's `online` flags."""

    def __init__(self, presence: PresenceStore, notifier: Notifier) -> None:
        self.presence = presence
        self.notifier = notifier

    def run(
        self,
        load: Callable[[], S],
        decide: Callable[[S], C],
        commit: Callable[[S, C], C],
        watch: Callable[[C], Iterable[str]] | None = None,
    ) -> Committed[S, C]:
        """`commit` gets what was loaded and what was decided, and answers what it committed: the decided
        change, or (for commuting writes) the one built from the state the write met. `watch` names the
        players whose online state the caller needs besides the recipients."""

        def attempt() -> tuple[S, C]:
            loaded = load()
            return loaded, commit(loaded, decide(loaded))

        loaded, change = replayed(attempt)
        count(Metric.COMMANDS)
        online = self.publish(change.events, also_watch=watch(change) if watch else ())
        return Committed(loaded, change, online)

    def publish(self, events: Sequence[DomainEvent], also_watch: Iterable[str] = ()) -> frozenset[str]:
        """Push committed events; answers who, among the recipients and the watched, has a socket open.
        The command has committed: failing to read the sockets skips the pushes (clients resync on the next
        one) and shows everyone offline, rather than failing a request whose retry would run it again."""
        audience = {player for event in events for player in event.recipients} | set(also_watch)
        try:
            sockets = self.presence.sockets_of(audience) if audience else {}
        except (BotoCoreError, ClientError):
            logger.exception("committed, but the audience's sockets could not be read: no push")
            return frozenset()
        if events:
            self.notifier.publish(events, sockets)
        return frozenset(sockets)
