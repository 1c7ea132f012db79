"""What the sync engine keeps besides the state: which chat messages it delivered (so a catch-up never repeats
one), and the resyncs it has put off."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime

SEEN_CHAT_KEPT = 512


class ChatCursor:
    """`high`: every seq up to it was seen (None: not known yet, as after joining); the last SEEN_CHAT_KEPT seqs
    seen, in the order seen."""

    def __init__(self) -> None:
        self.high: int | None = None
        self._seen: dict[int, None] = {}

    def restart(self, created: bool) -> None:
        """Another party: one we created has no chat before us; one we joined has some we do not want."""
        self.high = 0 if created else None
        self._seen.clear()

    def __contains__(self, seq: int) -> bool:
        return seq in self._seen

    def see(self, seq: int) -> None:
        """`high` moves up only while every seq up to it has been seen."""
        self._seen[seq] = None
        while len(self._seen) > SEEN_CHAT_KEPT:
            del self._seen[next(iter(self._seen))]
        if self.high is not None:
            while self.high + 1 in self._seen:
                self.high += 1

    def gap_before(self, seq: int) -> int | None:
        """The seq to catch chat up after, when `seq` is not the next one expected; None when it is."""
        if self.high is None or seq > self.high + 1:
            return self.high or 0
        return None

    def caught_up(self, after_seq: int, seqs: Iterable[int]) -> None:
        self.high = max([self.high or 0, after_seq, *seqs])


def moment(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return datetime.min


class Deferred:
    """A push of a party or lobby not held: the answer to our own join may still be on its way (pushes go out
    before the answer), so wait a moment, and resync only if it is still not held."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._pending: set[asyncio.Task[None]] = set()

    def resync_unless(self, held: Callable[[], bool], resync: Callable[[], Awaitable[None]]) -> None:
        async def later() -> None:
            await asyncio.sleep(self.delay)
            if not held():
                await resync()

        task = asyncio.create_task(later())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    def cancel(self) -> None:
        for task in list(self._pending):
            task.cancel()
