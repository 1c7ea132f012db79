"""Reading the lobby search index: a plan's ranges in every shard of a bucket, at once, merged in order.

Each shard's entries come in sort-key order (value, then age, then id), so merging the shards keeps that
order exactly; a plan's ranges are read one after the other. DISTANCE walks outward from its value: up its
key's entries from the value, and up its mirror's (the values negated) from just below it, both read at
once and merged by distance, then age: exactly the order results take.
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

from partylobby.store.search_index import REPLICAS, IndexedKeys, mirror, partition
from partylobby.store.search_plan import Interval, Intervals, Plan
from partylobby.store.sortable import END, number_of
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
        read = _Read(self.table, random.choice(REPLICAS), bucket_id, self.indexed.shards, page, self._pool.submit)
        if plan.nearest is None:
            return (_lobby_id(key) for key in read.ranges(plan.key, plan.intervals))
        value = plan.nearest.value
        assert isinstance(value, int | float)  # DISTANCE takes numbers only (Parameter.check)
        up = _by_distance(read.ranges(plan.key, plan.intervals), Fraction(value))
        down = _by_distance(read.ranges(mirror(plan.key), plan.below), Fraction(-value))
        return (_lobby_id(key) for _, _, key in heapq.merge(up, down))


@dataclass(frozen=True)
class _Read:
    """One search's reads: one copy of the index, the shards of one bucket."""

    table: Table
    index: str
    bucket_id: str
    shards: int
    page: int
    submit: Callable[..., Future[list[str]]]  # a thread pool's: each shard's first page in the background

    def ranges(self, key: str, ranges: Intervals) -> Iterator[str]:
        """The entries of `key` in `ranges`, in order; the first range is asked for now."""
        if not ranges:
            return iter(())
        later = (self.merged(key, r) for r in ranges[1:])
        return chain(self.merged(key, ranges[0]), chain.from_iterable(later))

    def merged(self, key: str, interval: Interval) -> Iterator[str]:
        """One range in every shard, merged; each shard's first page is asked for now."""
        return heapq.merge(*(self.shard(partition(key, s, self.bucket_id), interval) for s in range(self.shards)))

    def shard(self, pk: str, interval: Interval) -> Iterator[str]:
        request = _request(self.table.name, self.index, pk, interval)
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


def _by_distance(keys: Iterator[str], target: Fraction) -> Iterator[tuple[Fraction, str, str]]:
    """Entries read up from `target` with what orders the results: distance, then age."""
    for key in keys:
        value = key[: key.index(END) + len(END)]
        yield abs(Fraction(number_of(value)) - target), key[len(value) :], key


def _request(table: str, index: str, pk: str, interval: Interval) -> dict[str, Any]:
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
    }


def _lobby_id(key: str) -> str:
    return key.rsplit("#", 1)[1]
