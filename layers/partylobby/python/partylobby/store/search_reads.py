"""Reading the lobby search index: a plan's ranges in every shard of a bucket, at once, merged in order.

Each shard's entries come in sort-key order (value, then age, then id), so merging the shards keeps that
order exactly; a plan's ranges are read one after the other. DISTANCE walks outward from its value: up
from it (values ascending, each oldest first, as the keys come) and down from below it (read descending,
so each value's entries are turned round: a value holding more than a search needs is read again from its
start, ascending), the two sides merged by distance, then age: exactly the order results take.
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
ENTRIES_IN_A_READ_UNIT = 24  # an entry is about 170 bytes in the index; a Query costs the same up to 4 KB


class SearchIndexReader:
    def __init__(self, table: Table, indexed: IndexedKeys) -> None:
        self.table = table
        self.indexed = indexed
        self._pool = ThreadPoolExecutor(max_workers=2 * indexed.shards, thread_name_prefix="search")

    def lobby_ids(self, bucket_id: str, plan: Plan, page: int, crowded: int) -> Iterator[str]:
        """The ids of the bucket's lobbies whose entries of `plan.key` lie in its ranges, in the plan's order.
        `page`: entries read at first from each shard of a range; `crowded`: more entries of one value than a
        search needs (DISTANCE reads such a value below its own again, oldest first)."""
        shards = [partition(plan.key, shard, bucket_id) for shard in range(self.indexed.shards)]
        read = _Read(self.table, random.choice(REPLICAS), shards, page, self._pool.submit)  # copies share searches
        if plan.nearest is None:
            return (_lobby_id(key) for key in read.ranges(plan.intervals, forward=True))
        value = plan.nearest.value
        assert isinstance(value, int | float)  # DISTANCE takes numbers only (Parameter.check)
        below, from_it = split_at(plan.intervals, sortable_number(value))
        up, down = read.ranges(from_it, forward=True), read.down_oldest_first(below, crowded)
        outward = heapq.merge(_by_distance(up, Fraction(value)), _by_distance(down, Fraction(value)))
        return (_lobby_id(key) for *_, key in outward)


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

    def down_oldest_first(self, ranges: Intervals, crowded: int) -> Iterator[str]:
        """The keys of `ranges`, values descending, each value's keys oldest first."""
        group: list[str] = []
        for key in self.ranges(ranges, forward=False):
            if group and _value(key) != _value(group[0]):
                yield from reversed(group)
                group = []
            group.append(key)
            if len(group) > crowded:  # read this value from its oldest instead, then what lies below it
                value = _value(key)
                yield from self.merged((value, above(value)), forward=True)
                yield from self.down_oldest_first(intersect(ranges, (("", value),)), crowded)
                return
        yield from reversed(group)

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


def _by_distance(keys: Iterator[str], target: Fraction) -> Iterator[tuple[Fraction, str, str]]:
    """Each key with what orders the walk: its value's distance, then its age and id."""
    return ((abs(Fraction(number_of(key)) - target), key[len(_value(key)) :], key) for key in keys)


def _value(key: str) -> str:
    return key[: key.index(END) + len(END)]


def _lobby_id(key: str) -> str:
    return key.rsplit("#", 1)[1]
