"""Presence: a player's open sockets, the aggregates they are in, and since when they have had no socket.

It belongs to the player, not to any aggregate: the sweeper and logout read it to leave every party
and every lobby the player is in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from partylobby.domain.lobby.limits import MAX_LOBBIES_PER_USER


class MembershipKind(StrEnum):
    PARTY = "party"
    LOBBY = "lobby"


MEMBERSHIP_LIMITS: Mapping[MembershipKind, int] = MappingProxyType(
    {MembershipKind.PARTY: 1, MembershipKind.LOBBY: MAX_LOBBIES_PER_USER}
)
"""How many aggregates of a kind a player may be in at once; the table enforces it too."""


class Departure(StrEnum):
    """Why sessions make a player leave: they logged out, or stayed offline past the grace."""

    LOGOUT = "logout"
    OFFLINE = "offline"


@dataclass(frozen=True)
class Presence:
    player_id: str
    connections: frozenset[str] = frozenset()
    memberships: Mapping[MembershipKind, frozenset[str]] = field(default_factory=dict)
    offline_since: datetime | None = None

    @property
    def online(self) -> bool:
        return bool(self.connections)

    def member_of(self, kind: MembershipKind) -> frozenset[str]:
        return self.memberships.get(kind, frozenset())

    def party_id(self) -> str | None:
        return next(iter(self.member_of(MembershipKind.PARTY)), None)
