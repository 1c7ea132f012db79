"""Presence records: `PLAYER#p / PRESENCE`, one per player, independent of any aggregate.

It holds the player's open sockets (`conn_ids`), the aggregates they are in (`party_ids`, `lobby_ids`, with the
table enforcing each kind's limit), and, while they are in something with no socket open, the sparse
offline mark `gsi1pk = OFFLINE#<shard>`, `gsi1sk = <since>` that the sweeper queries, shard by shard.
Fan-out reads the recipients' records in one BatchGetItem, whatever the number of players online.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from partylobby.clock import epoch_seconds, iso, parse_iso
from partylobby.domain.presence import MEMBERSHIP_LIMITS, MembershipKind, Presence
from partylobby.store import keys
from partylobby.store.table import ConditionFailed, Item, Table, Write, unless_condition_fails

# API Gateway closes a WebSocket after two hours at most; the record may go a little later.
CONNECTION_RECORD_TTL = timedelta(hours=3)
SOCKETS = "conn_ids"
MARK = "SET gsi1pk = :shard, gsi1sk = :since"


def membership_attribute(kind: MembershipKind) -> str:
    return f"{kind.value}_ids"


def _empty() -> str:
    """Holds when the record keeps nothing worth keeping: no socket, no membership."""
    held = [SOCKETS, *(membership_attribute(k) for k in MembershipKind)]
    return " AND ".join(f"attribute_not_exists({name})" for name in held)


class PresenceStore:
    def __init__(self, table: Table) -> None:
        self.table = table

    # -- reads ---------------------------------------------------------------

    def get(self, player_id: str) -> Presence:
        item = self.table.get(keys.presence(player_id))
        return presence_from_item(item) if item else Presence(player_id)

    def current(self, player_ids: Iterable[str]) -> list[Presence]:
        """The records of these players that exist, read consistently in one batch."""
        found = self.table.batch_get([keys.presence(p) for p in sorted(set(player_ids))], consistent=True)
        return [presence_from_item(i) for i in found]

    def sockets_of(self, player_ids: Iterable[str]) -> dict[str, frozenset[str]]:
        """Open connection ids per player, for the players that have any: one batch read."""
        wanted = sorted(set(player_ids))
        found = self.table.batch_get([keys.presence(p) for p in wanted], projection=f"pk, {SOCKETS}")
        return {keys.player_id_of(i): frozenset(i[SOCKETS]) for i in found if i.get(SOCKETS)}

    def online(self, player_ids: Iterable[str]) -> frozenset[str]:
        """Who among these players has a socket open."""
        return frozenset(self.sockets_of(player_ids))

    def player_of_connection(self, connection_id: str) -> str | None:
        item = self.table.get(keys.connection(connection_id))
        return str(item["player_id"]) if item else None

    def offline_before(self, cutoff: datetime) -> list[Presence]:
        """Members of something with no socket since before `cutoff`: one Query per shard of the sparse index."""
        found: list[Presence] = []
        for shard in keys.offline_shards():
            items = self.table.query(
                "gsi1pk = :shard AND gsi1sk <= :cutoff",
                {":shard": shard, ":cutoff": iso(cutoff)},
                IndexName=keys.OFFLINE_INDEX,
            )
            found.extend(presence_from_item(i) for i in items)
        return found

    # -- sockets -------------------------------------------------------------

    def connected_at(self, connection_ids: Iterable[str]) -> dict[str, datetime | None]:
        """When each socket opened, None for one whose record is gone: one batch read."""
        wanted = sorted(set(connection_ids))
        found = self.table.batch_get([keys.connection(c) for c in wanted], projection="pk, connected_at")
        opened = {keys.connection_id_of(i): parse_iso(str(i["connected_at"])) for i in found}
        return {c: opened.get(c) for c in wanted}

    def connect(self, player_id: str, connection_id: str, now: datetime) -> frozenset[str]:
        """Record a socket; answers every socket the player now has open, this one included."""
        record = {
            **keys.connection(connection_id),
            "player_id": player_id,
            "connected_at": iso(now),
            "expires_at": epoch_seconds(now + CONNECTION_RECORD_TTL),
        }
        self.table.put(record)
        after = self.table.update(
            keys.presence(player_id), f"ADD {SOCKETS} :ids REMOVE gsi1pk, gsi1sk", values={":ids": {connection_id}}
        )
        return frozenset(after.get(SOCKETS, ()))

    def forget(self, player_id: str, connection_ids: frozenset[str]) -> None:
        """Forget sockets being closed while the player keeps another open (so no offline mark)."""
        self.table.batch_delete([keys.connection(c) for c in sorted(connection_ids)])
        with unless_condition_fails():
            self.table.update(
                keys.presence(player_id),
                f"DELETE {SOCKETS} :ids",
                "attribute_exists(pk)",
                values={":ids": set(connection_ids)},
            )

    def disconnect(self, player_id: str, connection_id: str, now: datetime) -> Presence | None:
        """Forget a socket; the player's last socket closing starts the offline grace, if they are in anything.
        Answers the record if that was their last socket, else None: also when the socket was already
        forgotten (a push found it gone, the cap or logout closed it), so a disconnect is told once."""
        self.table.delete(keys.connection(connection_id))
        try:
            after = self.table.update(
                keys.presence(player_id),
                f"DELETE {SOCKETS} :ids",
                f"contains({SOCKETS}, :id)",  # never creates a record, nor forgets a socket twice
                values={":ids": {connection_id}, ":id": connection_id},
            )
        except ConditionFailed:
            return None
        left = presence_from_item(after)
        if left.online:
            return None
        if left.memberships:
            with unless_condition_fails():  # only if no socket was added meanwhile
                self.table.update(
                    keys.presence(player_id), MARK, f"attribute_not_exists({SOCKETS})", values=_mark(player_id, now)
                )
        else:
            self._forget_if_empty(player_id)
        return left

    def close_all(self, player_id: str) -> frozenset[str]:
        """Forget every socket of a player (logout); returns their ids."""
        sockets = self.get(player_id).connections
        self.table.batch_delete([keys.connection(c) for c in sorted(sockets)])
        with unless_condition_fails():
            self.table.update(keys.presence(player_id), f"REMOVE {SOCKETS}", "attribute_exists(pk)")
        self._forget_if_empty(player_id)
        return sockets

    def clear_offline_mark(self, presence: Presence) -> None:
        """Unmark a player the sweeper has dealt with, unless a newer mark was set meanwhile."""
        if presence.offline_since is None:
            return
        with unless_condition_fails():
            self.table.update(
                keys.presence(presence.player_id),
                "REMOVE gsi1pk, gsi1sk",
                "gsi1sk = :since",
                values={":since": iso(presence.offline_since)},
            )
        self._forget_if_empty(presence.player_id)

    # -- memberships, inside an aggregate's transaction ------------------------

    def enter_write(
        self, player_id: str, kind: MembershipKind, aggregate_id: str, offline_since: datetime | None
    ) -> Write:
        """Counts the player in, within the kind's limit. Offline, they are marked: the grace starts now."""
        update = "ADD #k :ids" + (f" {MARK}" if offline_since else "")
        values: dict[str, object] = {":ids": {aggregate_id}, ":limit": MEMBERSHIP_LIMITS[kind]}
        if offline_since:
            values |= _mark(player_id, offline_since)
        return self.table.update_write(
            keys.presence(player_id),
            update,
            "attribute_not_exists(#k) OR size(#k) < :limit",
            names={"#k": membership_attribute(kind)},
            values=values,
        )

    def leave_write(self, player_id: str, kind: MembershipKind, aggregate_id: str) -> Write:
        return self.table.update_write(
            keys.presence(player_id),
            "DELETE #k :ids",
            names={"#k": membership_attribute(kind)},
            values={":ids": {aggregate_id}},
        )

    def _forget_if_empty(self, player_id: str) -> None:
        with unless_condition_fails():
            self.table.delete(keys.presence(player_id), _empty())


def _mark(player_id: str, since: datetime) -> dict[str, object]:
    return {":shard": keys.offline_shard(player_id), ":since": iso(since)}


def presence_from_item(item: Item) -> Presence:
    held = {kind: item.get(membership_attribute(kind)) for kind in MembershipKind}
    memberships = {kind: frozenset(ids) for kind, ids in held.items() if ids}
    since = item.get("gsi1sk")
    return Presence(
        player_id=keys.player_id_of(item),
        connections=frozenset(item.get(SOCKETS, ())),
        memberships=memberships,
        offline_since=parse_iso(since) if since else None,
    )
