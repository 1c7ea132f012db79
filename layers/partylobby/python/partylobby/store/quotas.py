"""Quota counters: `PLAYER#p / QUOTA#<operation>#<window>`, one atomic UpdateItem per request, expiring by TTL."""

from __future__ import annotations

from partylobby.domain.quotas import Operation, Window
from partylobby.store import keys
from partylobby.store.table import ConditionFailed, Table


class QuotaStore:
    def __init__(self, table: Table) -> None:
        self.table = table

    def take(self, player_id: str, operation: Operation, window: Window, limit: int) -> bool:
        """Count one request unless `limit` are counted already: concurrent requests can never overshoot."""
        try:
            self.table.update(
                keys.quota(player_id, operation, window.index),
                "ADD n :one SET expires_at = :expires",
                "attribute_not_exists(n) OR n < :limit",
                values={":one": 1, ":limit": limit, ":expires": window.ends_at + 60},
            )
        except ConditionFailed:
            return False
        return True
