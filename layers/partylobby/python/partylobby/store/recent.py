"""Items a container read a moment ago, for searches: a lobby every searcher of a bucket is shown is read
from DynamoDB once a second by each warm container, not once by every search.

A search's lobbies are read eventually consistent, as its index is, so results up to a moment old are
what a search promises already. A change this container commits drops its item at once; a read that
began before the change is not kept (it could hold the state before). Kept items expire `seconds` after
their read began, whoever changes them: another container's change shows within that time.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping

from partylobby.store.table import Item

MOST = 1_000  # items kept: the lobbies the busiest searches show, a few MB at most


class Recent:
    def __init__(self, seconds: float, now: Callable[[], float] = time.monotonic) -> None:
        self.seconds, self.now = seconds, now
        self._kept: OrderedDict[str, tuple[float, Item]] = OrderedDict()  # by id, oldest read first
        self._changed: OrderedDict[str, float] = OrderedDict()  # when this container last changed each
        self._lock = threading.Lock()  # the local stack serves requests on threads

    def fresh(self, ids: Iterable[str]) -> dict[str, Item]:
        """The kept items of these ids that have not expired."""
        now = self.now()
        with self._lock:
            kept = ((i, self._kept.get(i)) for i in ids)
            return {i: entry[1] for i, entry in kept if entry is not None and entry[0] > now}

    def keep(self, items: Mapping[str, Item], read_at: float) -> None:
        """Keep what a read that began at `read_at` (self.now()) found, unless a change here raced it."""
        if self.seconds <= 0:
            return
        with self._lock:
            for item_id, item in items.items():
                if self._changed.get(item_id, read_at - 1) < read_at:
                    self._kept[item_id] = (read_at + self.seconds, item)
                    self._kept.move_to_end(item_id)
            while len(self._kept) > MOST or (self._kept and next(iter(self._kept.values()))[0] <= read_at):
                self._kept.popitem(last=False)

    def changed(self, item_id: str) -> None:
        if self.seconds <= 0:
            return
        now = self.now()
        with self._lock:
            self._kept.pop(item_id, None)
            self._changed[item_id] = now
            self._changed.move_to_end(item_id)
            # A read that began before a change older than `seconds` would expire as soon as it is kept.
            while next(iter(self._changed.values())) + self.seconds <= now:
                self._changed.popitem(last=False)
