"""Per-player quotas (after EOS's "Lobby Usage Limitations"): so many requests of a kind per minute.

A fixed one-minute window per player and operation; over it, the request is refused with the seconds
until the window frees (Retry-After), and nothing changes. The counter is one atomic UpdateItem per
request (`PLAYER#p / QUOTA#<operation>#<window>`, expiring by TTL), so concurrent requests can never
overshoot. Quotas guard the edge, not a party's or a lobby's rules: the HTTP and WebSocket entries spend
them before a command does anything, and this one module holds all of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from partylobby.clock import Clock
from partylobby.domain.errors import TooManyRequests
from partylobby.metrics import Metric, count
from partylobby.store import keys
from partylobby.store.table import ConditionFailed, Table

WINDOW_SECONDS = 60


class Operation(StrEnum):
    CREATE = "create"
    JOIN = "join"  # join, accept an invite, leave
    INVITE = "invite"
    KICK = "kick"
    PROMOTE = "promote"  # promote, transfer leadership
    DESTROY = "destroy"  # destroy, dismiss, logout
    DELETE_INVITE = "delete_invite"  # reject, decline
    SETTINGS = "settings"  # a party's strategies
    SEARCH = "search"
    SOCIAL = "social"  # friend requests and blocks
    READ = "read"
    UPDATE = "update"  # lobby and member attributes, custom data
    CHAT = "chat"
    CONNECT = "connect"  # opening a WebSocket
    MESSAGE = "message"  # a WebSocket message from the client (keep-alives)


DEFAULT_LIMITS: Mapping[Operation, int] = MappingProxyType(
    {op: 30 for op in Operation}
    | {Operation.READ: 100, Operation.UPDATE: 100, Operation.CHAT: 60, Operation.MESSAGE: 60}
)


@dataclass(frozen=True)
class Window:
    index: int  # whole minutes since the epoch
    retry_after: int  # whole seconds until the next window, at least 1

    @property
    def ends_at(self) -> int:
        return (self.index + 1) * WINDOW_SECONDS


def window_at(now: datetime) -> Window:
    seconds = now.timestamp()
    index = int(seconds // WINDOW_SECONDS)
    return Window(index, max(1, int((index + 1) * WINDOW_SECONDS - seconds + 0.999)))


class QuotaExceeded(TooManyRequests):
    err_code = "kBackendTooManyRequests"  # lobby routes answer EOS_TooManyRequests (by route family)

    def __init__(self, msg: str, retry_after: int) -> None:
        super().__init__(msg)
        self.retry_after = retry_after


class Quotas:
    def __init__(self, table: Table, clock: Clock, limits: Mapping[Operation, int] | None) -> None:
        self.table = table
        self.clock = clock
        self.limits = limits  # None: quotas off (load experiments)

    def spend(self, player_id: str, operation: Operation) -> None:
        """Count one request of `operation`, or refuse it when the window's limit is counted already."""
        if self.limits is None:
            return
        window = window_at(self.clock())
        limit = self.limits[operation]
        try:
            self.table.update(
                keys.quota(player_id, operation, window.index),
                "ADD n :one SET expires_at = :expires",
                "attribute_not_exists(n) OR n < :limit",
                values={":one": 1, ":limit": limit, ":expires": window.ends_at + 60},
            )
        except ConditionFailed:
            count(Metric.QUOTA_HITS)
            raise QuotaExceeded(f"at most {limit} {operation} requests a minute", window.retry_after) from None
