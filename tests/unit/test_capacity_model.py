"""bench/capacity.py's model: partition keys named by kind, the busiest key's share, the largest N, and the
units the recorder puts on each table or index key (on moto: the item sizes are what is measured)."""

from __future__ import annotations

from typing import Any

import boto3
import moto
import pytest

from bench.capacity import largest_players, model, share_of_busiest_key
from bench.capacitymodel.partitions import kind_of, recorded
from local_gateway.template import table_definition


@pytest.mark.parametrize(
    ("pk", "kind"),
    [
        ("BUCKET#ranked:eu", "BUCKET#<bucket>"),
        ("OFFLINE#03", "OFFLINE#<shard>"),
        ("PLAYER_PARTIES#alice", "PLAYER_PARTIES#<player>"),
        ("PLAYER#alice", "PLAYER#<player>"),
        ("LOBBY#0f0e", "LOBBY#<lobby>"),
    ],
)
def test_partition_keys_are_named_by_their_kind(pk: str, kind: str) -> None:
    assert kind_of(pk) == kind


def test_the_busiest_key_of_a_kind_takes_its_share() -> None:
    assert share_of_busiest_key("BUCKET#<bucket>", 1e6) == 0.25
    assert share_of_busiest_key("OFFLINE#<shard>", 1e6) == 1 / 16
    assert share_of_busiest_key("LOBBY#<lobby>", 1e6) == 8 / 1e6  # one lobby's eight players, whatever N


def test_the_largest_n_is_where_the_busiest_partition_meets_its_limit() -> None:
    # Once a 20-minute session, 60 write units on the bucket: N/1200 x 60 x a quarter = N/80 units a second.
    at = model({"write": {("gsi2", "BUCKET#<bucket>", "write"): 60.0}}, {}, {"write": 1.0})
    assert largest_players(at, 1.0) == pytest.approx(80_000, rel=0.002)
    assert largest_players(at, 0.5) == pytest.approx(40_000, rel=0.002)


def test_a_write_costs_its_table_key_and_every_index_key_it_leaves_or_enters() -> None:
    with moto.mock_aws():
        client: Any = boto3.client("dynamodb", region_name="us-east-1")
        lookups: Any = boto3.client("dynamodb", region_name="us-east-1")  # the recorder's own reads go uncounted
        client.create_table(**table_definition("t"))
        key = {"pk": {"S": "LOBBY#1"}, "sk": {"S": "STATE"}}
        entry = {"gsi2pk": {"S": "BUCKET#a"}, "gsi2sk": {"S": "1"}}
        with recorded(client, lookups, "t") as units:
            client.put_item(TableName="t", Item={**key, **entry})
        assert dict(units.spent) == {("table", "LOBBY#<lobby>", "write"): 1, ("gsi2", "BUCKET#<bucket>", "write"): 1}
        with recorded(client, lookups, "t") as units:
            client.update_item(
                TableName="t",
                Key=key,
                UpdateExpression="SET gsi2pk = :b",
                ExpressionAttributeValues={":b": {"S": "BUCKET#b"}},
            )
        assert units.spent[("gsi2", "BUCKET#<bucket>", "write")] == 2  # out of one bucket, into another
        assert units.keys[("gsi2", "BUCKET#<bucket>")] == {"BUCKET#a", "BUCKET#b"}
