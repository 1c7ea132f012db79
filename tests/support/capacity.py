"""Counts a boto3 DynamoDB client's requests and the capacity units they consumed (asked for on each call)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

READS = {"GetItem", "Query", "BatchGetItem"}
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems"}


@dataclass
class Meter:
    requests: list[str] = field(default_factory=list)
    read_units: float = 0.0
    write_units: float = 0.0

    def ask(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if model.name in READS | WRITES:
            params["ReturnConsumedCapacity"] = "TOTAL"

    def count(self, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        self.requests.append(model.name)
        consumed = parsed.get("ConsumedCapacity") or []
        units = sum(float(c.get("CapacityUnits", 0)) for c in (consumed if isinstance(consumed, list) else [consumed]))
        if model.name in READS:
            self.read_units += units
        else:
            self.write_units += units


@contextmanager
def metered(client: Any) -> Iterator[Meter]:
    meter = Meter()
    events = client.meta.events
    events.register("provide-client-params.dynamodb.*", meter.ask)
    events.register("after-call.dynamodb.*", meter.count)
    try:
        yield meter
    finally:
        events.unregister("provide-client-params.dynamodb.*", meter.ask)
        events.unregister("after-call.dynamodb.*", meter.count)


def requests_of(client: Any, command: Callable[[], object]) -> list[str]:
    """The names of the DynamoDB requests `command` made, in order."""
    with metered(client) as meter:
        command()
    return meter.requests


@dataclass
class SearchReads:
    """What a search read: its Queries, the index entries they scanned, and the items its batch reads returned."""

    queries: int = 0
    entries: int = 0
    lobbies: int = 0

    def count(self, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        if model.name == "Query":
            self.queries += 1
            self.entries += int(parsed.get("ScannedCount", 0))
        elif model.name == "BatchGetItem":
            self.lobbies += sum(len(items) for items in (parsed.get("Responses") or {}).values())


@contextmanager
def search_reads(client: Any) -> Iterator[SearchReads]:
    reads, events = SearchReads(), client.meta.events
    events.register("after-call.dynamodb", reads.count)
    try:
        yield reads
    finally:
        events.unregister("after-call.dynamodb", reads.count)
