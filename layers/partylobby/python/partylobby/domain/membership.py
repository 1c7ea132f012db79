"""The membership kernel: what every kind of group (a party, a lobby) has and does alike.

A group seats its members in joining order, has an owner (PGOS calls them the leader) and a capacity,
and bumps its version at every change. What the join rules read about a player entering is an
Entrant; what a change does to memberships (who enters, since when offline; who is released) is read
by the store, which writes it the same way for every kind. A kind of group keeps only what makes it
differ: its settings, its rules and its events. A third kind would subclass Group and write its rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from partylobby.domain.errors import DomainError


@dataclass(frozen=True)
class Seat:
    player_id: str
    joined_at: datetime
    seat: int  # the group's version at which they joined: unique per group, orders members


M = TypeVar("M", bound=Seat)


class Group(Generic[M]):
    """Membership, for a frozen dataclass that has `members` (in joining order) and names its owner."""

    members: tuple[M, ...]
    version: int
    not_member: ClassVar[type[DomainError]]  # raised when someone who is not in it acts as a member
    not_owner: ClassVar[type[DomainError]]
    kind_name: ClassVar[str]  # in error messages: "party"
    owner_title: ClassVar[str]  # in error messages: "party leader"

    @property
    def owner(self) -> str:
        raise NotImplementedError

    @property
    def capacity(self) -> int:
        raise NotImplementedError

    @property
    def member_ids(self) -> frozenset[str]:
        return frozenset(m.player_id for m in self.members)

    @property
    def available_slots(self) -> int:
        return self.capacity - len(self.members)

    def is_member(self, player_id: str) -> bool:
        return player_id in self.member_ids

    def member(self, player_id: str) -> M:
        for member in self.members:
            if member.player_id == player_id:
                return member
        raise self.not_member(f"you are not a member of this {self.kind_name}")

    def require_member(self, player_id: str) -> None:
        self.member(player_id)

    def require_owner(self, player_id: str) -> None:
        self.require_member(player_id)
        if player_id != self.owner:
            raise self.not_owner(f"only the {self.owner_title} can do this")

    def without(self, player_id: str) -> tuple[M, ...]:
        return tuple(m for m in self.members if m.player_id != player_id)

    def owner_after(self, leaving: str) -> str | None:
        """Succession: the longest-present member left, if the owner is the one leaving; None if no one is."""
        remaining = self.without(leaving)
        if not remaining:
            return None
        return remaining[0].player_id if leaving == self.owner else self.owner


@dataclass(frozen=True)
class Entrant:
    """What the join rules read about a player entering a group, gathered in one batch."""

    player_id: str
    online: bool = False
    groups: int = 0  # how many groups of this kind they are in already
    invited: bool = False  # holds a live invitation to this group
    friends: frozenset[str] = frozenset()  # which of the players asked about are their friends
    blocked: frozenset[str] = frozenset()  # which of the players asked about block them, or are blocked


@dataclass(frozen=True)
class Entering:
    """A player taking a seat. With no socket open, their offline grace starts as they enter."""

    player_id: str
    offline_since: datetime | None


def entering(entrants: Iterable[Entrant], now: datetime) -> tuple[Entering, ...]:
    return tuple(Entering(e.player_id, None if e.online else now) for e in entrants)


class MembershipChange:
    """What a kind's Change (a frozen dataclass) tells the store besides the state: whose memberships move."""

    created: bool
    closed: bool  # the group ends: its state goes
    entered: tuple[Entering, ...]
    released: tuple[str, ...]  # the players whose memberships are given back

    @property
    def group(self) -> Group[Any]:
        raise NotImplementedError

    @property
    def expected_version(self) -> int:
        """The version the command read: the state is written only if it is still there."""
        return self.group.version - 1

    @property
    def joined(self) -> tuple[str, ...]:
        return tuple(e.player_id for e in self.entered)
