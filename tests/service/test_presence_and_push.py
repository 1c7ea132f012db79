"""Sockets, pushes, presence, the offline sweeper and logout, on moto with a fake management API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from partylobby.bootstrap import Container, build_container
from partylobby.config import Settings
from partylobby.domain.party import errors as party_errors
from partylobby.store import keys
from tests.service.conftest import World
from tests.support.fakes import FakeClock, FakeManagementApi

GRACE = 60


@pytest.fixture
def management() -> FakeManagementApi:
    return FakeManagementApi()


@pytest.fixture
def live(moto_table: str, clock: FakeClock, management: FakeManagementApi) -> Container:
    """The production wiring (WebSocket notifier) with a fake clock and management API."""
    settings = Settings(table_name=moto_table)
    return build_container(settings, clock=clock, management=management)  # type: ignore[arg-type]


@pytest.fixture
def world(live: Container) -> World:
    return World(live)


@pytest.fixture
def dynamodb_calls(live: Container) -> Iterator[list[str]]:
    calls: list[str] = []
    client = live.parties.parties.table.client
    client.meta.events.register("before-call.dynamodb.*", lambda model, **_: calls.append(model.name))
    yield calls


def connect(world: World, player: str, connection_id: str | None = None) -> str:
    connection_id = connection_id or f"{player}-socket"
    world.services.sessions.connected(player, connection_id)
    return connection_id


def test_every_socket_of_a_player_gets_the_push(world: World, management: FakeManagementApi) -> None:
    party = world.party("alice", "bob")
    phone, laptop = connect(world, "alice", "phone"), connect(world, "alice", "laptop")
    world.parties.join("carol", party.party_id)
    assert management.received(phone) == management.received(laptop) == ["OnPartyMemberJoined"]


def test_push_envelope_carries_event_ts_and_versioned_data(world: World, management: FakeManagementApi) -> None:
    party = world.party("alice", "bob")
    connect(world, "bob")
    world.parties.set_global_data("alice", party.party_id, "go")
    ((_, message),) = management.posts
    assert message["event"] == "OnCustomDataChanged"
    assert message["ts"].endswith("Z")
    assert message["data"]["party_id"] == party.party_id
    assert message["data"]["version"] == party.version + 1
    assert message["data"]["custom_data"]["global"] == "go"


def test_gone_connection_is_removed_and_the_command_still_succeeds(world: World, management: FakeManagementApi) -> None:
    party = world.party("alice", "bob")
    stale, fresh = connect(world, "bob", "stale"), connect(world, "bob", "fresh")
    management.gone.add(stale)
    assert world.parties.set_global_data("alice", party.party_id, "x").global_data == "x"
    assert management.received(fresh) == ["OnCustomDataChanged"]
    assert world.services.sessions.presence.sockets_of(["bob"]) == {"bob": {"fresh"}}


def test_a_push_that_cannot_reach_api_gateway_fails_neither_the_command_nor_the_other_sockets(
    world: World, management: FakeManagementApi
) -> None:
    party = world.party("alice", "bob", "carol")
    unreachable, reachable = connect(world, "bob"), connect(world, "carol")
    management.unreachable.add(unreachable)
    assert world.parties.set_global_data("alice", party.party_id, "x").global_data == "x"
    assert management.received(reachable) == ["OnCustomDataChanged"]
    assert world.services.sessions.presence.sockets_of(["bob"]) == {"bob": {unreachable}}  # not gone: kept


def test_fan_out_reads_connections_in_one_batch(world: World, dynamodb_calls: list[str]) -> None:
    party = world.party("alice", *(f"p{n}" for n in range(10)), max_player=16)
    for n in range(10):
        connect(world, f"p{n}")
    dynamodb_calls.clear()
    world.parties.set_global_data("alice", party.party_id, "x")
    assert dynamodb_calls == ["GetItem", "TransactWriteItems", "BatchGetItem"]  # the state alone, no history


def test_party_info_shows_who_is_online(world: World) -> None:
    party = world.party("alice", "bob")
    connect(world, "bob")
    assert world.services.sessions.presence.online(party.member_ids) == {"bob"}


def test_member_offline_past_grace_leaves_with_reason_offline(
    world: World, clock: FakeClock, management: FakeManagementApi
) -> None:
    world.party("alice", "bob", "carol")
    connect(world, "bob")
    connect(world, "carol")
    clock.advance(GRACE + 1)  # alice never connected: counted from joining
    assert world.services.sessions.sweep() == ["alice"]
    after = world.parties.current("bob").party
    assert after.leader_id == "bob"
    assert not after.is_member("alice")
    left = [p for _, p in management.posts if p["event"] == "OnPartyMemberLeft"]
    assert {p["data"]["reason"] for p in left} == {"offline"}


def test_reconnecting_within_grace_keeps_the_seat(world: World, clock: FakeClock) -> None:
    party = world.party("alice", "bob")
    for player in ("alice", "bob"):
        connect(world, player)
    clock.advance(GRACE + 1)
    assert world.services.sessions.sweep() == []  # markers from joining are cleared: they are online
    world.services.sessions.disconnected("bob-socket")
    clock.advance(GRACE - 10)
    connect(world, "bob", "bob-again")
    clock.advance(30)
    assert world.services.sessions.sweep() == []
    assert world.parties.get("alice", party.party_id).party.is_member("bob")


def test_grace_counts_from_the_last_socket_closing(world: World, clock: FakeClock) -> None:
    world.party("alice", "bob")
    connect(world, "alice")
    connect(world, "bob", "one")
    connect(world, "bob", "two")
    world.services.sessions.disconnected("one")
    clock.advance(GRACE + 1)
    world.services.sessions.sweep()
    world.services.sessions.disconnected("two")
    clock.advance(GRACE - 1)
    assert world.services.sessions.sweep() == []
    clock.advance(2)
    assert world.services.sessions.sweep() == ["bob"]


def test_last_member_going_offline_dismisses_the_party(world: World, clock: FakeClock) -> None:
    party = world.party("alice")
    clock.advance(GRACE + 1)
    assert world.services.sessions.sweep() == ["alice"]
    with pytest.raises(party_errors.PartyNotFound):
        world.parties.get("alice", party.party_id)


def test_logout_leaves_the_party_and_closes_every_socket(world: World, management: FakeManagementApi) -> None:
    party = world.party("alice", "bob")
    connect(world, "alice", "a1")
    connect(world, "alice", "a2")
    connect(world, "bob")
    world.services.sessions.logout("alice")
    assert sorted(management.deleted) == ["a1", "a2"]
    assert management.received("a1") == management.received("a2") == ["OnConnectionClosed"]
    assert world.parties.current("bob").party.leader_id == "bob"
    assert management.received("bob-socket") == ["OnPartyMemberLeft", "OnPartyLeaderTransferred"]
    assert world.services.sessions.presence.online(party.member_ids) == {"bob"}


def test_nobody_online_means_no_posts(world: World, management: FakeManagementApi) -> None:
    party = world.party("alice", "bob")
    world.parties.set_global_data("alice", party.party_id, "x")
    assert management.posts == []


def test_no_empty_connection_record_is_left_behind(world: World) -> None:
    world.party("alice", "bob")
    connect(world, "alice", "a1")
    world.services.sessions.disconnected("a1")
    world.services.sessions.logout("alice")
    world.services.sessions.disconnected("a1", "alice")  # API Gateway's $disconnect after logout
    table = world.services.sessions.presence.table
    assert table.get({"pk": "PLAYER#alice", "sk": "PRESENCE"}) is None


def test_presence_is_the_players_own_record_whatever_they_are_in(world: World) -> None:
    presence = world.services.sessions.presence
    connect(world, "dave")  # in nothing at all
    assert presence.get("dave").connections == {"dave-socket"}
    party = world.party("dave")
    assert presence.get("dave").party_id() == party.party_id
    world.parties.leave("dave", party.party_id)
    assert presence.get("dave").memberships == {}
    assert presence.get("dave").online


def test_the_sweeper_queries_every_shard_of_the_offline_index_and_never_scans(
    world: World, clock: FakeClock, dynamodb_calls: list[str]
) -> None:
    players = [f"p{n}" for n in range(24)]
    for player in players:
        world.party(player)
    shards = {keys.offline_shard(p) for p in players}
    assert len(shards) > 4, "players spread over the shards"
    clock.advance(GRACE + 1)
    dynamodb_calls.clear()
    assert world.services.sessions.sweep() == sorted(players)
    assert "Scan" not in dynamodb_calls
    assert dynamodb_calls[: keys.OFFLINE_SHARDS] == ["Query"] * keys.OFFLINE_SHARDS


def test_an_offline_mark_left_after_leaving_everything_is_cleared_by_the_sweeper(
    world: World, clock: FakeClock
) -> None:
    party = world.party("alice", "bob")
    connect(world, "alice")
    world.parties.leave("bob", party.party_id)  # bob never connected: marked since joining
    clock.advance(GRACE + 1)
    assert world.services.sessions.sweep() == []
    assert world.services.sessions.presence.offline_before(clock()) == []


def test_the_connect_past_the_cap_closes_the_oldest_socket_after_saying_why(
    world: World, clock: FakeClock, management: FakeManagementApi
) -> None:
    sockets = []
    for n in range(11):
        sockets.append(connect(world, "alice", f"a{n}"))
        clock.advance(1)
    assert management.deleted == ["a0"]
    assert management.posts == [
        (
            "a0",
            {
                "event": "OnConnectionClosed",
                "ts": management.posts[0][1]["ts"],
                "data": {"reason": "socket_limit", "max_sockets": 10},
            },
        )
    ]
    assert world.services.sessions.presence.sockets_of(["alice"]) == {"alice": frozenset(sockets[1:])}


def test_pushes_reach_every_socket_that_survived_the_cap(
    world: World, clock: FakeClock, management: FakeManagementApi
) -> None:
    party = world.party("alice", "bob")
    for n in range(12):
        connect(world, "bob", f"b{n}")
        clock.advance(1)
    management.posts.clear()
    world.parties.set_global_data("alice", party.party_id, "go")
    assert sorted(c for c, _ in management.posts) == sorted(f"b{n}" for n in range(2, 12))


def test_the_cap_is_a_setting(moto_table: str, clock: FakeClock, management: FakeManagementApi) -> None:
    settings = Settings(table_name=moto_table, max_sockets_per_player=2)
    world = World(build_container(settings, clock=clock, management=management))  # type: ignore[arg-type]
    for n in range(3):
        connect(world, "alice", f"a{n}")
        clock.advance(1)
    assert management.deleted == ["a0"]


def test_a_closed_socket_over_the_cap_leaves_the_player_online_and_unmarked(
    world: World, clock: FakeClock, management: FakeManagementApi
) -> None:
    world.party("alice")
    for n in range(11):
        connect(world, "alice", f"a{n}")
        clock.advance(1)
    world.services.sessions.disconnected("a0", "alice")  # API Gateway's $disconnect for the closed one
    presence = world.services.sessions.presence.get("alice")
    assert presence.online and presence.offline_since is None
