"""Presence: a player's open sockets, the aggregates they are in, and since when they have had no socket.

It belongs to the player, not to any aggregate: the sweeper and logout read it to leave every party
and every lobby the player is in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from partylobby.domain.events import DomainEvent
from partylobby.domain.lobby.limits import MAX_LOBBIES_PER_USER
from partylobby.domain.membership import Entrant


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

    def entrant(self, kind: MembershipKind) -> Entrant:
        """The player entering a group of `kind` (creating one), as the join rules read them."""
        return Entrant(self.player_id, self.online, groups=len(self.member_of(kind)))


class CloseReason(StrEnum):
    """Why the service closes a socket. DeleteConnection sends no close reason, so a last push says it."""

    SOCKET_LIMIT = "socket_limit"  # the player opened more sockets than the cap: this was the oldest
    LOGOUT = "logout"


class ConnectionClosed(DomainEvent, name="OnConnectionClosed"):
    """Sent to the sockets about to be closed, and only to them (the notifier is given just those)."""

    recipients: frozenset[str]
    reason: CloseReason
    max_sockets: int

    def data(self) -> dict[str, Any]:
        if self.reason is CloseReason.SOCKET_LIMIT:
            return {"reason": self.reason.value, "max_sockets": self.max_sockets}
        return {"reason": self.reason.value}


def sockets_over_the_cap(connected_at: Mapping[str, datetime | None], cap: int, newest: str) -> list[str]:
    """The oldest sockets beyond `cap`, to close; never `newest`, the one opening. A socket whose record is
    gone (it expired) counts as the oldest."""
    older = sorted((c for c in connected_at if c != newest), key=lambda c: (connected_at[c] or _LONG_AGO, c))
    return older[: max(0, len(connected_at) - cap)]


_LONG_AGO = datetime.min.replace(tzinfo=UTC)
