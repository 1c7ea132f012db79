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
