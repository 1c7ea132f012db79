"""Lobby search by bucket: requests, read units and latency of one search, in buckets of 1,000, 10,000 and
100,000 searchable lobbies.

Runs LobbySearch_Find through the production composition root against DynamoDB Local (AWS's own engine,
`make dynamodb-local`) with the default SearchableAttributes: every operator on an indexed key (level, a
number 1..100; mode, a string, `ctf` in about 10% of lobbies), none at all, and two on `tier` (the level
again, on a key no index holds), all with max_results 10. The buckets are seeded one after the other and
each is searched once seeded, so the larger ones are searched with the smaller ones elsewhere in the table;
the first bucket is searched again at the end, with 110,000 lobbies elsewhere. Lobbies go straight into the
table: BatchWriteItem of the store's own items (its state and its index entries), a few requests at a time.
The counting wrapper of bench.requests_per_command gives each search's requests and the read units
DynamoDB Local reports (index reads are eventually consistent: half a unit per 4 KB of a page, and so are
the lobbies read); a count of what the queries scanned and the batch reads returned gives the entries and
lobbies read. A search's latency is the p50 and p95 of 30 runs (10 when it reads more than 2,000 lobbies,
1 past 20,000) after one untimed run; before each bucket's searches, what the bench built so far is frozen
(gc.freeze), as the Lambda entries freeze what INIT built.

Its parts are in bench/lobbysearch/: lobbies.py (what it seeds) and searches.py (what it counts and times).

Run: `make bench` (or `.venv/bin/python -m bench.lobby_search`).
"""

from __future__ import annotations

import os
import time

os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")

from bench.lobbysearch.lobbies import searchable, seed
from bench.lobbysearch.searches import FEW_RUNS, KINDS, MANY_READS, MAX_RESULTS, RUNS, scenario, search, side_by_side
from bench.requests_per_command import dynamodb_table, item_size
from local_gateway.dynamodb_local import find_jar
from partylobby.store.lobbies import lobby_item
from partylobby.store.search_index import REPLICAS
from partylobby.store.table import to_wire

WARM_UP = 3  # untimed rounds of every indexed search before the first figures, so that DynamoDB Local's JIT is warm
SIZES = (1_000, 10_000, 100_000)


def print_header(sizes: list[int], shards: int) -> None:
    """What the figures are and how to read them; `sizes`: the item sizes of the first bucket's lobbies."""
    build = find_jar().parent.name.removeprefix("dynamodb_local_")
    header = (
        f"Lobby search by bucket (LobbySearch_Find, max_results {MAX_RESULTS}) on DynamoDB Local (build {build}),",
        f"a Java process sharing this machine's {os.cpu_count()} cores with this one. Per search: the lobbies it "
        "returns; its DynamoDB",
        f"requests (a Query of each of the {shards} shards of a range of one of the {len(REPLICAS)} copies of the "
        "index, then BatchGetItem of",
        "the lobbies the entries name); the index entries and the lobbies they read; the read request units "
        "(RRU) DynamoDB",
        f"Local reports (eventually consistent: 0.5 per 4 KB; lobbies are {min(sizes)}-{max(sizes)} B items); "
        "the latency of the whole",
        f"service call, p50 and p95 of {RUNS} runs ({FEW_RUNS} past {MANY_READS:,} lobbies read, 1 past 20,000) "
        "after one untimed run.",
        "How to read it: requests, entries, lobbies and RRU do not depend on the machine. On an indexed key "
        "they follow max_results",
        "and nothing else (flat from 1,000 to 100,000 lobbies); on a key no index holds, the search reads the "
        "whole bucket.",
        "Latencies are DynamoDB Local's: compare them with each other, not with AWS.",
    )
    print("\n".join(header), flush=True)


def main() -> None:
    started, seeding = time.perf_counter(), 0.0
    with dynamodb_table() as (container, lookups):
        indexed = container.indexed_keys
        columns = {}
        for n, size in enumerate(SIZES):
            lobbies = searchable(f"bucket-{size}", size)
            if n == 0:
                print_header([item_size(to_wire(lobby_item(each))) for each in lobbies], indexed.shards)
            began = time.perf_counter()
            seed(lookups, lobbies, indexed)
            seeding += time.perf_counter() - began
            del lobbies  # what a search builds is all that should be alive for the collector to walk
            if n == 0:
                for _ in range(WARM_UP):
                    for each in KINDS:
                        search(container, f"bucket-{size}", each, runs=1)
            title = f"a bucket of {size:,} searchable lobbies"
            columns[f"{size:,}"] = scenario(container, title, f"bucket-{size}")
        elsewhere = sum(SIZES[1:])
        columns[f"{SIZES[0]:,} again"] = scenario(
            container, f"the bucket of {SIZES[0]:,} again, {elsewhere:,} lobbies elsewhere", f"bucket-{SIZES[0]}"
        )
        side_by_side(columns)
    print(f"\nwhole bench {time.perf_counter() - started:.0f} s, of which seeding {seeding:.0f} s")


if __name__ == "__main__":
    main()
