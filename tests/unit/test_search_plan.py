"""Which parameter drives a search by bucket, and the ranges of sort-key text it reads."""

from __future__ import annotations

import pytest

from partylobby.domain.lobby.search import Comparison, Parameter
from partylobby.store.search_index import AGE, IndexedKeys
from partylobby.store.search_plan import EVERYTHING, complement, intersect, intervals, plan
from partylobby.store.sortable import above, sortable_number, sortable_string

C = Comparison
INDEXED = IndexedKeys({"level": "number", "skill": "number", "mode": "string", "map": "string"})


def p(key: str, op: Comparison, value: bool | int | float | str) -> Parameter:
    return Parameter(key, op, value)


@pytest.mark.parametrize(
    ("parameters", "driver"),
    [
        ((), AGE),
        ((p("other", C.EQUAL, "x"),), AGE),  # not indexed
        ((p("mode", C.EQUAL, 5),), AGE),  # a number on a string key: its lobbies hold no entry there
        ((p("level", C.EQUAL, True),), AGE),  # a bool is no number
        ((p("level", C.ANYOF, "1;2"),), AGE),  # lists match strings only
        ((p("level", C.GREATERTHAN, 3), p("mode", C.EQUAL, "ctf")), "mode"),  # EQUAL before a range
        ((p("mode", C.NOTEQUAL, "ctf"), p("map", C.ANYOF, "a;b")), "map"),  # ANYOF before NOTEQUAL
        ((p("level", C.NOTEQUAL, 3), p("skill", C.LESSTHAN, 3)), "skill"),  # a range before NOTEQUAL
        ((p("mode", C.EQUAL, "ctf"), p("level", C.DISTANCE, 3)), "level"),  # an indexed DISTANCE drives
        ((p("other", C.DISTANCE, 3), p("level", C.DISTANCE, 3), p("mode", C.NOTEQUAL, "x")), "mode"),
        ((p("mode", C.ANYOF, ";".join(map(str, range(9)))), p("map", C.NOTEQUAL, "x")), "map"),  # 9 ranges: filters
    ],
)
def test_the_driver_is_the_parameter_the_index_answers_that_should_read_least(
    parameters: tuple[Parameter, ...], driver: str
) -> None:
    assert plan(parameters, INDEXED).key == driver


def test_only_an_indexed_first_distance_walks_nearest_first() -> None:
    walking = plan((p("level", C.DISTANCE, 3), p("other", C.DISTANCE, 1)), INDEXED)
    assert walking.nearest == p("level", C.DISTANCE, 3)
    assert walking.intervals == ((sortable_number(3), None),)  # up from the value
    assert walking.below == ((above(sortable_number(-3)), None),)  # up the mirror from just below it
    assert plan((p("other", C.DISTANCE, 1), p("level", C.DISTANCE, 3)), INDEXED).nearest is None


def test_the_other_parameters_on_the_drivers_key_narrow_its_ranges() -> None:
    three, nine = sortable_number(3), sortable_number(9)
    narrowed = plan(
        (p("level", C.GREATERTHAN, 3), p("level", C.LESSTHANOREQUAL, 9), p("mode", C.NOTEQUAL, "x")), INDEXED
    )
    assert narrowed.key == "level" and narrowed.intervals == ((above(three), above(nine)),)
    assert plan((p("level", C.GREATERTHAN, 9), p("level", C.LESSTHAN, 3)), INDEXED).intervals == ()


def test_a_distance_reads_the_other_parameters_on_its_key_negated_in_the_mirror() -> None:
    walking = plan((p("level", C.DISTANCE, 5), p("level", C.GREATERTHAN, 2), p("level", C.NOTEQUAL, 4)), INDEXED)
    five, two, four = sortable_number(5), sortable_number(-2), sortable_number(-4)
    assert walking.intervals == ((five, None),)
    assert walking.below == ((above(sortable_number(-5)), four), (above(four), two))  # 5 > level > 2, not 4


def test_each_operator_as_ranges() -> None:
    five = sortable_number(5)
    assert intervals(p("level", C.EQUAL, 5.0), "number") == ((five, above(five)),)
    assert intervals(p("level", C.NOTEQUAL, 5), "number") == (("", five), (above(five), None))
    assert intervals(p("level", C.GREATERTHAN, 5), "number") == ((above(five), None),)
    assert intervals(p("level", C.GREATERTHANOREQUAL, 5), "number") == ((five, None),)
    assert intervals(p("level", C.LESSTHAN, 5), "number") == (("", five),)
    assert intervals(p("level", C.LESSTHANOREQUAL, 5), "number") == (("", above(five)),)
    assert intervals(p("level", C.DISTANCE, 5), "number") == EVERYTHING
    a, b = sortable_string("a"), sortable_string("b")
    assert intervals(p("mode", C.ANYOF, "b;a;b"), "string") == ((a, above(a)), (b, above(b)))
    assert intervals(p("mode", C.NOTANYOF, "b;a"), "string") == (("", a), (above(a), b), (above(b), None))
    assert intervals(p("mode", C.EQUAL, "a"), None) is None


def test_complement_and_intersect_of_ranges() -> None:
    assert complement(()) == EVERYTHING
    assert complement((("", "b"),)) == (("b", None),)
    assert intersect((("a", "c"), ("e", None)), (("b", "f"),)) == (("b", "c"), ("e", "f"))
    assert intersect((("a", "b"),), (("b", "c"),)) == ()
