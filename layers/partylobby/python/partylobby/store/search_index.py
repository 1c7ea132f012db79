"""The lobby search index: the entries a searchable lobby holds, and the writes that keep them exact.

A searchable lobby (domain: advertised, with a free seat) holds one entry item for its age and one per
Public attribute on a key the deployment indexes, with a value of that key's type: `LOBBY#<id> /
SEARCH#<key>`. An entry carries the index keys a search queries: the partition names the attribute key,
the lobby's shard and the bucket (`SEARCH#<key>#<shard>#<bucket>`; indexed keys hold no `#`, so the bucket,
last, may); the sort key orders the value (store/sortable.py), then the lobby's age and id. A number
also holds a mirror entry (`SEARCH#<key>~down`) of the value negated, so that a DISTANCE walks down from
its value reading ascending, as it walks up. A change writes only the entries that differ and deletes
those the lobby no longer holds, in the lobby's own transaction.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from partylobby.clock import iso
from partylobby.domain.lobby.attributes import kind_of
from partylobby.domain.lobby.model import Lobby, Visibility
from partylobby.store import keys
from partylobby.store.sortable import sortable, sortable_number
from partylobby.store.table import Item, Table, Write

AGE = "@age"  # the entry every searchable lobby holds; no indexed key may be called that ('@' is refused)
ENTRY = "SEARCH#"
MIRROR = "~down"  # no indexed key holds '~'
Kind = Literal["number", "string"]
MAX_PER_KIND = 10  # a destroy writes 1 + 64 members' presence + 1 + (1 + 10 + 2 x 10) entries: within 100 items
_KEY = re.compile(r"[A-Za-z0-9_.-]{1,64}")
# A bucket's entries of one key spread over SHARDS partitions (by lobby id), so that 3,000 lobby changes a
# second write 750 units a second to each, under DynamoDB's 1,000 per partition. Every search reads all the
# shards, so reads need copies instead: REPLICAS, identical GSIs of the entries (KEYS_ONLY), one picked at
# random per search; a search reading one Query a shard then takes half a unit of a partition's 3,000 in
# one copy of four: 24,000 a second (docs/design.md, "Lobby search").
SHARDS = 4
REPLICAS = ("search1", "search2", "search3", "search4")


@dataclass(frozen=True)
class IndexedKeys:
    """The attribute keys searches filter and sort on fast, each with the type of value it indexes."""

    kinds: Mapping[str, Kind]
    shards: int = SHARDS

    @classmethod
    def parse(cls, spec: str, shards: int = SHARDS) -> IndexedKeys:
        """`level:number,mode:string` (the template's SearchableAttributes); ValueError says what is wrong."""
        kinds: dict[str, Kind] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            key, _, kind = part.partition(":")
            if not _KEY.fullmatch(key) or kind not in ("number", "string"):
                raise ValueError(f"{part!r}: write key:number or key:string, the key of letters, digits, _ . -")
            if key in kinds:
                raise ValueError(f"{key!r} is indexed twice")
            kinds[key] = "number" if kind == "number" else "string"
        for kind in ("number", "string"):
            if sum(k == kind for k in kinds.values()) > MAX_PER_KIND:
                raise ValueError(f"at most {MAX_PER_KIND} {kind} keys are indexed")
        return cls(kinds, shards)


def mirror(key: str) -> str:
    """The key of a number key's mirror entries."""
    return key + MIRROR


def partition(key: str, shard: int, bucket_id: str) -> str:
    """The index partition of one key's entries in one shard of a bucket."""
    return f"{ENTRY}{key}#{shard:02d}#{bucket_id}"


def entries(lobby: Lobby | None, indexed: IndexedKeys) -> dict[str, Item]:
    """The entry items of `lobby` by sort key: none unless it is searchable."""
    if lobby is None or not lobby.searchable:
        return {}
    shard = zlib.crc32(lobby.lobby_id.encode()) % indexed.shards
    after_value = f"{iso(lobby.created_at)}#{lobby.lobby_id}"

    def entry(key: str, value: str) -> Item:
        return {
            **keys.key(keys.LOBBY + lobby.lobby_id, ENTRY + key),
            "searchpk": partition(key, shard, lobby.bucket_id),
            "searchsk": value + after_value,
        }

    found = {ENTRY + AGE: entry(AGE, "")}
    for attribute in lobby.attributes.values():
        kind = indexed.kinds.get(attribute.key)
        value = attribute.value
        if attribute.visibility is not Visibility.PUBLIC or kind is None or kind_of(value) != kind:
            continue  # an entry holds a value of the key's kind
        found[ENTRY + attribute.key] = entry(attribute.key, sortable(value))
        if isinstance(value, int | float):
            found[ENTRY + mirror(attribute.key)] = entry(mirror(attribute.key), sortable_number(-value))
    return found


def entry_writes(table: Table, before: Lobby | None, after: Lobby | None, indexed: IndexedKeys) -> list[Write]:
    """What a change from `before` to `after` (None: no lobby) writes to the index: nothing when no entry
    changes (a join that leaves a seat free, an attribute no search indexes), else one write per entry."""
    old, new = entries(before, indexed), entries(after, indexed)
    puts = [table.put_write(item) for sort, item in new.items() if old.get(sort) != item]
    deletes = [table.delete_write(keys.key(item["pk"], sort)) for sort, item in old.items() if sort not in new]
    return puts + deletes
