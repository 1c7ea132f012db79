"""The party's history, which outlives it (for the portal): facts each command adds, and the record they make.

A command adds at most a few facts, whatever the party's age: the store writes each as its own small
item, so a party's history costs O(1) per change and never grows one item past DynamoDB's limit.
A member's stay is a *stint*, named by the party version at which they joined.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

DISMISSED = "dismissed"
"""A stint's reason when its member was still in the party at its dismissal (beside left, kicked, offline)."""


@dataclass(frozen=True)
class Opened:
    party_name: str
    max_player: int
    leader_id: str
    at: datetime


@dataclass(frozen=True)
class Entered:
    player_id: str
    stint: int
    at: datetime


@dataclass(frozen=True)
class Exited:
    player_id: str
    stint: int
    at: datetime
    reason: str


@dataclass(frozen=True)
class LeaderChanged:
    old_leader_id: str
    new_leader_id: str
    at: datetime
    version: int


@dataclass(frozen=True)
class Closed:
    """The party is gone: dismissed by its leader, or left empty."""

    at: datetime
    reason: str


HistoryFact = Opened | Entered | Exited | LeaderChanged | Closed


@dataclass(frozen=True)
class Stint:
    player_id: str
    joined_at: datetime
    left_at: datetime | None = None
    reason: str | None = None


@dataclass(frozen=True)
class LeaderChange:
    old_leader_id: str
    new_leader_id: str
    at: datetime


@dataclass(frozen=True)
class History:
    """The record of one party, as the portal shows it; stints in joining order."""

    party_id: str
    party_name: str
    max_player: int
    leader_id: str
    created_at: datetime
    members: tuple[Stint, ...]
    leader_changes: tuple[LeaderChange, ...] = ()
    dismissed_at: datetime | None = None

    def summary(self) -> Summary:
        return Summary(
            self.party_id, self.party_name, self.max_player, self.leader_id, self.created_at, self.dismissed_at
        )


def record(party_id: str, facts: Iterable[HistoryFact]) -> History:
    """The record the facts make, in the order they happened (Opened first)."""
    opened: Opened | None = None
    stints: dict[int, Stint] = {}
    changes: list[LeaderChange] = []
    closed: Closed | None = None
    for fact in facts:
        match fact:
            case Opened():
                opened = fact
            case Entered():
                stints[fact.stint] = Stint(fact.player_id, fact.at)
            case Exited():
                stints[fact.stint] = replace(stints[fact.stint], left_at=fact.at, reason=fact.reason)
            case LeaderChanged():
                changes.append(LeaderChange(fact.old_leader_id, fact.new_leader_id, fact.at))
            case Closed():
                closed = fact
    if opened is None:
        raise ValueError("a party's history starts with Opened")
    if closed is not None:
        stints = {n: _closed(s, closed.at) for n, s in stints.items()}
    return History(
        party_id=party_id,
        party_name=opened.party_name,
        max_player=opened.max_player,
        leader_id=changes[-1].new_leader_id if changes else opened.leader_id,
        created_at=opened.at,
        members=tuple(stints[n] for n in sorted(stints)),
        leader_changes=tuple(changes),
        dismissed_at=closed.at if closed else None,
    )


def _closed(stint: Stint, at: datetime) -> Stint:
    """Members still in the party when it closed leave then, reason `dismissed`."""
    return stint if stint.left_at else replace(stint, left_at=at, reason=DISMISSED)


@dataclass(frozen=True)
class Summary:
    """A party's record without its members: what the portal lists."""

    party_id: str
    party_name: str
    max_player: int
    leader_id: str
    created_at: datetime
    dismissed_at: datetime | None = None


@dataclass(frozen=True)
class Window:
    """A time window, both ends included (created_at for the newest parties, joined_at for a player's)."""

    start: datetime
    end: datetime
