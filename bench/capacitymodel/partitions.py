"""What each DynamoDB request costs, partition key by partition key, table and indexes apart.

A botocore hook on the service's client records, for every request, the partition keys it touched and the
units it cost there. Reads: a Query's units are what DynamoDB Local reports for it (what it really read);
a GetItem's or BatchGetItem's are priced from the sizes of the items it returned (1 unit per 4 KB
consistent, 0.5 eventually). Writes: DynamoDB Local under-reports transactions and reports no index
writes, so each written item is priced as AWS does from its sizes before and after, read in the run with a
client of its own: 1 unit per KB of the larger (2 in a transaction) on its table key, 2 read units per
4 KB of each item a transaction checks, and on each index whose key the item holds before or after, a
put (1 per KB of what the index projects of the new item: all of it, or its keys), a delete, or both when
the index key moved. The search index's copies (store/search_index.py REPLICAS) count as one, `search`:
each copy takes every write and its share of the reads. Every partition key is then named by its kind
(`SEARCH#level#<shard>#<bucket>`, `OFFLINE#<shard>`, `LOBBY#<lobby>`).
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from bench.requests_per_command import item_size
from local_gateway.template import table_definition
from partylobby.store.search_index import REPLICAS


@dataclass(frozen=True)
class Index:
    partition: str  # its partition key's attribute
    sort: str
    keys_only: bool


INDEXES = {
    gsi["IndexName"]: Index(gsi["KeySchema"][0]["AttributeName"], gsi["KeySchema"][1]["AttributeName"],
                            gsi["Projection"]["ProjectionType"] == "KEYS_ONLY")
    for gsi in table_definition("t")["GlobalSecondaryIndexes"]
}  # fmt: skip
SEARCH = "search"
TABLE = "table"
KINDS = (  # the variable part of each partition key, after its prefix (longest prefixes first)
    ("PLAYER_PARTIES#", "<player>"),
    ("PARTIES#", "<shard>"),
    ("OFFLINE#", "<shard>"),
    ("PLAYER#", "<player>"),
    ("PARTY#", "<party>"),
    ("LOBBY#", "<lobby>"),
    ("CONN#", "<connection>"),
)
Where = tuple[str, str, str]  # (table or index, kind of partition key, "read" or "write")


def kind_of(pk: str) -> str:
    if pk.startswith("SEARCH#"):  # SEARCH#<attribute key>#<shard>#<bucket>: each attribute key apart
        return "#".join((*pk.split("#")[:2], "<shard>", "<bucket>"))
    for prefix, variable in KINDS:
        if pk.startswith(prefix):
            return prefix + variable
    return re.sub(r"[0-9a-f-]{8,}", "<id>", pk)


@dataclass
class Units:
    """Units by (table or index, kind of partition key, read or write), and each kind's keys seen."""

    spent: dict[Where, float] = field(default_factory=lambda: defaultdict(float))
    keys: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, where: str, pk: str, kind: str, units: float) -> None:
        self.spent[(where, kind_of(pk), kind)] += units
        self.keys[(where, kind_of(pk))].add(pk)


def _kb(item: dict[str, Any] | None, block: int) -> int:
    return -(-item_size(item) // block) if item else 0


class Recorder:
    """Hooks for a client; `lookups` (another client) reads items before and after each write, uncounted. A
    write that leaves its item as it was (a cancelled transaction, a put of the same item) counts nothing."""

    def __init__(self, lookups: Any, table: str) -> None:
        self.lookups, self.table = lookups, table
        self.units = Units()
        self._lock = threading.Lock()
        self._request = threading.local()  # the params and items-before of this thread's request in flight

    def _item(self, key: dict[str, Any]) -> dict[str, Any] | None:
        item: dict[str, Any] | None = self.lookups.get_item(TableName=self.table, Key=key, ConsistentRead=True).get(
            "Item"
        )
        return item

    def before(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        params["ReturnConsumedCapacity"] = "TOTAL"
        self._request.params = params
        self._request.before = [(kind, key, self._item(key)) for kind, key in _writes(model.name, params)]

    def after(self, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        with self._lock:
            self._count(model.name, parsed, self._request.params, self._request.before)

    def _count(self, name: str, parsed: dict[str, Any], params: dict[str, Any], before: list[Any]) -> None:
        if name == "Query":
            self._query(parsed, params)
        elif name == "GetItem" and parsed.get("Item"):
            self._read(parsed["Item"], 1.0 if params.get("ConsistentRead") else 0.5)
        elif name == "BatchGetItem":
            for request, items in zip((params.get("RequestItems") or {}).values(),
                                      (parsed.get("Responses") or {}).values(), strict=False):  # fmt: skip
                for item in items:
                    self._read(item, 1.0 if request.get("ConsistentRead") else 0.5)
        for kind, key, old in before:
            self._written(kind, key, old, transactional=name == "TransactWriteItems")

    def _query(self, parsed: dict[str, Any], params: dict[str, Any]) -> None:
        index = params.get("IndexName", TABLE)
        pk_name = INDEXES[index].partition if index in INDEXES else "pk"
        placeholder = re.search(rf"{pk_name}\s*=\s*(:\w+)", params["KeyConditionExpression"])
        pk = params["ExpressionAttributeValues"][placeholder.group(1)]["S"] if placeholder else "?"
        units = float((parsed.get("ConsumedCapacity") or {}).get("CapacityUnits", 0.5))
        if index in REPLICAS:  # one copy, picked at random, of those that share the searches
            index, units = SEARCH, units / len(REPLICAS)
        self.units.add(index, pk, "read", units)

    def _read(self, item: dict[str, Any], per_4kb: float) -> None:
        self.units.add(TABLE, item["pk"]["S"], "read", max(1, _kb(item, 4096)) * per_4kb)

    def _written(self, kind: str, key: dict[str, Any], old: dict[str, Any] | None, transactional: bool) -> None:
        pk = key["pk"]["S"]
        if kind == "ConditionCheck":
            self.units.add(TABLE, pk, "read", 2 * max(1, _kb(old, 4096)))
            return
        new = self._item(key)
        if old == new:
            return
        self.units.add(TABLE, pk, "write", (2 if transactional else 1) * max(1, _kb(old, 1024), _kb(new, 1024)))
        for name, index in INDEXES.items():
            if name in REPLICAS[1:]:
                continue  # every copy takes the same writes as the first, counted as `search`
            was, now = (old or {}).get(index.partition), (new or {}).get(index.partition)
            where = SEARCH if name in REPLICAS else name
            if was and (not now or was != now or _sort_moved(index, old, new)):
                self.units.add(where, was["S"], "write", _projected_kb(index, old))
            if now and (was != now or _sort_moved(index, old, new) or not index.keys_only):
                self.units.add(where, now["S"], "write", _projected_kb(index, new))


def _sort_moved(index: Index, old: dict[str, Any] | None, new: dict[str, Any] | None) -> bool:
    return (old or {}).get(index.sort) != (new or {}).get(index.sort)


def _projected_kb(index: Index, item: dict[str, Any] | None) -> int:
    if item and index.keys_only:
        item = {k: item[k] for k in ("pk", "sk", index.partition, index.sort)}
    return max(1, _kb(item, 1024))


def _writes(name: str, params: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(kind, key) of every item a write request names."""
    if name in ("PutItem", "UpdateItem", "DeleteItem"):
        yield name, params.get("Key") or {k: params["Item"][k] for k in ("pk", "sk")}
    elif name == "TransactWriteItems":
        for entry in params["TransactItems"]:
            for kind, request in entry.items():
                yield kind, request.get("Key") or {k: request["Item"][k] for k in ("pk", "sk")}
    elif name == "BatchWriteItem":
        for requests in params["RequestItems"].values():
            for request in requests:
                for kind, body in request.items():
                    yield kind, body.get("Key") or {k: body["Item"][k] for k in ("pk", "sk")}


@contextmanager
def recorded(client: Any, lookups: Any, table: str) -> Iterator[Units]:
    recorder = Recorder(lookups, table)
    events = client.meta.events
    events.register("provide-client-params.dynamodb.*", recorder.before)
    events.register("after-call.dynamodb.*", recorder.after)
    try:
        yield recorder.units
    finally:
        events.unregister("provide-client-params.dynamodb.*", recorder.before)
        events.unregister("after-call.dynamodb.*", recorder.after)
