"""The lobbies the lobby search bench seeds: searchable buckets, and the seeding itself, BatchWriteItem of the
store's own items (the lobby's state and its search index entries)."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from random import Random
from types import MappingProxyType
from typing import Any
from uuid import UUID

from bench.requests_per_command import TABLE
from partylobby.domain.lobby.model import Attribute, Lobby, Member, PermissionLevel, Visibility
from partylobby.store.lobbies import lobby_item
from partylobby.store.search_index import IndexedKeys, entries
from partylobby.store.table import to_wire

SEED_THREADS = 4
SEATS = 8
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def hex_id(rng: Random) -> str:
    return f"{rng.getrandbits(128):032x}"  # as long as an EOS ProductUserId


def lobby(bucket: str, n: int, rng: Random, level: PermissionLevel = PermissionLevel.PUBLIC_ADVERTISED,
          *, full: bool = False) -> Lobby:  # fmt: skip
    """The n-th lobby of a bucket (created n seconds after T0): 8 seats, all taken if `full`, else 1 to 4;
    five public attributes (mode `ctf` in about 10%, level 1..100, region, map; and tier, the level again
    on a key no index holds by default) and a private one; each member has a `ready` attribute."""
    created = T0 + timedelta(seconds=n)
    members = tuple(
        Member(hex_id(rng), created, seat, MappingProxyType({"ready": Attribute("ready", rng.random() < 0.5)}))
        for seat in range(1, (SEATS if full else rng.randint(1, 4)) + 1)
    )
    number = rng.randint(1, 100)
    attributes = (
        Attribute("mode", "ctf" if rng.random() < 0.1 else rng.choice(("tdm", "dm", "koth"))),
        Attribute("level", number),
        Attribute("tier", number),
        Attribute("region", rng.choice(("eu-west", "us-east", "ap-south"))),
        Attribute("map", rng.choice(("dust", "harbor", "summit", "canyon"))),
        Attribute("password", f"{rng.getrandbits(32):08x}", Visibility.PRIVATE),
    )
    return Lobby(
        lobby_id=str(UUID(int=rng.getrandbits(128), version=4)), owner_id=members[0].player_id,
        permission_level=level, max_members=SEATS, allow_invites=True, bucket_id=bucket,
        disable_host_migration=False, attributes=MappingProxyType({a.key: a for a in attributes}),
        members=members, created_at=created, version=len(members),
    )  # fmt: skip


def searchable(bucket: str, count: int) -> list[Lobby]:
    rng = Random(bucket)
    return [lobby(bucket, n, rng) for n in range(count)]


def seed(lookups: Any, lobbies: Sequence[Lobby], indexed: IndexedKeys) -> None:
    """The lobbies' items as the store writes them, 25 to a BatchWriteItem, SEED_THREADS requests at a time."""
    items = [item for each in lobbies for item in (lobby_item(each), *entries(each, indexed).values())]
    puts = [{"PutRequest": {"Item": to_wire(item)}} for item in items]

    def write(batch: list[dict[str, Any]]) -> None:
        pending: dict[str, Any] = {TABLE: batch}
        while pending:
            pending = dict(lookups.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {})

    with ThreadPoolExecutor(SEED_THREADS) as pool:
        list(pool.map(write, [puts[i : i + 25] for i in range(0, len(puts), 25)]))
