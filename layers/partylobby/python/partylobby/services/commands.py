"""How every command runs: load, let the domain decide, commit in one transaction, then publish.

A command's body is written once, top to bottom, inside `for attempt in attempts(): with attempt:`.
A conflict (a condition on what the body read no longer holds: another command committed first)
ends that attempt and runs the body again on fresh state, at most MAX_ATTEMPTS times with a short
jittered pause so that racing writers spread out. Events are published only after the loop, that is
after the commit:

    for attempt in attempts():
        with attempt:
            party = self.parties.load(party_id)          # load
            change = rules.leave(party, player, now)     # decide (pure)
            self.parties.commit(change)                  # commit (one transaction)
    self.publisher.publish(change.events)                # publish
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Iterator, Sequence
from types import TracebackType

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


class Attempt:
    """One run of a command's body: a conflict inside it is swallowed and marks it for a replay."""

    def __init__(self) -> None:
        self.conflicted = False

    def __enter__(self) -> Attempt:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _: TracebackType | None) -> bool:
        self.conflicted = isinstance(error, WriteConflict)
        return self.conflicted


def attempts() -> Iterator[Attempt]:
    """Attempts until one ends without a conflict; past the bound, ConcurrentModification."""
    for tries in range(MAX_ATTEMPTS):
        attempt = Attempt()
        yield attempt
        if not attempt.conflicted:
            count(Metric.COMMANDS)
            return
        time.sleep(random.uniform(0, 0.005 * (tries + 1)))
    raise ConcurrentModification("it kept changing under this request; try again")


class Publisher:
    """One read of the audience's sockets per command serves both the push and the caller's `online` flags."""

    def __init__(self, presence: PresenceStore, notifier: Notifier) -> None:
        self.presence = presence
        self.notifier = notifier

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
