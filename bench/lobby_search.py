"""Lobby search by bucket: requests, read units and latency of one search, whatever else the table holds.

Runs LobbySearch_Find through the production composition root against DynamoDB Local (AWS's own engine,
`make dynamodb-local`): (a) in a bucket of 1,000 searchable lobbies, (c) in that bucket again once 10,000
more lobbies live in 100 other buckets, (b) in a bucket of 10,000, and (d) in a bucket of 100 searchable
lobbies before and after 900 full or InviteOnly ones join it (the sparse index `gsi2` holds neither).
Each is searched with no parameters, an EQUAL on a string that about 10% of lobbies hold, an EQUAL that
none holds and a DISTANCE on a number, all with max_results 10. Lobbies are seeded straight into the
table: BatchWriteItem of the store's own items (store.lobbies.lobby_item), a few requests at a time.
The counting wrapper of bench.requests_per_command gives each search's requests and the read units
DynamoDB Local reports (index reads are eventually consistent: half a unit per 4 KB of a page); a count
of what the queries scanned gives the lobbies read. A search's latency is the p50 and p95 of 30 runs
(10 when it reads more than 2,000 lobbies) after one untimed run, once every search has warmed DynamoDB
Local up; before each bucket's searches, what the bench built so far is frozen (gc.freeze), as the Lambda
entries freeze what INIT built, so that garbage collections walk only what the searches create.

Run: `make bench` (or `.venv/bin/python -m bench.lobby_search`).
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from random import Random
from types import MappingProxyType
from typing import Any
from uuid import UUID

os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")

from bench.requests_per_command import TABLE, dynamodb_table, item_size, measure
from local_gateway.dynamodb_local import find_jar
from partylobby.bootstrap import Container
from partylobby.domain.lobby.model import Attribute, Lobby, Member, PermissionLevel, Visibility
from partylobby.domain.lobby.search import Comparison, Parameter, Query
from partylobby.store.lobbies import SEARCH_PAGE, lobby_item
from partylobby.store.table import to_wire

SEARCHER = "searcher"  # a member of none of the lobbies
MAX_RESULTS = 10
RUNS = 30
FEW_RUNS = 10  # for a search that reads more than MANY_READS lobbies (a whole bucket of 10,000: 3-4 s each here)
MANY_READS = 2_000
WARM_UP = 3  # untimed rounds of every search before the first figures, so that DynamoDB Local's JIT is warm
SEED_THREADS = 4
SEATS = 8
T0 = datetime(2026, 1, 1, tzinfo=UTC)

SMALL, LARGE = 1_000, 10_000
OTHER_BUCKETS, PER_OTHER_BUCKET = 100, 100
OTHERS = OTHER_BUCKETS * PER_OTHER_BUCKET
CROWDED, CROWDED_SEARCHABLE = 1_000, 100  # (d): one in ten searchable; of the rest, half full, half InviteOnly


@dataclass(frozen=True)
class Kind:
    label: str
    parameters: tuple[Parameter, ...]


KINDS = (
    Kind("no parameters", ()),
    Kind("EQUAL mode=ctf (~10%)", (Parameter("mode", Comparison.EQUAL, "ctf"),)),
    Kind("EQUAL mode=race (none)", (Parameter("mode", Comparison.EQUAL, "race"),)),
    Kind("DISTANCE level 50", (Parameter("level", Comparison.DISTANCE, 50),)),
)


@dataclass(frozen=True)
class Result:
    found: int
    requests: int
    lobbies_read: int
    read_units: float
    p50: float
    p95: float
    runs: int


# -- lobbies ------------------------------------------------------------------------


def hex_id(rng: Random) -> str:
    return f"{rng.getrandbits(128):032x}"  # as long as an EOS ProductUserId


def lobby(bucket: str, n: int, rng: Random, level: PermissionLevel = PermissionLevel.PUBLIC_ADVERTISED,
          *, full: bool = False) -> Lobby:  # fmt: skip
    """The n-th lobby of a bucket (created n seconds after T0): 8 seats, all taken if `full`, else 1 to 4;
    four public attributes (mode `ctf` in about 10%, level 1..100, region, map) and a private one; each
    member has a `ready` attribute."""
    created = T0 + timedelta(seconds=n)
    members = tuple(
        Member(hex_id(rng), created, seat, MappingProxyType({"ready": Attribute("ready", rng.random() < 0.5)}))
        for seat in range(1, (SEATS if full else rng.randint(1, 4)) + 1)
    )
    attributes = (
        Attribute("mode", "ctf" if rng.random() < 0.1 else rng.choice(("tdm", "dm", "koth"))),
        Attribute("level", rng.randint(1, 100)),
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


def crowded(bucket: str) -> tuple[list[Lobby], list[Lobby]]:
    """Every tenth lobby searchable; the others, between them in time, alternately full and InviteOnly."""
    rng = Random(bucket)
    step = CROWDED // CROWDED_SEARCHABLE
    kept = [lobby(bucket, n, rng) for n in range(0, CROWDED, step)]
    between = [n for n in range(CROWDED) if n % step]
    hidden = [
        lobby(bucket, n, rng, full=True) if i % 2 else lobby(bucket, n, rng, PermissionLevel.INVITE_ONLY)
        for i, n in enumerate(between)
    ]
    return kept, hidden


def seed(lookups: Any, lobbies: Sequence[Lobby]) -> None:
    """The lobbies' items as the store writes them, 25 to a BatchWriteItem, SEED_THREADS requests at a time."""
    puts = [{"PutRequest": {"Item": to_wire(lobby_item(each))}} for each in lobbies]

    def write(batch: list[dict[str, Any]]) -> None:
        pending: dict[str, Any] = {TABLE: batch}
        while pending:
            pending = dict(lookups.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {})

    with ThreadPoolExecutor(SEED_THREADS) as pool:
        list(pool.map(write, [puts[i : i + 25] for i in range(0, len(puts), 25)]))


# -- searches ---------------------------------------------------------------------


@dataclass
class Scanned:
    items: int = 0

    def count(self, parsed: dict[str, Any], **_: Any) -> None:
        self.items += int(parsed.get("ScannedCount", 0))


@contextmanager
def scanned(client: Any) -> Iterator[Scanned]:
    """The items that a client's queries read."""
    counter = Scanned()
    client.meta.events.register("after-call.dynamodb.Query", counter.count)
    try:
        yield counter
    finally:
        client.meta.events.unregister("after-call.dynamodb.Query", counter.count)


def search(container: Container, bucket: str, kind: Kind, runs: int | None = None) -> Result:
    """One search counted, then `runs` (or RUNS, or FEW_RUNS for a large read) timed."""
    query = Query(bucket_id=bucket, parameters=kind.parameters, max_results=MAX_RESULTS)
    found: list[int] = []

    def command() -> None:
        found.append(len(container.lobby_search.find(SEARCHER, query)))

    with scanned(container.lobby_search.lobbies.table.client) as read:
        counted = measure(container, command)
    runs = runs or (FEW_RUNS if read.items > MANY_READS else RUNS)
    times = [measure(container, command).milliseconds for _ in range(runs)]
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if runs > 1 else times[0]
    return Result(found[0], len(counted.requests), read.items, counted.read_units, statistics.median(times), p95, runs)


def scenario(container: Container, title: str, bucket: str) -> dict[str, Result]:
    """Every kind of search in one bucket. Like the Lambda entries after INIT, what was built so far is
    frozen first (gc.freeze), so that collections during the searches walk only what they create."""
    gc.collect()
    gc.freeze()
    print(f"\n{title}", flush=True)
    print(f"  {'search':<24}{'found':>6}{'requests':>10}{'lobbies read':>14}{'RRU':>8}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'runs':>6}")  # fmt: skip
    results: dict[str, Result] = {}
    for kind in KINDS:
        r = results[kind.label] = search(container, bucket, kind)
        print(f"  {kind.label:<24}{r.found:>6}{r.requests:>10}{r.lobbies_read:>14,}{r.read_units:>8.1f}"
              f"{r.p50:>9.1f}{r.p95:>9.1f}{r.runs:>6}", flush=True)  # fmt: skip
    return results


def side_by_side(columns: dict[str, dict[str, Result]]) -> None:
    print("\nSide by side: read units (requests) of one search")
    print(f"  {'search':<24}" + "".join(f"{name:>16}" for name in columns))
    for kind in KINDS:
        cells = (f"{r.read_units:.1f} ({r.requests})" for r in (results[kind.label] for results in columns.values()))
        print(f"  {kind.label:<24}" + "".join(f"{cell:>16}" for cell in cells))


def main() -> None:
    started = time.perf_counter()
    small = searchable("bucket-a", SMALL)
    sizes = [item_size(to_wire(lobby_item(each))) for each in small]
    total = SMALL + OTHERS + LARGE + CROWDED
    build = find_jar().parent.name.removeprefix("dynamodb_local_")
    header = (
        f"Lobby search by bucket (LobbySearch_Find, max_results {MAX_RESULTS}) on DynamoDB Local (build {build}),",
        f"a Java process sharing this machine's {os.cpu_count()} cores with this one. Per search: the lobbies it "
        "returns; its",
        f"DynamoDB requests (Query pages of {SEARCH_PAGE} on the sparse index gsi2); the lobbies they read; the "
        "read request units",
        "(RRU) DynamoDB Local reports (eventually consistent: 0.5 per 4 KB of a page; these lobbies are "
        f"{min(sizes)}-{max(sizes)} B items,",
        "and units grow with size); the latency of the whole service call (queries, decoding, matching), p50 "
        f"and p95 of {RUNS}",
        f"runs ({FEW_RUNS} when a search reads over {MANY_READS:,} lobbies) after one untimed run.",
        "How to read it: requests, lobbies read and RRU do not depend on the machine (a page's units are priced "
        "as AWS does, by",
        "the size of what it read). They follow what the search needs (the first page when 10 lobbies match "
        "early, the whole",
        "bucket when none match or DISTANCE ranks) and nothing else: (c) must equal (a), and (d) after must "
        "equal (d) before.",
        f"Reading a whole bucket that holds a multiple of {SEARCH_PAGE} lobbies ends with an empty page (the one "
        "before ended exactly",
        "at the bucket's end, so could not tell). Latencies are DynamoDB Local's: compare them with each other, "
        "not with AWS.",
        f"The counts are the issue's; the {total:,} lobbies are seeded straight into the table, BatchWriteItem "
        "of the store's items.",
    )
    print("\n".join(header), flush=True)
    seeding = 0.0

    def seeded(lookups: Any, lobbies: Sequence[Lobby]) -> None:
        nonlocal seeding
        began = time.perf_counter()
        seed(lookups, lobbies)
        seeding += time.perf_counter() - began

    with dynamodb_table() as (container, lookups):
        seeded(lookups, small)
        del small  # what a search builds is all that should be alive for the collector to walk
        for _ in range(WARM_UP):
            for kind in KINDS:
                search(container, "bucket-a", kind, runs=1)
        columns = {"(a)": scenario(container, f"(a) a bucket of {SMALL:,} searchable lobbies", "bucket-a")}

        seeded(lookups, [each for k in range(OTHER_BUCKETS) for each in searchable(f"other-{k}", PER_OTHER_BUCKET)])
        columns["(c)"] = scenario(
            container,
            f"(c) the same bucket of {SMALL:,}, with {OTHERS:,} other lobbies in {OTHER_BUCKETS} other "
            "buckets (all searchable, in the same index)",
            "bucket-a",
        )

        seeded(lookups, searchable("bucket-b", LARGE))
        columns["(b)"] = scenario(container, f"(b) a bucket of {LARGE:,} searchable lobbies", "bucket-b")

        kept, hidden = crowded("bucket-d")
        seeded(lookups, kept)
        columns["(d) before"] = scenario(
            container, f"(d) before: a bucket of {len(kept)} searchable lobbies, and nothing else", "bucket-d"
        )
        seeded(lookups, hidden)
        full = sum(1 for each in hidden if each.available_slots == 0)
        columns["(d) after"] = scenario(
            container,
            f"(d) after: the same bucket once {len(hidden)} more lobbies join it, {full} full and "
            f"{len(hidden) - full} InviteOnly (in the table, not in the index)",
            "bucket-d",
        )
        side_by_side(columns)
    print(f"\nwhole bench {time.perf_counter() - started:.0f} s, of which seeding {seeding:.0f} s")


if __name__ == "__main__":
    main()
