"""The lobby repository: one GetItem loads a lobby, one transaction commits a Change.

The state is one item: settings, typed attributes and members (each with their own attributes).
While a lobby is searchable (advertised, with a free slot) it also holds search index entries
(store/search_index.py), written in the same transaction as the state when they change.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import islice
from types import MappingProxyType
from typing import Any

from partylobby.clock import iso, parse_iso
from partylobby.domain.lobby.model import (
    Attribute,
    Attributes,
    AttributeValue,
    Change,
    Lobby,
    Member,
    PermissionLevel,
    Visibility,
)
from partylobby.domain.presence import MembershipKind
from partylobby.store import keys, versioned
from partylobby.store.membership import MembershipCommit
from partylobby.store.presence import PresenceStore
from partylobby.store.recent import Recent
from partylobby.store.search_index import IndexedKeys, entry_writes
from partylobby.store.table import (
    Item,
    Table,
    Write,
)
from partylobby.store.versioned import VERSION

BATCH = 100  # keys in one BatchGetItem


class LobbyStore:
    def __init__(self, table: Table, presence: PresenceStore, indexed: IndexedKeys, shown: Recent) -> None:
        self.table = table
        self.presence = presence
        self.indexed = indexed
        self.shown = shown  # the lobbies searches read a moment ago
        self.memberships = MembershipCommit(table, presence, MembershipKind.LOBBY)

    def load(self, lobby_id: str) -> Lobby | None:
        item = self.table.get(keys.lobby_state(lobby_id))
        return lobby_from_item(item) if item else None

    def load_many(self, lobby_ids: Sequence[str]) -> list[Lobby]:
        found = self.table.batch_get([keys.lobby_state(i) for i in sorted(set(lobby_ids))], consistent=True)
        return [lobby_from_item(i) for i in found]

    def found_in_order(self, lobby_ids: Iterator[str], first: int) -> Iterator[Lobby]:
        """For a search: the lobbies of these ids in their order (any gone meanwhile left out), read as they
        are wanted in BatchGetItems of `first`, then twice as many each time up to BATCH, eventually
        consistent (as the index is): each lobby read costs half a unit, so a search reads few more than
        it returns; a lobby this container read a moment ago is not read again (store/recent.py)."""
        size = first
        while batch := list(islice(lobby_ids, size)):
            read_at, found = self.shown.now(), self.shown.fresh(batch)
            if missing := [keys.lobby_state(i) for i in batch if i not in found]:
                read = {i["lobby_id"]: i for i in self.table.batch_get(missing)}
                self.shown.keep(read, read_at)
                found |= read
            yield from (lobby_from_item(found[i]) for i in batch if i in found)
            size = min(BATCH, 2 * size)

    def commit(self, change: Change, before: Lobby | None, guard: Write | None = None) -> None:
        """The state, the memberships (see MembershipCommit), an optional guard and the search entries that
        change from `before` (the state the command read; None when it creates the lobby): at most
        1 + 64 + 1 + 21 items."""
        after = None if change.closed else change.lobby
        entries = entry_writes(self.table, before, after, self.indexed)
        more = [guard] if guard else []
        try:
            self.memberships.commit(change.lobby.lobby_id, self._state_write(change), change, [*more, *entries])
        finally:  # after: a search's read that began before the commit lands is then not kept
            self.shown.changed(change.lobby.lobby_id)

    def set_member_attributes(self, lobby: Lobby, user_id: str) -> Lobby:
        """Write one member's attributes as `lobby` holds them, without the lobby's version condition.

        Members' attributes are independent, so a lobby readying up at once need not replay behind
        itself: the write needs only the member's own revision to be the one read (their own updates
        stay ordered) and still bumps the lobby's version by one. Answers the state after, for the push.
        """
        member = lobby.member(user_id)
        revision = {":rev": member.revision, ":read": member.revision - 1}
        values = {":attrs": attributes_item(member.attributes), **revision, ":one": 1}
        update = "SET #m.#u.attrs = :attrs, #m.#u.rev = :rev ADD #v :one"
        key, condition = keys.lobby_state(lobby.lobby_id), "#m.#u.rev = :read"
        names = {"#m": "members", "#u": user_id, **VERSION}
        try:
            return lobby_from_item(
                versioned.commuting_update(self.table, key, update, condition, names=names, values=values)
            )
        finally:
            self.shown.changed(lobby.lobby_id)

    def unchanged(self, lobby: Lobby) -> Write:
        """A transaction item that holds only while the lobby is still at the version it was read at."""
        return versioned.unchanged(self.table, keys.lobby_state(lobby.lobby_id), lobby.version)

    def _state_write(self, change: Change) -> Write:
        return versioned.state_write(self.table, lobby_item(change.lobby), change)


# -- items ----------------------------------------------------------------------


def lobby_item(lobby: Lobby) -> Item:
    item: Item = {
        **keys.lobby_state(lobby.lobby_id),
        "lobby_id": lobby.lobby_id,
        "owner_id": lobby.owner_id,
        "permission_level": lobby.permission_level.value,
        "max_members": lobby.max_members,
        "allow_invites": lobby.allow_invites,
        "bucket_id": lobby.bucket_id,
        "disable_host_migration": lobby.disable_host_migration,
        "attrs": attributes_item(lobby.attributes),
        "members": {
            m.player_id: {
                "joined_at": iso(m.joined_at),
                "seat": m.seat,
                "rev": m.revision,
                "attrs": attributes_item(m.attributes),
            }
            for m in lobby.members
        },
        "created_at": iso(lobby.created_at),
        "version": lobby.version,
    }
    return item


def lobby_from_item(item: Item) -> Lobby:
    members: dict[str, Any] = item["members"]
    in_joining_order = sorted(members.items(), key=lambda kv: (int(kv[1]["seat"]), kv[1]["joined_at"], kv[0]))
    return Lobby(
        lobby_id=item["lobby_id"],
        owner_id=item["owner_id"],
        permission_level=PermissionLevel(item["permission_level"]),
        max_members=int(item["max_members"]),
        allow_invites=bool(item["allow_invites"]),
        bucket_id=item["bucket_id"],
        disable_host_migration=bool(item["disable_host_migration"]),
        attributes=attributes_from_item(item["attrs"]),
        members=tuple(
            Member(u, parse_iso(m["joined_at"]), int(m["seat"]), attributes_from_item(m["attrs"]), int(m["rev"]))
            for u, m in in_joining_order
        ),
        created_at=parse_iso(item["created_at"]),
        version=int(item["version"]),
    )


# Each attribute keeps its type by name: DynamoDB has one number type, and 3.0 must come back a float.
_WIRE_TYPES = {bool: "bool", int: "int", float: "float", str: "string"}


def attributes_item(attributes: Attributes) -> dict[str, Any]:
    return {
        a.key: {"t": _WIRE_TYPES[type(a.value)], "v": _to_wire(a.value), "vis": a.visibility.value}
        for a in attributes.values()
    }


def attributes_from_item(item: Mapping[str, Any]) -> Attributes:
    return MappingProxyType(
        {key: Attribute(key, _from_wire(a["t"], a["v"]), Visibility(a["vis"])) for key, a in item.items()}
    )


def _to_wire(value: AttributeValue) -> Any:
    return Decimal(repr(value)) if isinstance(value, float) else value


def _from_wire(kind: str, value: Any) -> AttributeValue:
    match kind:
        case "bool":
            return bool(value)
        case "int":
            return int(value)
        case "float":
            return float(value)
        case _:
            return str(value)
