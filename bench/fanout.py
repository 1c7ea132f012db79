"""Fan-out to a 64-member party: parallel vs one-by-one posts, and DynamoDB requests per push.

Run: `make bench` (or `.venv/bin/python -m bench.fanout`). Uses moto for DynamoDB and a management
API stand-in that takes 20 ms per post, as a remote @connections call roughly does.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any, cast

os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")

import boto3
from moto import mock_aws

from local_gateway.template import table_definition
from partylobby.bootstrap import Container, build_container
from partylobby.config import Settings
from partylobby.domain.party.model import NewParty
from partylobby.push.websocket import WebSocketNotifier
from partylobby.store import keys
from partylobby.store.table import to_wire

MEMBERS = 64
POST_SECONDS = 0.020
TABLE = "bench-fanout"


class SlowManagementApi:
    def __init__(self) -> None:
        self.exceptions = boto3.client("apigatewaymanagementapi", endpoint_url="http://127.0.0.1:9").exceptions
        self.posts = 0

    def post_to_connection(self, *, ConnectionId: str, Data: bytes) -> None:  # noqa: N803
        time.sleep(POST_SECONDS)
        self.posts += 1


def party_of_64(container: Container) -> str:
    party = container.parties.create("m0", NewParty(max_player=MEMBERS)).party
    for n in range(1, MEMBERS):
        container.parties.join(f"m{n}", party.party_id)
    for n in range(MEMBERS):
        container.sessions.connected(f"m{n}", f"m{n}-socket")
    return party.party_id


def others_online(container: Container, count: int, start: int) -> None:
    client = container.parties.parties.table.client
    items = [
        {"PutRequest": {"Item": to_wire({**keys.presence(f"x{n}"), "conn_ids": {f"x{n}-socket"}})}}
        for n in range(start, start + count)
    ]
    for i in range(0, len(items), 25):
        client.batch_write_item(RequestItems={TABLE: cast(Any, items[i : i + 25])})


def requests_per_command(container: Container, party_id: str) -> list[str]:
    """A whole SetGlobalCustomData: load, commit, then the push's one read of the members' sockets."""
    calls: list[str] = []
    client = container.parties.parties.table.client
    handler = lambda model, **_: calls.append(model.name)  # noqa: E731
    client.meta.events.register("before-call.dynamodb.*", handler)
    container.parties.set_global_data("m0", party_id, "x")
    client.meta.events.unregister("before-call.dynamodb.*", handler)
    return calls


def timed(label: str, posts: Sequence[tuple[str, str, bytes]], send: Any) -> float:
    started = time.perf_counter()
    send(posts)
    elapsed = time.perf_counter() - started
    print(f"{label:<28} {len(posts)} posts in {elapsed * 1000:7.1f} ms")
    return elapsed


def main() -> None:
    with mock_aws():
        boto3.client("dynamodb").create_table(**table_definition(TABLE))
        management = SlowManagementApi()
        container = build_container(Settings(table_name=TABLE), management=management)  # type: ignore[arg-type]
        party_id = party_of_64(container)
        notifier = container.parties.publisher.notifier
        assert isinstance(notifier, WebSocketNotifier)

        posts = [(f"m{n}", f"m{n}-socket", b"{}") for n in range(MEMBERS)]
        print(f"fan-out to a {MEMBERS}-member party, {POST_SECONDS * 1000:.0f} ms per post")
        parallel = timed("parallel (thread pool)", posts, notifier.post_all)

        def one_by_one(batch: Sequence[tuple[str, str, bytes]]) -> None:
            for _, connection_id, data in batch:
                management.post_to_connection(ConnectionId=connection_id, Data=data)

        serial = timed("one by one", posts, one_by_one)
        print(f"speed-up                     {serial / parallel:.1f}x")

        online = 0
        for target in (100, 10_000):
            others_online(container, target - online, online)
            online = target
            calls = requests_per_command(container, party_id)
            print(f"DynamoDB requests per command with {target:>6} others online: {len(calls)} {calls}")


if __name__ == "__main__":
    main()
