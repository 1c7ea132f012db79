"""Which parameter of a search by bucket drives it, and the ranges of sort-key text it reads.

A search reads the entries of one key (store/search_index.py). Its driver is the parameter the index can
answer that should read least: an indexed DISTANCE first (the results come in its order, so the walk out
from its value stops once the nearest are found: up the key's entries from the value, and up its mirror's,
the values negated, from just below it), then EQUAL, ANYOF, the ordering operators, NOTEQUAL and NOTANYOF
(the first in that order, then in the search's own order). The other parameters on the driver's
key narrow its ranges; every parameter is still judged on each lobby read (the domain's `matching`). With
no parameter the index can answer, a search reads the age entries: every searchable lobby, oldest first.

The index can answer a parameter when its key is indexed and its value is of the key's type (a lobby whose
attribute has a value of another type has no entry there, and matches no such parameter anyway), in at
most MAX_RANGES ranges (each costs a Query of every shard).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce

from partylobby.domain.lobby.attributes import kind_of
from partylobby.domain.lobby.search import LISTS, Comparison, Parameter
from partylobby.store.search_index import AGE, IndexedKeys, Kind
from partylobby.store.sortable import above, sortable, sortable_number, sortable_string

MAX_RANGES = 8  # a list of more values (ANYOF, NOTANYOF) filters, but would cost a search too many Queries
Interval = tuple[str, str | None]  # [low, high) of sort-key text; "" no bound below, None none above
Intervals = tuple[Interval, ...]  # in order, disjoint
EVERYTHING: Intervals = (("", None),)
_RANK = {
    Comparison.EQUAL: 0,
    Comparison.ANYOF: 1,
    Comparison.GREATERTHAN: 2,
    Comparison.GREATERTHANOREQUAL: 2,
    Comparison.LESSTHAN: 2,
    Comparison.LESSTHANOREQUAL: 2,
    Comparison.NOTEQUAL: 3,
    Comparison.NOTANYOF: 3,
}
_NEGATED = {  # what a parameter is on a key whose values are negated: the mirror a DISTANCE reads down
    Comparison.GREATERTHAN: Comparison.LESSTHAN,
    Comparison.GREATERTHANOREQUAL: Comparison.LESSTHANOREQUAL,
    Comparison.LESSTHAN: Comparison.GREATERTHAN,
    Comparison.LESSTHANOREQUAL: Comparison.GREATERTHANOREQUAL,
}


_RANGES: dict[Comparison, Callable[[str], Intervals]] = {  # by the text of the parameter's value
    Comparison.EQUAL: lambda text: (_point(text),),
    Comparison.NOTEQUAL: lambda text: complement((_point(text),)),
    Comparison.GREATERTHAN: lambda text: ((above(text), None),),
    Comparison.GREATERTHANOREQUAL: lambda text: ((text, None),),
    Comparison.LESSTHAN: lambda text: (("", text),),
    Comparison.LESSTHANOREQUAL: lambda text: (("", above(text)),),
    Comparison.DISTANCE: lambda _: EVERYTHING,  # it ranks; it excludes nothing
}


@dataclass(frozen=True)
class Plan:
    key: str  # whose entries are read: an indexed key, or AGE
    intervals: Intervals
    nearest: Parameter | None = None  # an indexed DISTANCE: `intervals` from its value up, nearest first
    below: Intervals = ()  # and these of the key's mirror: from just below its value down, nearest first


def plan(parameters: Sequence[Parameter], indexed: IndexedKeys) -> Plan:
    answered = [
        (p, found)
        for p in parameters
        if (found := intervals(p, indexed.kinds.get(p.key))) is not None and len(found) <= MAX_RANGES
    ]

    def ranges_on(key: str) -> Intervals:
        return reduce(intersect, (found for p, found in answered if p.key == key), EVERYTHING)

    ranking = next((p for p in parameters if p.op is Comparison.DISTANCE), None)
    if ranking is not None and any(p is ranking for p, _ in answered):
        return _walk(ranking, [p for p, _ in answered if p.key == ranking.key], ranges_on(ranking.key))
    filters = [p for p, _ in answered if p.op is not Comparison.DISTANCE]
    if not filters:
        return Plan(AGE, EVERYTHING)
    driver = min(filters, key=lambda p: _RANK[p.op])
    return Plan(driver.key, ranges_on(driver.key))


def _walk(ranking: Parameter, on_its_key: list[Parameter], ranges: Intervals) -> Plan:
    """A DISTANCE's two ascending reads: its key's entries from its value, its mirror's from below it."""
    value = ranking.value
    assert isinstance(value, int | float)  # DISTANCE takes numbers only (Parameter.check)
    mirrored = (intervals(_negated(p), "number") for p in on_its_key)
    under: Intervals = ((above(sortable_number(-value)), None),)
    below = reduce(intersect, (r for r in mirrored if r is not None), under)
    return Plan(ranking.key, intersect(ranges, ((sortable_number(value), None),)), ranking, below)


def _negated(parameter: Parameter) -> Parameter:
    value = parameter.value
    assert isinstance(value, int | float)  # a parameter the index answers on a number key
    return Parameter(parameter.key, _NEGATED.get(parameter.op, parameter.op), -value)


def intervals(parameter: Parameter, kind: Kind | None) -> Intervals | None:
    """The sort-key ranges of exactly the values `parameter` matches on a key indexed as `kind` (None: the
    index cannot answer it)."""
    if kind is None:
        return None
    if parameter.op in LISTS:
        if kind != "string":
            return None
        listed = tuple(_point(sortable_string(v)) for v in sorted(set(str(parameter.value).split(";"))))
        return listed if parameter.op is Comparison.ANYOF else complement(listed)
    if kind_of(parameter.value) != kind:
        return None
    return _RANGES[parameter.op](sortable(parameter.value))  # never a bool: its kind is no key's


def _point(text: str) -> Interval:
    return (text, above(text))


def complement(points: Intervals) -> Intervals:
    gaps, low = [], ""
    for start, end in points:
        if start > low:
            gaps.append((low, start))
        low = end or low
    return (*gaps, (low, None))


def intersect(these: Intervals, those: Intervals) -> Intervals:
    both = []
    for low_a, high_a in these:
        for low_b, high_b in those:
            low = max(low_a, low_b)
            high = high_a if high_b is None else high_b if high_a is None else min(high_a, high_b)
            if high is None or low < high:
                both.append((low, high))
    return tuple(sorted(both))
