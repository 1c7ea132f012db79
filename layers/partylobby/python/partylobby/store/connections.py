"""WebSocket connections and presence.

A player's sockets live in one item (`PLAYER#p / CONNECTIONS`, a string set), so fan-out to a
party reads the members' items in one BatchGetItem whatever the number of players online.
Presence: while a player holds a party lock with no open socket, the lock carries the sparse
`gsi1` marker (`OFFLINE`, since-when); the sweeper queries that index, never scans.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from partylobby.clock import epoch_seconds, iso
from partylobby.store import keys
from partylobby.store.table import ConditionFailed, Table, unless_condition_fails

# API Gateway closes a WebSocket after two hours at most; the record may go a little later.
CONNECTION_RECORD_TTL = timedelta(hours=3)


class ConnectionStore:
    def __init__(self, table: Table) -> None:
        self.table = table

    def connections_of(self, player_ids: Iterable[str]) -> dict[str, frozenset[str]]:
        """Open connection ids per player, for the players that have any: one batch read."""
        wanted = sorted(set(player_ids))
        found = self.table.batch_get([keys.connections(p) for p in wanted], projection="pk, conn_ids")
        return {
            keys.player_id_of(i): frozenset(i["conn_ids"]) for i in found if i.get("conn_ids")
        }

    def online(self, player_ids: Iterable[str]) -> frozenset[str]:
        return frozenset(self.connections_of(player_ids))

    def player_of(self, connection_id: str) -> str | None:
        item = self.table.get(keys.connection(connection_id))
        return str(item["player_id"]) if item else None

    def add(self, player_id: str, connection_id: str, now: datetime) -> None:
        record = {
            **keys.connection(connection_id),
            "player_id": player_id,
            "connected_at": iso(now),
            "expires_at": epoch_seconds(now + CONNECTION_RECORD_TTL),
        }
        self.table.put(record)
        self.table.update(keys.connections(player_id), "ADD conn_ids :ids", values={":ids": {connection_id}})
        self.clear_offline_marker(player_id)

    def remove(self, player_id: str, connection_id: str, now: datetime) -> None:
        """Forget a socket; the player's last socket closing starts the offline grace."""
        self.table.delete(keys.connection(connection_id))
        if not self._forget(player_id, connection_id):
            self._mark_offline(player_id, now)

    def remove_all(self, player_id: str) -> frozenset[str]:
        """Forget every socket of a player (logout); returns their ids."""
        ids = self.connections_of([player_id]).get(player_id, frozenset())
        for connection_id in ids:
            self.table.delete(keys.connection(connection_id))
        self.table.delete(keys.connections(player_id))
        return ids

    def offline_since(self, cutoff: datetime) -> list[tuple[str, str]]:
        """(player_id, party_id) of party members with no socket since before `cutoff`."""
        items = self.table.query(
            "gsi1pk = :marker AND gsi1sk <= :cutoff",
            {":marker": keys.OFFLINE_MARKER, ":cutoff": iso(cutoff)},
            IndexName=keys.OFFLINE_INDEX,
        )
        return [(keys.player_id_of(i), i["party_id"]) for i in items]

    def _forget(self, player_id: str, connection_id: str) -> frozenset[str]:
        """Drop one id from the player's set; answer the ids left. An emptied item is deleted, not kept."""
        try:
            after = self.table.update(
                keys.connections(player_id),
                "DELETE conn_ids :ids",
                "attribute_exists(pk)",  # never create an empty item (after logout)
                values={":ids": {connection_id}},
            )
        except ConditionFailed:
            return frozenset()
        remaining = frozenset(after.get("conn_ids", ()))
        if not remaining:
            # Only if no socket was added meanwhile.
            with unless_condition_fails():
                self.table.delete(keys.connections(player_id), "attribute_not_exists(conn_ids)")
        return remaining

    def _mark_offline(self, player_id: str, now: datetime) -> None:
        self._update_lock(
            player_id, "SET gsi1pk = :marker, gsi1sk = :since", {":marker": keys.OFFLINE_MARKER, ":since": iso(now)}
        )

    def clear_offline_marker(self, player_id: str) -> None:
        self._update_lock(player_id, "REMOVE gsi1pk, gsi1sk", {})

    def _update_lock(self, player_id: str, update: str, values: dict[str, str]) -> None:
        """Only a player who holds a party lock has presence to track."""
        with unless_condition_fails():
            self.table.update(keys.party_lock(player_id), update, "attribute_exists(pk)", values=values)
