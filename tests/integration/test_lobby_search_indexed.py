"""Search on indexed keys answers exactly what the same search on keys no index holds answers: the same
lobbies, DISTANCE in the same order (nearest first, ties oldest first) across every shard, `max_results`
honoured; an indexed search comes in its driver's order and reads no more entries as the bucket grows."""

from __future__ import annotations

from dataclasses import dataclass, field
from random import Random
from typing import TYPE_CHECKING, Any

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.lobby.model import Attribute, AttributeValue, Lobby
from partylobby.domain.lobby.search import Comparison, Parameter, Query
from partylobby.store.search_reads import ENTRIES_IN_A_READ_UNIT
from tests.support.capacity import search_reads
from tests.support.fakes import FakeClock
from tests.support.lobbies import Lobbies, private, public

if TYPE_CHECKING:
    pass

pytestmark = pytest.mark.integration
C = Comparison
FAST = {"level": "lvl", "mode": "style"}  # an indexed key, and a key holding the same values that is not
LEVELS = (-3, -1.5, 0, 0.5, 1, 2, 2.0, 3, 7, 10, 2**60, -(2**60))
MODES = ("ctf", "ctf2", "duel", "ffa", "", "x;y")


def attributes(rng: Random, n: int) -> tuple[Attribute, ...]:
    """Some lobbies lack an attribute, hold it privately, or hold a value of the other type."""
    level: AttributeValue = rng.choice(LEVELS) if n % 7 else "5"
    mode: AttributeValue = rng.choice(MODES) if n % 11 else 5
    made = [public("name", f"n{n}")]
    for key, value in (("level", level), ("mode", mode)):
        if n % 13 == 5:
            continue
        visible = private if n % 17 == 3 else public
        made += [visible(key, value), visible(FAST[key], value)]
    return tuple(made)


@dataclass
class Bucket:
    services: Container
    name: str
    lobbies: list[Lobby] = field(default_factory=list)

    def find(self, *parameters: Parameter, max_results: int = 256) -> list[str]:
        query = Query(self.name, parameters=parameters, max_results=max_results)
        return [str(v.lobby.attributes["name"].value) for v in self.services.lobby_search.find("seeker", query)]


def seeded(services: Container, name: str, count: int, seed: int = 19) -> Bucket:
    rng, lobbies, clock = Random(seed), Lobbies(services), services.clock
    assert isinstance(clock, FakeClock)
    bucket = Bucket(services, name)
    for n in range(count):
        clock.advance(rng.choice((0, 1)))  # lobbies of one second too: ties of age go by id
        bucket.lobbies.append(lobbies.lobby(f"owner-{name}-{n}", bucket=name, attributes=attributes(rng, n)))
    return bucket


@pytest.fixture(scope="module")
def bucket(module_services: Container) -> Bucket:
    return seeded(module_services, "eu", 60)


@pytest.fixture(scope="module")
def large_bucket(module_services: Container) -> Bucket:
    return seeded(module_services, "large", 240, seed=20)


def slow(parameter: Parameter) -> Parameter:
    return Parameter(FAST.get(parameter.key, parameter.key), parameter.op, parameter.value)


SINGLE = [
    *(Parameter("level", op, v) for op in C if op not in (C.ANYOF, C.NOTANYOF) for v in (2, 0.5, -2, 2**60)),
    *(Parameter("level", op, v) for op in (C.EQUAL, C.NOTEQUAL) for v in ("5", True)),
    *(Parameter("mode", op, v) for op in (C.EQUAL, C.NOTEQUAL) for v in (*MODES, "zzz", 5)),
    *(Parameter("mode", op, v) for op in (C.ANYOF, C.NOTANYOF) for v in ("ctf;ffa", "duel", "x;y", ";", "q")),
    Parameter("level", C.ANYOF, "1;2"),
]


@pytest.mark.parametrize("parameter", SINGLE, ids=lambda p: f"{p.key} {p.op} {p.value!r}")
def test_one_parameter_on_an_indexed_key_finds_what_it_finds_on_a_key_no_index_holds(
    bucket: Bucket, parameter: Parameter
) -> None:
    fast, slow_ = bucket.find(parameter), bucket.find(slow(parameter))
    if parameter.op is C.DISTANCE:
        assert fast == slow_  # nearest first, then oldest first, in both
    else:
        assert sorted(fast) == sorted(slow_)


@pytest.mark.parametrize("max_results", [1, 3, 10])
@pytest.mark.parametrize("value", [2, 0.25, -100, 2**60 + 1])
def test_distance_on_an_indexed_key_stops_at_max_results_with_the_exact_nearest(
    bucket: Bucket, value: float, max_results: int
) -> None:
    parameter = Parameter("level", C.DISTANCE, value)
    assert bucket.find(parameter, max_results=max_results) == bucket.find(slow(parameter), max_results=max_results)


COMBINED = [
    (Parameter("level", C.GREATERTHAN, 0), Parameter("level", C.LESSTHANOREQUAL, 3)),  # one range of the driver
    (Parameter("level", C.NOTEQUAL, 2), Parameter("level", C.GREATERTHANOREQUAL, -1.5)),
    (Parameter("level", C.DISTANCE, 1), Parameter("level", C.LESSTHAN, 3)),  # the walk within the ranges
    (Parameter("level", C.DISTANCE, 1), Parameter("mode", C.EQUAL, "ctf")),
    (Parameter("mode", C.ANYOF, "ctf;duel"), Parameter("level", C.GREATERTHAN, 0)),
    (Parameter("level", C.DISTANCE, 3), Parameter("lvl", C.DISTANCE, 0)),  # ties of the first go by the second
    (Parameter("lvl", C.DISTANCE, 3), Parameter("mode", C.EQUAL, "ctf")),  # the filter drives, all are ranked
    (Parameter("level", C.GREATERTHAN, 5), Parameter("level", C.LESSTHAN, 1)),  # no range at all: nothing
]


@pytest.mark.parametrize("parameters", COMBINED, ids=lambda ps: " & ".join(f"{p.key} {p.op} {p.value}" for p in ps))
@pytest.mark.parametrize("max_results", [2, 256])
def test_several_parameters_find_what_they_find_on_keys_no_index_holds(
    bucket: Bucket, parameters: tuple[Parameter, ...], max_results: int
) -> None:
    fast = bucket.find(*parameters, max_results=max_results)
    every_match = sorted(bucket.find(*map(slow, parameters)))
    if any(p.op is C.DISTANCE for p in parameters):
        assert fast == bucket.find(*map(slow, parameters), max_results=max_results)
    else:  # in another order: the driver's
        assert set(fast) <= set(every_match) and len(fast) == min(max_results, len(every_match))


def order_of(bucket: Bucket, names: list[str], key: str) -> list[tuple[Any, ...]]:
    by_name = {str(lobby.attributes["name"].value): lobby for lobby in bucket.lobbies}
    return [(by_name[n].attributes[key].value, by_name[n].created_at, by_name[n].lobby_id) for n in names]


def test_results_come_in_the_drivers_order_then_oldest_first_and_without_an_indexed_driver_oldest_first(
    bucket: Bucket,
) -> None:
    ranged = bucket.find(Parameter("level", C.GREATERTHANOREQUAL, -1.5))
    assert [(v, t) for v, t, _ in order_of(bucket, ranged, "level")] == sorted(
        (v, t) for v, t, _ in order_of(bucket, ranged, "level")
    )
    oldest_first = bucket.find(Parameter("style", C.NOTEQUAL, "duel"))
    ages = [(t, i) for _, t, i in order_of(bucket, oldest_first, "style")]
    assert ages == sorted(ages) and len(ages) > 10


@pytest.mark.parametrize(
    "parameter",
    [Parameter("level", C.DISTANCE, 2), Parameter("mode", C.EQUAL, "ctf"), Parameter("level", C.GREATERTHAN, 1)],
    ids=str,
)
def test_an_indexed_search_reads_a_page_of_entries_per_shard_and_the_lobbies_it_needs_whatever_the_bucket_holds(
    bucket: Bucket, large_bucket: Bucket, parameter: Parameter
) -> None:
    """A first page of each shard costs what one entry would (a read unit holds ENTRIES_IN_A_READ_UNIT)."""
    counted = []
    for each in (bucket, large_bucket):
        with search_reads(each.services.table.client) as reads:
            assert len(each.find(parameter, max_results=3)) == 3
        assert reads.entries <= reads.queries * ENTRIES_IN_A_READ_UNIT
        counted.append((reads.queries, reads.lobbies))
    assert counted[0] == counted[1] and counted[0][1] <= 3 + 1  # a few over max_results, for the filters


def test_a_distance_from_a_value_no_lobby_holds_reads_one_page_of_each_shard_of_its_key_and_its_mirror(
    large_bucket: Bucket,
) -> None:
    """Level 2 (and 3) is crowded; 2.5 no lobby holds: walking down reads the mirror up, as walking up does."""
    nearest = Parameter("level", C.DISTANCE, 2.5)
    with search_reads(large_bucket.services.table.client) as reads:
        found = large_bucket.find(nearest, max_results=3)
    assert found == large_bucket.find(slow(nearest), max_results=3)
    assert reads.queries == 2 * large_bucket.services.indexed_keys.shards
