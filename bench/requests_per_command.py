"""Requests, capacity units and cost of every party command, whatever the party's size or age.

Runs each command through the production composition root against DynamoDB Local (AWS's own engine,
`make dynamodb-local`), in parties of 4, 16 and 64 members (every member online) and in a 4-member
party whose history already holds 5,000 stints. A counting wrapper on the DynamoDB client asks every
request for its consumed capacity. DynamoDB Local under-reports transactions, so a transaction's units
are priced here as AWS does: 2 write units per KB of each item written (the larger of before and
after), 2 read units per 4 KB of each item checked, plus 1 unit per KB for each index entry written.
Costs use AWS list prices in us-east-1 (see PRICES) and the template's Lambda memory size; the Lambda
duration is the one measured here, which DynamoDB Local only approximates.

Run: `make bench` (or `.venv/bin/python -m bench.requests_per_command`).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")

import boto3

from local_gateway.dynamodb_local import DynamoDBLocal
from local_gateway.template import load_template, table_definition
from partylobby.bootstrap import Container, build_container
from partylobby.clock import system_clock
from partylobby.config import Settings
from partylobby.domain.party.chat import ChatType
from partylobby.domain.party.model import JoinStrategy, NewParty
from tests.support.aging import age
from tests.support.capacity import Meter, metered

TABLE = "bench"
SIZES = (4, 16, 64)
AGED_STINTS = 5_000
REPEATS = 5


@dataclass(frozen=True)
class Prices:
    """AWS list prices, us-east-1 (2026), in dollars per million."""

    http_api_requests: float = 1.00
    lambda_requests: float = 0.20
    lambda_gb_seconds: float = 13.3334  # arm64: $0.0000133334 per GB-s
    read_request_units: float = 0.125  # DynamoDB on-demand
    write_request_units: float = 0.625


PRICES = Prices()


@dataclass(frozen=True)
class Figures:
    requests: list[str]
    read_units: float
    write_units: float
    milliseconds: float

    def cost_per_million(self, memory_gb: float) -> tuple[float, float, float]:
        dynamodb = self.read_units * PRICES.read_request_units + self.write_units * PRICES.write_request_units
        billed_seconds = max(1, round(self.milliseconds)) / 1000  # Lambda bills by the millisecond
        lambda_ = PRICES.lambda_requests + billed_seconds * memory_gb * PRICES.lambda_gb_seconds
        return dynamodb, lambda_, PRICES.http_api_requests


def lambda_memory_gb() -> float:
    return float(load_template()["Globals"]["Function"]["MemorySize"]) / 1024


@contextmanager
def dynamodb_table() -> Iterator[tuple[Container, Any]]:
    """The composition root on a fresh table, and a client of its own for looking at items. Searches keep
    no lobby they read (SearchCacheSeconds 0): each search's figures are its own, never a repeat's."""
    with DynamoDBLocal() as db:
        lookups = boto3.client("dynamodb", endpoint_url=db.endpoint)
        lookups.create_table(**table_definition(TABLE))
        settings = Settings(table_name=TABLE, dynamodb_endpoint=db.endpoint, search_cache=timedelta(0))
        yield build_container(settings), lookups


def measure(container: Container, command: Callable[[], Any], lookups: Any = None) -> Figures:
    """Requests and units (transactions priced when given a `lookups` client, which slows them), and time."""
    client = container.parties.parties.table.client
    with metered(client) as meter, transactions_priced(client, meter, lookups) if lookups else nullcontext():
        started = time.perf_counter()
        command()
        elapsed = (time.perf_counter() - started) * 1000
    return Figures(meter.requests, meter.read_units, meter.write_units, elapsed)


@contextmanager
def transactions_priced(client: Any, meter: Meter, lookups: Any) -> Iterator[None]:
    """Replace what DynamoDB Local reports for each TransactWriteItems with AWS's pricing of it.
    `lookups` is another client, so that reading the items' sizes is not counted."""
    before: dict[str, list[tuple[str, dict[str, Any], dict[str, Any] | None]]] = {}

    def look(params: dict[str, Any], model: Any, context: dict[str, Any], **_: Any) -> None:
        if model.name == "TransactWriteItems":
            before["items"] = [(kind, *stored(lookups, request)) for item in params["TransactItems"]
                               for kind, request in item.items()]  # fmt: skip

    def price(parsed: dict[str, Any], model: Any, **_: Any) -> None:
        if model.name != "TransactWriteItems" or "items" not in before:
            return
        reported = sum(float(c.get("CapacityUnits", 0)) for c in parsed.get("ConsumedCapacity") or [])
        reads, writes = 0.0, 0.0
        for kind, key, old in before.pop("items"):
            new = lookups.get_item(TableName=TABLE, Key=key, ConsistentRead=True).get("Item")
            if kind == "ConditionCheck":
                reads += 2 * -(-item_size(old) // 4096)
                continue
            writes += 2 * -(-max(item_size(old), item_size(new), 1) // 1024)
            writes += sum(-(-item_size(i) // 1024) for i in (old, new) if i and "gsi1pk" in i)
        meter.write_units += writes - reported
        meter.read_units += reads

    client.meta.events.register("provide-client-params.dynamodb.TransactWriteItems", look)
    client.meta.events.register("after-call.dynamodb.TransactWriteItems", price)
    try:
        yield
    finally:
        client.meta.events.unregister("provide-client-params.dynamodb.TransactWriteItems", look)
        client.meta.events.unregister("after-call.dynamodb.TransactWriteItems", price)


def stored(lookups: Any, request: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    key = request.get("Key") or {k: request["Item"][k] for k in ("pk", "sk")}
    return key, lookups.get_item(TableName=TABLE, Key=key, ConsistentRead=True).get("Item")


def item_size(item: dict[str, Any] | None) -> int:
    """DynamoDB's item size: attribute names plus values (UTF-8 strings, numbers by digits, sets, maps)."""
    return sum(len(name.encode()) + value_size(value) for name, value in (item or {}).items())


def value_size(value: dict[str, Any]) -> int:
    ((kind, inner),) = value.items()
    match kind:
        case "S":
            return len(inner.encode())
        case "N":
            return len(inner.strip("-").replace(".", "").lstrip("0")) // 2 + 2
        case "SS" | "NS":
            return sum(len(str(e).encode()) for e in inner)
        case "M":
            return 3 + sum(len(k.encode()) + value_size(v) + 1 for k, v in inner.items())
        case "L":
            return 3 + sum(value_size(v) + 1 for v in inner)
        case _:
            return 1  # BOOL, NULL


class Scenario:
    """A party one short of `size`, every player online; the guest's join fills it, then the rest runs."""

    def __init__(self, container: Container, size: int, label: str, aged: int = 0) -> None:
        self.container, self.label = container, label
        self.leader = f"{label}-lead"
        self.members = [f"{label}-m{n}" for n in range(1, size - 1)]
        self.guest, self.invitee = f"{label}-guest", f"{label}-invitee"
        for player in (self.leader, *self.members, self.guest, self.invitee):
            container.sessions.connected(player, f"{player}-socket")
        parties = container.parties
        party = parties.create(self.leader, NewParty(max_player=size, enable_chatting=True)).party
        self.pid = party.party_id
        if aged:
            age(parties.parties, self.pid, aged, system_clock())
        for member in self.members:
            parties.join(member, self.pid)

    def commands(self) -> dict[str, Callable[[], Any]]:
        parties, chat, pid, lead = self.container.parties, self.container.chat, self.pid, self.leader
        guest, invitee, first, last = self.guest, self.invitee, self.members[0], self.members[-1]
        return {
            "JoinParty": lambda: parties.join(guest, pid),
            "GetPartyInfo": lambda: parties.get(lead, pid),
            "CurrentParty": lambda: parties.current(lead),
            "SetPartyStrategy": lambda: parties.set_strategy(lead, pid, JoinStrategy.PUBLIC, None),
            "SetGlobalCustomData": lambda: parties.set_global_data(lead, pid, "map=dust"),
            "SetPlayerCustomData": lambda: parties.set_player_data(last, pid, "ready"),
            "SendPartyChatTextMsg": lambda: chat.send(lead, pid, ChatType.TEXT, "gl hf"),
            "chat catch-up": lambda: chat.since(last, pid, 0),
            "LeaveParty": lambda: parties.leave(guest, pid),
            "InvitePlayerToParty": lambda: parties.invite(lead, pid, [invitee]),
            "pending invitations": lambda: parties.pending_invitations(invitee),
            "JoinParty (invited)": lambda: parties.join(invitee, pid),
            "KickPartyMember": lambda: parties.kick(lead, pid, last),
            "TransferPartyLeader": lambda: parties.transfer_leader(lead, pid, first),
            "DismissParty": lambda: parties.dismiss(first, pid),
            "CreateParty": lambda: parties.create(f"{self.label}-creator", NewParty()),
        }


def run(container: Container, lookups: Any, size: int, label: str, aged: int = 0) -> dict[str, Figures]:
    """A first fresh party priced, then REPEATS more timed: its requests and units, their median duration."""

    def once(n: int, lookups: Any = None) -> dict[str, Figures]:
        scenario = Scenario(container, size, f"{label}-{n}", aged)
        return {name: measure(container, command, lookups) for name, command in scenario.commands().items()}

    priced = once(0, lookups)
    timed = [once(n) for n in range(1, REPEATS + 1)]
    return {
        name: replace(figures, milliseconds=statistics.median(t[name].milliseconds for t in timed))
        for name, figures in priced.items()
    }


def report(title: str, figures: dict[str, Figures], memory_gb: float) -> None:
    print(f"\n{title}")
    header = f"{'command':<22}{'requests':>9}{'RRU':>7}{'WRU':>7}{'ms':>7}"
    print(f"  {header}   $/million: DynamoDB  Lambda  HTTP API  total")
    for name, f in figures.items():
        dynamodb, lambda_, http = f.cost_per_million(memory_gb)
        print(
            f"  {name:<22}{len(f.requests):>9}{f.read_units:>7.1f}{f.write_units:>7.1f}{f.milliseconds:>7.1f}"
            f"   {dynamodb:>18.2f}{lambda_:>8.2f}{http:>10.2f}{dynamodb + lambda_ + http:>7.2f}"
        )


def main() -> None:
    memory_gb = lambda_memory_gb()
    print(
        "Party commands on DynamoDB Local: DynamoDB requests, read and write request units (transactions\n"
        f"priced as AWS prices them), median duration of {REPEATS} runs. Cost per million commands at\n"
        f"us-east-1 list prices: HTTP API ${PRICES.http_api_requests:.2f}/M; Lambda arm64 at "
        f"{memory_gb * 1024:.0f} MB, ${PRICES.lambda_requests:.2f}/M requests\n"
        f"and ${PRICES.lambda_gb_seconds / 1e6:.10f}/GB-s; DynamoDB on-demand ${PRICES.read_request_units}/M "
        f"read units, ${PRICES.write_request_units}/M write units.\n"
        "Pushes are extra: $1.00 per million WebSocket messages, one per recipient's socket."
    )
    with dynamodb_table() as (container, lookups):
        for size in SIZES:
            report(f"party of {size}", run(container, lookups, size, f"p{size}"), memory_gb)
        aged = run(container, lookups, 4, "aged", AGED_STINTS)
        report(f"party of 4 with {AGED_STINTS:,} past stints", aged, memory_gb)


if __name__ == "__main__":
    main()
