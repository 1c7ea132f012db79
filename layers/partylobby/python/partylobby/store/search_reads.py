"""Reading the lobby search index: a plan's ranges in every shard of a bucket, at once, merged in order.

Each shard's entries come in sort-key order (value, then age, then id), so merging the shards keeps that
order exactly; a plan's ranges are read one after the other. DISTANCE walks outward from its value: up
from it (values ascending, each oldest first, as the keys come) and, once past the value itself, down from
below it (read descending: each value's keys are turned round, or, when it holds more than a search needs,
read again from its start, ascending, once the walk reaches it), the two sides merged by distance, then
age: exactly the order results take.
Only a range's first page in each shard is read before it is needed, all shards at once; later pages are
read as the merge reaches them, each larger than the one before.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from itertools import chain
from typing import Any

from partylobby.store.search_index import REPLICAS, IndexedKeys, partition
from partylobby.store.search_plan import Interval, Intervals, Plan, intersect, split_at
from partylobby.store.sortable import END, above, number_of, sortable_number
from partylobby.store.table import Table, to_wire

MAX_PAGE = 1_000
ENTRIES_IN_A_READ_UNIT = 20  # an entry is 150-200 bytes in the index; a Query costs the same up to 4 KB


class SearchIndexReader:
    def __init__(self, table: Table, indexed: IndexedKeys) -> None:
        self.table = table
        self.indexed = indexed
        self._pool = ThreadPoolExecutor(max_workers=2 * indexed.shards, thread_name_prefix="search")

    def lobby_ids(self, bucket_id: str, plan: Plan, wanted: int, *, whole: bool = False) -> Iterator[str]:
        """The ids of the bucket's lobbies whose entries of `plan.key` lie in its ranges, in the plan's order,
        for a search that wants about `wanted` of them, or (`whole`) every one its ranges hold. A first page
        costs the same up to ENTRIES_IN_A_READ_UNIT; reading whole ranges, the largest pages."""
        page = MAX_PAGE if whole else max(ENTRIES_IN_A_READ_UNIT, -(-wanted // self.indexed.shards) + 2)
        crowded = wanted  # more entries of one value than that: DISTANCE reads it below its own again, ascending
        shards = [partition(plan.key, shard, bucket_id) for shard in range(self.indexed.shards)]
        read = _Read(self.table, random.choice(REPLICAS), shards, page, self._pool.submit)  # copies share searches
        if plan.nearest is None:
            return (_lobby_id(key) for key in read.ranges(plan.intervals, forward=True))
        value = plan.nearest.value
        assert isinstance(value, int | float)  # DISTANCE takes numbers only (Parameter.check)
        below, from_it = split_at(plan.intervals, sortable_number(value))
        up = read.ranges(from_it, forward=True)
        return (_lobby_id(key) for key in _outward(up, _Below(read, below, crowded), Fraction(value)))


@dataclass(frozen=True)
class _Read:
    """One search's reads: one copy of the index, the bucket's shards of one key."""

    table: Table
    index: str
    shards: list[str]
    page: int
    submit: Callable[..., Future[list[str]]]  # a thread pool's: each shard's first page in the background

    def ranges(self, ranges: Intervals, forward: bool) -> Iterator[str]:
        """The keys of `ranges` (in order, or reversed when not `forward`); the first range asked for now."""
        if not ranges:
            return iter(())
        ordered = ranges if forward else ranges[::-1]
        later = (self.merged(r, forward) for r in ordered[1:])
        return chain(self.merged(ordered[0], forward), chain.from_iterable(later))

    def merged(self, interval: Interval, forward: bool) -> Iterator[str]:
        """One range in every shard, merged; each shard's first page is asked for now."""
        return heapq.merge(*(self.shard(pk, interval, forward) for pk in self.shards), reverse=not forward)

    def shard(self, pk: str, interval: Interval, forward: bool) -> Iterator[str]:
        request = _request(self.table.name, self.index, pk, interval, forward)
        first = self.submit(self.next_page, request, self.page)

        def pages() -> Iterator[str]:
            keys, size = first.result(), self.page
            while True:
                yield from keys
                if "ExclusiveStartKey" not in request:
                    return
                size = min(MAX_PAGE, size * 4)
                keys = self.next_page(request, size)

        return pages()

    def next_page(self, request: dict[str, Any], size: int) -> list[str]:
        response = self.table.client.query(**request, Limit=size)
        request.pop("ExclusiveStartKey", None)
        if "LastEvaluatedKey" in response:
            request["ExclusiveStartKey"] = response["LastEvaluatedKey"]
        return [item["searchsk"]["S"] for item in response.get("Items", [])]


class _Below:
    """The values below where a DISTANCE walk starts, nearest first; each value's keys oldest first."""

    def __init__(self, read: _Read, ranges: Intervals, crowded: int) -> None:
        self.read, self.ranges, self.crowded = read, ranges, crowded
        self.keys = self._below(ranges)  # read once the walk passes the value itself
        self.head: str | None = None  # the first key read of the next value
        self.ahead = False  # whether `head` is read

    def next_value(self) -> str | None:
        if not self.ahead:
            self.head, self.ahead = next(self.keys, None), True
        return None if self.head is None else _value(self.head)

    def take(self) -> Iterator[str]:
        """The next value's keys, oldest first; what lies below it is read only when asked for."""
        value = self.next_value()
        assert value is not None and self.head is not None
        group = [self.head]
        for key in self.keys:
            if _value(key) != value:
                self.head = key
                return reversed(group)
            group.append(key)
            if len(group) > self.crowded:  # read it from its oldest instead
                self.ranges = intersect(self.ranges, (("", value),))
                self.keys, self.ahead = self._below(self.ranges), False
                return self.read.merged((value, above(value)), forward=True)
        self.head = None
        return reversed(group)

    def _below(self, ranges: Intervals) -> Iterator[str]:
        yield from self.read.ranges(ranges, forward=False)


def _outward(up: Iterator[str], below: _Below, target: Fraction) -> Iterator[str]:
    """Keys by distance from `target`, then age: the keys from it up, and the values below it."""
    ups = _Peekable(up)

    def distance(key: str) -> Fraction:
        return abs(Fraction(number_of(key)) - target)

    yield from ups.as_near(distance, Fraction(0))  # the value itself: nothing below is as near
    while (value := below.next_value()) is not None:
        nearest_below = distance(value)
        while (key := ups.head) is not None and distance(key) < nearest_below:
            yield ups.take()
        yield from heapq.merge(ups.as_near(distance, nearest_below), below.take(), key=_age)
    while ups.head is not None:
        yield ups.take()


class _Peekable:
    def __init__(self, keys: Iterator[str]) -> None:
        self.keys = keys
        self.head = next(keys, None)

    def take(self) -> str:
        assert self.head is not None
        key, self.head = self.head, next(self.keys, None)
        return key

    def as_near(self, distance: Callable[[str], Fraction], nearest: Fraction) -> Iterator[str]:
        """The keys from here on whose distance is `nearest`."""
        while self.head is not None and distance(self.head) == nearest:
            yield self.take()


def _request(table: str, index: str, pk: str, interval: Interval, forward: bool) -> dict[str, Any]:
    low, high = interval
    values = {":pk": pk}
    if low and high is not None:
        condition = " AND searchsk BETWEEN :low AND :high"  # no key ends exactly at `high` (a value's next)
        values |= {":low": low, ":high": high}
    elif low:
        condition, values[":low"] = " AND searchsk >= :low", low
    elif high is not None:
        condition, values[":high"] = " AND searchsk < :high", high
    else:
        condition = ""
    return {
        "TableName": table,
        "IndexName": index,
        "KeyConditionExpression": "searchpk = :pk" + condition,
        "ExpressionAttributeValues": to_wire(values),
        "ProjectionExpression": "searchsk",
        "ScanIndexForward": forward,
    }


def _age(key: str) -> str:
    """What follows the value in a key: the lobby's creation time and id."""
    return key[len(_value(key)) :]


def _value(key: str) -> str:
    return key[: key.index(END) + len(END)]


def _lobby_id(key: str) -> str:
    return key.rsplit("#", 1)[1]
