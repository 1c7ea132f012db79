"""Per-player quotas, spent before a command does anything."""

from __future__ import annotations

from collections.abc import Mapping

from partylobby.clock import Clock
from partylobby.domain.quotas import Operation, QuotaExceeded, window_at
from partylobby.metrics import Metric, count
from partylobby.store.quotas import QuotaStore


class QuotaService:
    def __init__(self, store: QuotaStore, clock: Clock, limits: Mapping[Operation, int] | None) -> None:
        self.store = store
        self.clock = clock
        self.limits = limits  # None: quotas off (load experiments)

    def spend(self, player_id: str, operation: Operation) -> None:
        if self.limits is None:
            return
        window = window_at(self.clock())
        limit = self.limits[operation]
        if not self.store.take(player_id, operation, window, limit):
            count(Metric.QUOTA_HITS)
            raise QuotaExceeded(f"at most {limit} {operation} requests a minute", window.retry_after)
