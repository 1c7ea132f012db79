"""bench/capacity.py's model: partition keys named by kind, the busiest key's share, the largest N, and the
units the recorder puts on each table or index key (on moto: the item sizes are what is measured)."""

from __future__ import annotations

from typing import Any

import boto3
import moto
import pytest

from bench.capacity import KEPT_FOR, kept_share, largest_players, model, share_of_busiest_key
from bench.capacitymodel.partitions import kind_of, recorded
from bench.capacitymodel.session import Command
from local_gateway.template import table_definition


@pytest.mark.parametrize(
    ("pk", "kind"),
    [
        ("SEARCH#level#03#ranked:eu", "SEARCH#level#<shard>#<bucket>"),
        ("SEARCH#level~down#03#ranked:eu", "SEARCH#level~down#<shard>#<bucket>"),
        ("OFFLINE#03", "OFFLINE#<shard>"),
        ("PLAYER_PARTIES#alice", "PLAYER_PARTIES#<player>"),
        ("PLAYER#alice", "PLAYER#<player>"),
        ("LOBBY#0f0e", "LOBBY#<lobby>"),
    ],
)
def test_partition_keys_are_named_by_their_kind(pk: str, kind: str) -> None:
    assert kind_of(pk) == kind


def test_the_busiest_key_of_a_kind_takes_its_share() -> None:
    assert share_of_busiest_key("SEARCH#level#<shard>#<bucket>", 1e6) == 0.25 / 4  # the hot bucket, one shard
    assert share_of_busiest_key("OFFLINE#<shard>", 1e6) == 1 / 16
    assert share_of_busiest_key("LOBBY#<lobby>", 1e6) == 8 / 1e6  # one lobby's eight players, whatever N


def test_the_largest_n_is_where_the_busiest_partition_meets_its_limit() -> None:
    # Once a 20-minute session, 60 write units on a key every player shares: N/1200 x 60 = N/20 units a second.
    at = model({"write": {("gsi1", "EVERYONE", "write"): 60.0}}, {}, {"write": 1.0})
    assert largest_players(at, 1.0) == pytest.approx(20_000, rel=0.002)
    assert largest_players(at, 0.5) == pytest.approx(10_000, rel=0.002)


def test_a_lobby_every_searcher_is_shown_is_read_by_each_container_once_in_what_it_keeps() -> None:
    def run(_: int) -> None:
        return None

    session = [
        Command("search", 6, run, reads_the_bucket=True, lobby_api=True),
        Command("join", 6, run, lobby_api=True),
        Command("party chat", 100, run),  # another function's containers
    ]
    # A quarter of 6 searches per 12 lobby API requests of 0.1 s: 1.25 hot searches a second reach a container.
    assert kept_share(session) == pytest.approx(1 / (1 + 1.25 * KEPT_FOR))


def test_a_write_costs_its_table_key_and_every_index_key_it_leaves_or_enters() -> None:
    with moto.mock_aws():
        client: Any = boto3.client("dynamodb", region_name="us-east-1")
        lookups: Any = boto3.client("dynamodb", region_name="us-east-1")  # the recorder's own reads go uncounted
        client.create_table(**table_definition("t"))
        key = {"pk": {"S": "LOBBY#1"}, "sk": {"S": "SEARCH#level"}}
        entry = {"searchpk": {"S": "SEARCH#level#00#a"}, "searchsk": {"S": "1"}}
        kind = ("search", "SEARCH#level#<shard>#<bucket>", "write")  # the copies of the index, as one
        with recorded(client, lookups, "t") as units:
            client.put_item(TableName="t", Item={**key, **entry})
        assert dict(units.spent) == {("table", "LOBBY#<lobby>", "write"): 1, kind: 1}
        with recorded(client, lookups, "t") as units:
            client.put_item(TableName="t", Item={**key, **entry, "more": {"S": "x"}})
        assert kind not in units.spent  # an index of keys only: a put that keeps them writes none
        with recorded(client, lookups, "t") as units:
            client.update_item(
                TableName="t",
                Key=key,
                UpdateExpression="SET searchpk = :b",
                ExpressionAttributeValues={":b": {"S": "SEARCH#level#00#b"}},
            )
        assert units.spent[kind] == 2  # out of one bucket, into another
        assert units.keys[kind[:2]] == {"SEARCH#level#00#a", "SEARCH#level#00#b"}
