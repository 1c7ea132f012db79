"""Sockets, presence and logout: who is online, who has been gone past the grace period."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import TYPE_CHECKING

from partylobby.clock import Clock
from partylobby.domain.party.errors import NotPartyMember, PartyNotFound
from partylobby.domain.party.model import LeaveReason
from partylobby.services.parties import PartyService
from partylobby.store.connections import ConnectionStore

if TYPE_CHECKING:
    from mypy_boto3_apigatewaymanagementapi import ApiGatewayManagementApiClient


class PresenceService:
    def __init__(
        self,
        *,
        connections: ConnectionStore,
        parties: PartyService,
        clock: Clock,
        offline_grace: timedelta,
        management: ApiGatewayManagementApiClient | None,
    ) -> None:
        self.connections = connections
        self.parties = parties
        self.clock = clock
        self.offline_grace = offline_grace
        self.management = management

    def online(self, player_ids: frozenset[str]) -> frozenset[str]:
        return self.connections.online(player_ids)

    def connected(self, player_id: str, connection_id: str) -> None:
        self.connections.add(player_id, connection_id, self.clock())

    def disconnected(self, connection_id: str, player_id: str | None = None) -> None:
        player_id = player_id or self.connections.player_of(connection_id)
        if player_id:
            self.connections.remove(player_id, connection_id, self.clock())

    def sweep(self) -> list[str]:
        """Remove party members whose sockets have all been closed for longer than the grace."""
        removed = []
        candidates = self.connections.offline_since(self.clock() - self.offline_grace)
        online = self.connections.online(p for p, _ in candidates)
        for player_id, party_id in candidates:
            if player_id in online:
                self.connections.clear_offline_marker(player_id)
                continue
            try:
                self.parties.leave(player_id, party_id, LeaveReason.OFFLINE)
            except (NotPartyMember, PartyNotFound):
                continue  # already gone by another path
            removed.append(player_id)
        return removed

    def logout(self, player_id: str) -> None:
        """Leave the party at once, then close every socket of the player."""
        party_id = self.parties.party_id_of(player_id)
        if party_id:
            with contextlib.suppress(NotPartyMember, PartyNotFound):
                self.parties.leave(player_id, party_id)
        for connection_id in self.connections.remove_all(player_id):
            self._close(connection_id)

    def _close(self, connection_id: str) -> None:
        if self.management is None:
            return
        with contextlib.suppress(self.management.exceptions.GoneException):
            self.management.delete_connection(ConnectionId=connection_id)
