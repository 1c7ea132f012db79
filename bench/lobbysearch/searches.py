"""The searches of the lobby search bench: the kinds of search (every operator on an indexed key, two on a
key no index holds), one search counted (requests, index entries and lobbies read, read units) and timed,
and the tables of figures it prints."""

from __future__ import annotations

import gc
import statistics
from dataclasses import dataclass

from bench.requests_per_command import measure
from partylobby.bootstrap import Container
from partylobby.domain.lobby.search import Comparison, Parameter, Query
from tests.support.capacity import search_reads

SEARCHER = "searcher"  # a member of none of the lobbies
MAX_RESULTS = 10
RUNS = 30
FEW_RUNS = 10  # for a search that reads more than MANY_READS lobbies
MANY_READS = 2_000
SLOW_RUNS = 1  # for one that reads more than HUGE_READS (a bucket of 100,000 on a key no index holds: minutes)
HUGE_READS = 20_000
C = Comparison


@dataclass(frozen=True)
class Kind:
    label: str
    parameters: tuple[Parameter, ...]
    indexed: bool = True  # every parameter on a key the deployment indexes (the default SearchableAttributes)


def single(label: str, key: str, op: Comparison, value: float | str) -> Kind:
    return Kind(label, (Parameter(key, op, value),), indexed=key != "tier")


KINDS = (
    Kind("no parameters", ()),
    single("EQUAL mode=ctf (~10%)", "mode", C.EQUAL, "ctf"),
    single("EQUAL mode=race (none)", "mode", C.EQUAL, "race"),
    single("ANYOF mode=ctf;koth", "mode", C.ANYOF, "ctf;koth"),
    single("NOTANYOF mode=tdm;dm", "mode", C.NOTANYOF, "tdm;dm"),
    single("EQUAL level=50", "level", C.EQUAL, 50),
    single("NOTEQUAL level 50", "level", C.NOTEQUAL, 50),
    single("GREATERTHAN level 50", "level", C.GREATERTHAN, 50),
    single("GREATERTHANOREQUAL level 50", "level", C.GREATERTHANOREQUAL, 50),
    single("LESSTHAN level 50", "level", C.LESSTHAN, 50),
    single("LESSTHANOREQUAL level 50", "level", C.LESSTHANOREQUAL, 50),
    single("DISTANCE level 50", "level", C.DISTANCE, 50),
    single("DISTANCE level 50.5 (none at it)", "level", C.DISTANCE, 50.5),
    single("not indexed: EQUAL tier=50", "tier", C.EQUAL, 50),
    single("not indexed: DISTANCE tier 50", "tier", C.DISTANCE, 50),
)


@dataclass(frozen=True)
class Result:
    found: int
    requests: int
    entries_read: int
    lobbies_read: int
    read_units: float
    p50: float
    p95: float
    runs: int


def search(container: Container, bucket: str, kind: Kind, runs: int | None = None) -> Result:
    """One search counted, then `runs` (or RUNS, or FEW_RUNS for a large read) timed."""
    query = Query(bucket_id=bucket, parameters=kind.parameters, max_results=MAX_RESULTS)
    found: list[int] = []

    def command() -> None:
        found.append(len(container.lobby_search.find(SEARCHER, query)))

    with search_reads(container.lobby_search.lobbies.table.client) as read:
        counted = measure(container, command)
    runs = runs or (SLOW_RUNS if read.lobbies > HUGE_READS else FEW_RUNS if read.lobbies > MANY_READS else RUNS)
    times = [measure(container, command).milliseconds for _ in range(runs)]
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if runs > 1 else times[0]
    return Result(found[0], len(counted.requests), read.entries, read.lobbies, counted.read_units,
                  statistics.median(times), p95, runs)  # fmt: skip


def scenario(container: Container, title: str, bucket: str) -> dict[str, Result]:
    """Every kind of search in one bucket. Like the Lambda entries after INIT, what was built so far is
    frozen first (gc.freeze), so that collections during the searches walk only what they create."""
    gc.collect()
    gc.freeze()
    print(f"\n{title}", flush=True)
    print(f"  {'search':<32}{'found':>6}{'requests':>9}{'entries':>9}{'lobbies':>9}{'RRU':>8}{'p50 ms':>9}"
          f"{'p95 ms':>9}{'runs':>5}")  # fmt: skip
    results: dict[str, Result] = {}
    for each in KINDS:
        r = results[each.label] = search(container, bucket, each)
        print(f"  {each.label:<32}{r.found:>6}{r.requests:>9}{r.entries_read:>9,}{r.lobbies_read:>9,}"
              f"{r.read_units:>8.1f}{r.p50:>9.1f}{r.p95:>9.1f}{r.runs:>5}", flush=True)  # fmt: skip
    return results


def side_by_side(columns: dict[str, dict[str, Result]]) -> None:
    """Read units (requests) of one search per bucket, and whether an indexed search's are flat (within 10%)."""
    print("\nSide by side: read units (requests) of one search, and p50 ms")
    print(f"  {'search':<32}" + "".join(f"{name:>24}" for name in columns) + "  flat within 10%")
    for each in KINDS:
        results = [r[each.label] for r in columns.values()]
        cells = (f"{r.read_units:.1f} ({r.requests}) {r.p50:.0f}ms" for r in results)
        flat = all(spread([getattr(r, f) for r in results]) <= 0.10 for f in ("read_units", "requests"))
        verdict = ("yes" if flat else "NO") if each.indexed else "(reads the bucket)"
        print(f"  {each.label:<32}" + "".join(f"{cell:>24}" for cell in cells) + f"  {verdict}")


def spread(values: list[float]) -> float:
    return (max(values) - min(values)) / min(values) if min(values) else float(max(values) > 0)
