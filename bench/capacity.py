"""A capacity model: how many players online the table serves before one of its partitions throttles.

DynamoDB serves at most 3,000 read units and 1,000 write units a second on one partition, and a partition
key never spans partitions, so the busiest partition key of the table or of an index caps the game. This
bench runs one player's game session (bench/capacitymodel/session.py) through the production services
on DynamoDB Local and records what each command costs on each partition key (capacitymodel/partitions.py:
units measured in the run). Searches are measured in a bucket of two sizes, so that what grows with the
bucket shows. Then, for N players online, each playing sessions back to back:
- a command's rate is N x its runs per session / the session's 20 minutes;
- a bucket holds N x 15% (the lobby phase of a session) / 5 (members of a filling lobby) lobbies, spread
  over 12 buckets (4 modes x 3 regions) of which the busiest takes a quarter of every lobby command;
- a sharded key takes its share (1/16 of the offline marks, 1/8 of the party history by time, 1/4 of a
  bucket's search entries of one attribute key); a key of one player, party or lobby takes what its players
  do (1, 4 and 8), whatever N; but a lobby a search shows is shown to every searcher of its bucket (results
  come in one order), so it takes a tenth of the hot bucket's searches' lobby reads, less those the lobby
  API's containers answer from the lobbies they keep for SearchCacheSeconds (`kept_share`).
It prints the busiest key of the table and of each index at 10k, 100k and 1M players, with its share of
the partition limit, and the largest N before any partition passes 100% and 50% of it.

Run: `make bench` (or `.venv/bin/python -m bench.capacity`).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from random import Random
from typing import Any

os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")

from bench.capacitymodel.partitions import SEARCH, Units, Where, recorded
from bench.capacitymodel.partitions import TABLE as ON_THE_TABLE
from bench.capacitymodel.session import HOT_BUCKET, SESSION_MINUTES, Actors, Command, bucket_search, commands
from bench.lobbysearch.lobbies import lobby, searchable, seed
from bench.lobbysearch.searches import KINDS
from bench.requests_per_command import TABLE, dynamodb_table
from partylobby.bootstrap import Container
from partylobby.config import Settings
from partylobby.store.keys import HISTORY_SHARDS, OFFLINE_SHARDS
from partylobby.store.search_index import SHARDS as SEARCH_SHARDS

RUNS = 5
SMALL, LARGE = 500, 2_000  # lobbies in the searched bucket at the two measurements
LIMITS = {"read": 3_000.0, "write": 1_000.0}  # units per second per partition
LOBBY_PHASE, FILLING_MEMBERS, HOT_SHARE = 0.15, 5, 0.25
ONE_KEY_PLAYERS = {"<player>": 1, "<connection>": 1, "<party>": 4, "<lobby>": 8}
PLAYERS = (10_000, 100_000, 1_000_000)
SHOWN, SHOWN_PER_SEARCH = "LOBBY#<lobby shown>", 10  # a lobby a search returns (max_results 10)
KEPT_FOR = Settings(table_name="").search_cache.total_seconds()  # SearchCacheSeconds' default
REQUEST_SECONDS = 0.1  # a lobby API request's time in its container (assumed: DynamoDB round trips, pushes)
Cost = dict[Where, float]  # units a run costs, by where


def bucket_size(players: float) -> float:
    return players * LOBBY_PHASE / FILLING_MEMBERS * HOT_SHARE


def per_run(units: Units, runs: int) -> Cost:
    return {where: spent / runs for where, spent in units.spent.items()}


def measure(command: Command, container: Container, lookups: Any) -> Cost:
    with recorded(container.table.client, lookups, TABLE) as units:
        for i in range(RUNS):
            command.run(i)
    return per_run(units, RUNS)


def share_of_busiest_key(kind: str, players: float) -> float:
    """Of a kind's units, what its busiest key takes."""
    variable = kind[kind.find("#") + 1 :]
    if variable in ONE_KEY_PLAYERS:
        return min(1.0, ONE_KEY_PLAYERS[variable] / players)
    if kind.startswith("SEARCH#"):  # the hot bucket's entries of one attribute key, spread over the shards
        return HOT_SHARE / SEARCH_SHARDS
    if kind == SHOWN:  # every search of the hot bucket reads the same first lobbies: one is 1/10 of its reads
        return HOT_SHARE / SHOWN_PER_SEARCH
    if kind.startswith("OFFLINE#"):
        return 1 / OFFLINE_SHARDS
    if kind.startswith("PARTIES#"):
        return 1 / HISTORY_SHARDS
    return 1.0  # a key every player shares


def kept_share(session: list[Command]) -> float:
    """Of the reads a shown lobby would take, the share its containers make: each reads it, then keeps it
    KEPT_FOR seconds (store/recent.py). With the hot bucket's searches reaching a container at a rate of
    `per_container` a second (at random), it reads the lobby per_container / (1 + per_container x KEPT_FOR)
    times a second. Containers = lobby API requests a second x REQUEST_SECONDS, so the share is one at any N."""
    searches = sum(c.per_session for c in session if c.reads_the_bucket) * HOT_SHARE
    requests = sum(c.per_session for c in session if c.lobby_api)
    per_container = searches / (requests * REQUEST_SECONDS)
    return 1 / (1 + per_container * KEPT_FOR)


Model = Callable[[float], Cost]  # units per second on the busiest key of each kind, at N players


def model(
    fixed: dict[str, Cost], searches: dict[str, tuple[Cost, Cost]], runs: dict[str, float], kept: float = 1.0
) -> Model:
    def at(players: float) -> Cost:
        rate: Cost = defaultdict(float)  # units a second over all keys of a kind
        size = bucket_size(players)
        # A command that reads no bucket costs the same at both sizes.
        shown = {n: (_shown(small, kept), _shown(large, kept)) for n, (small, large) in searches.items()}
        for name, (small, large) in {**{n: (c, c) for n, c in fixed.items()}, **shown}.items():
            for where in small.keys() | large.keys():
                slope = (large.get(where, 0) - small.get(where, 0)) / (LARGE - SMALL)
                units = max(0.0, small.get(where, 0) + slope * (size - SMALL))
                rate[where] += players * runs[name] / (SESSION_MINUTES * 60) * units
        return {where: units * share_of_busiest_key(where[1], players) for where, units in rate.items()}

    return at


def _shown(cost: Cost, kept: float) -> Cost:
    """A search's reads of lobby items: of the lobbies it shows, the same to every searcher of the bucket,
    less those its container answers from the lobbies it keeps."""
    shown_reads = (ON_THE_TABLE, "LOBBY#<lobby>", "read")
    return {(w, SHOWN, d) if (w, k, d) == shown_reads else (w, k, d): u * kept if (w, k, d) == shown_reads else u
            for (w, k, d), u in cost.items()}  # fmt: skip


def busiest(busy: Cost) -> dict[tuple[str, str], tuple[str, float]]:
    """Per (table or index, read or write): the busiest kind of key and its share of the limit."""
    top: dict[tuple[str, str], tuple[str, float]] = {}
    for (where, kind, direction), units in busy.items():
        share = units / LIMITS[direction]
        if share > top.get((where, direction), ("", -1.0))[1]:
            top[(where, direction)] = (kind, share)
    return top


def largest_players(at: Model, bound: float) -> int:
    """The largest N at which every partition stays within `bound` of its limit (bisection; costs grow with N)."""
    low, high = 1.0, 1e9
    while high / low > 1.001:
        middle = (low * high) ** 0.5
        worst = max(share for _, share in busiest(at(middle)).values())
        low, high = (middle, high) if worst <= bound else (low, middle)
    return int(low)


def report(at: Model, fixed: dict[str, Cost], searches: dict[str, tuple[Cost, Cost]]) -> None:
    print("Units per run of each command, by table or index and kind of partition key (R read, W write):")
    for name, cost in [*fixed.items(), *((f"{n} ({SMALL:,} lobbies)", s) for n, (s, _) in searches.items()),
                       *((f"{n} ({LARGE:,} lobbies)", large) for n, (_, large) in searches.items())]:  # fmt: skip
        spent = "  ".join(f"{w}:{k} {d[0].upper()}{u:.1f}" for (w, k, d), u in sorted(cost.items()))
        print(f"  {name:<48} {spent}")
    for players in PLAYERS:
        print(f"\n{players:>9,} players online (hot bucket of {bucket_size(players):,.0f} lobbies):")
        for (where, direction), (kind, share) in sorted(busiest(at(players)).items()):
            flag = "  THROTTLES" if share > 1 else ("  over 50%" if share > 0.5 else "")
            print(f"  {where:<6} {direction:<5} busiest {kind:<22} {share * LIMITS[direction]:>12,.1f} units/s"
                  f" {share:>9.1%} of the limit{flag}")  # fmt: skip
    print(
        f"\nLargest N before a partition passes its limit: {largest_players(at, 1.0):,}; "
        f"passes half of it: {largest_players(at, 0.5):,}"
    )


def one_bucket(fixed: dict[str, Cost], searches: dict[str, Cost], kept: float) -> None:
    """What one bucket sustains before a partition passes its limit: of the search index, each search reads
    every shard of one copy (the recorder shares its units over the copies) and each lobby change writes
    one shard of each key it touches, in every copy; of the table, a lobby every search shows."""
    print("\nOne bucket at DynamoDB's limits (measured units of each search and change on the search index):")
    for name, cost in [*searches.items(), *fixed.items()]:
        for (where, kind, direction), units in sorted(cost.items()):
            if where == SEARCH and units:
                rate = LIMITS[direction] * SEARCH_SHARDS / units
                what = "searches" if direction == "read" else "changes"
                print(f"  {name:<48} {kind:<36} {rate:>9,.0f} {what} a second")
    shown = max(cost.get((ON_THE_TABLE, "LOBBY#<lobby>", "read"), 0) for cost in searches.values())
    alone = LIMITS["read"] * SHOWN_PER_SEARCH / shown  # the dearest search's read of one lobby it shows
    print(
        f"  {'any search':<48} {SHOWN:<36} {alone:>9,.0f} searches a second; kept {KEPT_FOR:g} s: {alone / kept:,.0f}"
    )


def main() -> None:
    with dynamodb_table() as (container, lookups):
        seed(lookups, searchable(HOT_BUCKET, SMALL), container.indexed_keys)
        actors = Actors(container)
        actors.online(RUNS)
        container.sessions.connected("searcher", "conn-searcher")
        session = commands(actors)
        runs = {c.name: c.per_session for c in session}
        fixed = {c.name: measure(c, container, lookups) for c in session if not c.reads_the_bucket}
        small = {c.name: measure(c, container, lookups) for c in session if c.reads_the_bucket}
        rng = Random("more")
        seed(lookups, [lobby(HOT_BUCKET, n, rng) for n in range(SMALL, LARGE)], container.indexed_keys)
        large = {c.name: measure(c, container, lookups) for c in session if c.reads_the_bucket}
        every_search = {f"search, {k.label}": measure(bucket_search(container, k), container, lookups)
                        for k in KINDS if k.indexed}  # fmt: skip
    searches = {name: (small[name], large[name]) for name in small}
    print(f"Capacity model: one game session per player online ({SESSION_MINUTES} min; bench/capacitymodel/"
          f"session.py), measured on DynamoDB Local; {RUNS} runs of each command.")  # fmt: skip
    kept = kept_share(session)
    print(f"A lobby every searcher is shown: its reads less those kept for {KEPT_FOR:g} s, {kept:.0%} of them "
          f"(lobby API requests of {REQUEST_SECONDS:g} s in their containers).")  # fmt: skip
    report(model(fixed, searches, runs, kept), fixed, searches)
    changes = {n: c for n, c in fixed.items() if n in ("create lobby", "lobby attributes")}
    one_bucket(changes, every_search, kept)


if __name__ == "__main__":
    main()
