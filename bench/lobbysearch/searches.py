"""The searches of the lobby search bench: the kinds of search, one search counted (requests, lobbies read, read
units) and timed, and the tables of figures it prints."""

from __future__ import annotations

import gc
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from bench.requests_per_command import measure
from partylobby.bootstrap import Container
from partylobby.domain.lobby.search import Comparison, Parameter, Query

SEARCHER = "searcher"  # a member of none of the lobbies
MAX_RESULTS = 10
RUNS = 30
FEW_RUNS = 10  # for a search that reads more than MANY_READS lobbies (a whole bucket of 10,000: 3-4 s each here)
MANY_READS = 2_000


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
