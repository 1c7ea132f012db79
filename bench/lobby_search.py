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

Its parts are in bench/lobbysearch/: lobbies.py (what it seeds) and searches.py (what it counts and times).

Run: `make bench` (or `.venv/bin/python -m bench.lobby_search`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any

os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")

from bench.lobbysearch.lobbies import CROWDED, crowded, searchable, seed
from bench.lobbysearch.searches import FEW_RUNS, KINDS, MANY_READS, MAX_RESULTS, RUNS, scenario, search, side_by_side
from bench.requests_per_command import dynamodb_table, item_size
from local_gateway.dynamodb_local import find_jar
from partylobby.domain.lobby.model import Lobby
from partylobby.store.lobbies import SEARCH_PAGE, lobby_item
from partylobby.store.table import to_wire

WARM_UP = 3  # untimed rounds of every search before the first figures, so that DynamoDB Local's JIT is warm

SMALL, LARGE = 1_000, 10_000
OTHER_BUCKETS, PER_OTHER_BUCKET = 100, 100
OTHERS = OTHER_BUCKETS * PER_OTHER_BUCKET


def print_header(sizes: list[int]) -> None:
    """What the figures are and how to read them; `sizes`: the item sizes of the lobbies of bucket (a)."""
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


def main() -> None:
    started = time.perf_counter()
    small = searchable("bucket-a", SMALL)
    sizes = [item_size(to_wire(lobby_item(each))) for each in small]
    print_header(sizes)
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
