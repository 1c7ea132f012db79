"""Sessions: sockets opening and closing, logout, and the offline sweep, over every aggregate a player is in."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Protocol

from partylobby.clock import Clock
from partylobby.domain.presence import (
    CloseReason,
    ConnectionClosed,
    Departure,
    MembershipKind,
    Presence,
    sockets_over_the_cap,
)
from partylobby.push.notifier import Notifier
from partylobby.store.presence import PresenceStore

if TYPE_CHECKING:
    from mypy_boto3_apigatewaymanagementapi import ApiGatewayManagementApiClient


class Membership(Protocol):
    """What an aggregate's service offers sessions: tell that a member went offline; make one leave."""

    def went_offline(self, player_id: str, aggregate_ids: frozenset[str]) -> None:
        """Their last socket closed; they keep their places until the grace ends."""
        ...

    def depart(self, player_id: str, aggregate_id: str, departure: Departure) -> bool:
        """Whether the player was there to leave."""
        ...


@dataclass(frozen=True, kw_only=True)
class SessionService:
    presence: PresenceStore
    memberships: Mapping[MembershipKind, Membership]
    clock: Clock
    offline_grace: timedelta
    max_sockets: int
    notifier: Notifier
    management: ApiGatewayManagementApiClient | None

    def connected(self, player_id: str, connection_id: str) -> None:
        """A socket past the cap closes the player's oldest: every push fans out to every socket."""
        sockets = self.presence.connect(player_id, connection_id, self.clock())
        if len(sockets) <= self.max_sockets:
            return
        oldest = sockets_over_the_cap(self.presence.connected_at(sockets), self.max_sockets, connection_id)
        self.presence.forget(player_id, frozenset(oldest))
        self._close_sockets(player_id, frozenset(oldest), CloseReason.SOCKET_LIMIT)

    def disconnected(self, connection_id: str, player_id: str | None = None) -> None:
        player_id = player_id or self.presence.player_of_connection(connection_id)
        if not player_id:
            return
        offline = self.presence.disconnect(player_id, connection_id, self.clock())
        for kind, aggregate_ids in offline.memberships.items() if offline else ():
            self.memberships[kind].went_offline(player_id, aggregate_ids)

    def sweep(self) -> list[str]:
        """Players with no socket for longer than the grace leave everything they are in."""
        cutoff = self.clock() - self.offline_grace
        marked = self.presence.offline_before(cutoff)
        # The index lags the table: read the candidates again before removing anyone.
        removed = []
        for presence in self.presence.current(p.player_id for p in marked):
            since = presence.offline_since
            if since is None or (since > cutoff and not presence.online):
                continue  # reconnected (the mark went with it), or marked again since: a later sweep
            if not presence.online and self._leave_everything(presence, Departure.OFFLINE):
                removed.append(presence.player_id)
            self.presence.clear_offline_mark(presence)
        return sorted(removed)

    def logout(self, player_id: str) -> None:
        """Leave every aggregate at once, then close every socket of the player."""
        self._leave_everything(self.presence.get(player_id), Departure.LOGOUT)
        self._close_sockets(player_id, self.presence.close_all(player_id), CloseReason.LOGOUT)

    def _leave_everything(self, presence: Presence, departure: Departure) -> bool:
        left = False
        for kind, aggregate_ids in presence.memberships.items():
            for aggregate_id in aggregate_ids:
                left |= self.memberships[kind].depart(presence.player_id, aggregate_id, departure)
        return left

    def _close_sockets(self, player_id: str, connection_ids: frozenset[str], reason: CloseReason) -> None:
        """Say why in a last push (DeleteConnection carries no close reason), then close."""
        if self.management is None or not connection_ids:
            return
        notice = ConnectionClosed(frozenset({player_id}), reason, self.max_sockets)
        self.notifier.publish([notice], {player_id: connection_ids})
        for connection_id in sorted(connection_ids):
            with contextlib.suppress(self.management.exceptions.GoneException):
                self.management.delete_connection(ConnectionId=connection_id)
