"""Lobbies and sessions on moto: a member's last socket closing, the offline grace and sweep, logout."""

from __future__ import annotations

import pytest

from partylobby.bootstrap import Container, build_container
from partylobby.config import Settings
from partylobby.domain.lobby import errors
from partylobby.domain.lobby.events import MemberStatus
from partylobby.domain.lobby.model import Attribute, AttributeUpdate
from partylobby.domain.party import errors as party_errors
from tests.service.conftest import World
from tests.support.fakes import FakeClock, FakeManagementApi, RecordingNotifier
from tests.support.lobbies import Lobbies

GRACE = 60  # Settings.offline_grace's default, in seconds
STATUS = "OnLobbyMemberStatusReceived"


@pytest.fixture
def lobbies(services: Container) -> Lobbies:
    return Lobbies(services)


def connect(services: Container, *players: str) -> None:
    for player in players:
        services.sessions.connected(player, f"{player}-socket")


def statuses(notifier: RecordingNotifier) -> list[tuple[str, str, MemberStatus, int, frozenset[str]]]:
    return [(e.lobby_id, e.target_user_id, e.status, e.version, e.recipients) for e in notifier.of(STATUS)]


def test_last_socket_closing_tells_the_other_members_at_the_current_version(
    lobbies: Lobbies, services: Container, notifier: RecordingNotifier
) -> None:
    connect(services, "alice", "bob", "carol")
    one = lobbies.lobby("alice", "bob", "carol")
    two = lobbies.lobby("dave", "bob")
    notifier.clear()
    services.sessions.disconnected("bob-socket")
    assert sorted(statuses(notifier)) == sorted([
        (one.lobby_id, "bob", MemberStatus.DISCONNECTED, one.version, frozenset({"alice", "carol"})),
        (two.lobby_id, "bob", MemberStatus.DISCONNECTED, two.version, frozenset({"dave"})),
    ])  # fmt: skip
    assert lobbies.stored(one.lobby_id) == one  # no version bump: the seat is kept
    assert lobbies.stored(two.lobby_id) == two


def test_a_sole_member_going_offline_tells_no_one(
    lobbies: Lobbies, services: Container, notifier: RecordingNotifier
) -> None:
    connect(services, "alice")
    lobbies.lobby("alice")
    notifier.clear()
    services.sessions.disconnected("alice-socket")
    assert notifier.events == []


def test_another_socket_still_open_means_no_event(
    lobbies: Lobbies, services: Container, notifier: RecordingNotifier
) -> None:
    connect(services, "alice", "bob")
    services.sessions.connected("bob", "bob-phone")
    lobby = lobbies.lobby("alice", "bob")
    notifier.clear()
    services.sessions.disconnected("bob-socket")
    assert notifier.events == []
    services.sessions.disconnected("bob-phone")
    assert statuses(notifier) == [
        (lobby.lobby_id, "bob", MemberStatus.DISCONNECTED, lobby.version, frozenset({"alice"}))
    ]


def test_after_the_grace_the_sweep_removes_them_from_every_lobby_and_their_party(
    world: World, lobbies: Lobbies, services: Container, clock: FakeClock, notifier: RecordingNotifier
) -> None:
    connect(services, "alice", "bob", "carol")
    party = world.party("alice", "bob")
    owned = lobbies.lobby("alice", "bob", "carol")
    joined = lobbies.lobby("carol", "alice")
    alone = lobbies.lobby("alice")
    services.sessions.disconnected("alice-socket")
    clock.advance(GRACE - 1)
    assert services.sessions.sweep() == []
    notifier.clear()
    clock.advance(2)
    assert services.sessions.sweep() == ["alice"]

    version = owned.version + 1
    assert sorted(statuses(notifier)) == sorted([
        (owned.lobby_id, "alice", MemberStatus.LEFT, version, frozenset({"bob", "carol"})),
        (owned.lobby_id, "bob", MemberStatus.PROMOTED, version, frozenset({"bob", "carol"})),
        (joined.lobby_id, "alice", MemberStatus.LEFT, joined.version + 1, frozenset({"carol"})),
        (alone.lobby_id, "alice", MemberStatus.CLOSED, alone.version + 1, frozenset({"alice"})),
    ])  # fmt: skip
    assert services.lobbies.get("carol", owned.lobby_id).lobby.owner_id == "bob"
    assert not services.lobbies.get("carol", joined.lobby_id).lobby.is_member("alice")
    assert lobbies.stored(alone.lobby_id) is None
    assert lobbies.lobbies_of("alice") == set()
    with pytest.raises(party_errors.PartyNotFound):
        services.parties.current("alice")
    assert services.parties.current("bob").party.party_id == party.party_id


def test_reconnecting_within_the_grace_keeps_every_seat(
    world: World, lobbies: Lobbies, services: Container, clock: FakeClock
) -> None:
    connect(services, "alice", "bob")
    party = world.party("alice", "bob")
    lobby = lobbies.lobby("alice", "bob")
    services.sessions.disconnected("bob-socket")
    clock.advance(GRACE - 10)
    services.sessions.connected("bob", "bob-again")
    clock.advance(GRACE)
    assert services.sessions.sweep() == []
    assert lobbies.stored(lobby.lobby_id) == lobby
    assert services.parties.get("alice", party.party_id).party.is_member("bob")


def test_a_member_who_never_connected_is_swept_once_the_grace_from_joining_ends(
    lobbies: Lobbies, services: Container, clock: FakeClock
) -> None:
    connect(services, "alice")
    lobby = lobbies.lobby("alice", "bob")
    clock.advance(GRACE + 1)
    assert services.sessions.sweep() == ["bob"]
    assert services.lobbies.get("alice", lobby.lobby_id).lobby.member_ids == {"alice"}


def test_logout_leaves_every_lobby_and_the_party_at_once(
    world: World, lobbies: Lobbies, services: Container, notifier: RecordingNotifier
) -> None:
    connect(services, "alice", "bob")
    party = world.party("alice", "bob")
    owned = lobbies.lobby("alice", "bob")
    joined = lobbies.lobby("bob", "alice")
    notifier.clear()
    services.sessions.logout("alice")
    assert {(lobby_id, target, status) for lobby_id, target, status, *_ in statuses(notifier)} == {
        (owned.lobby_id, "alice", MemberStatus.LEFT),
        (owned.lobby_id, "bob", MemberStatus.PROMOTED),
        (joined.lobby_id, "alice", MemberStatus.LEFT),
    }
    assert lobbies.lobbies_of("alice") == set()
    for lobby in (owned, joined):
        assert services.lobbies.get("bob", lobby.lobby_id).lobby.member_ids == {"bob"}
    with pytest.raises(party_errors.PartyNotFound):
        services.parties.current("alice")
    assert services.parties.get("bob", party.party_id).party.leader_id == "bob"
    with pytest.raises(errors.NoPermission):
        services.lobbies.leave("alice", owned.lobby_id)


def test_disconnected_reaches_the_other_members_sockets(moto_table: str, clock: FakeClock) -> None:
    management = FakeManagementApi()
    live = build_container(Settings(table_name=moto_table), clock=clock, management=management)  # type: ignore[arg-type]
    lobbies = Lobbies(live)
    connect(live, "alice", "bob")
    lobby = lobbies.lobby("alice", "bob")
    management.posts.clear()
    live.sessions.disconnected("bob-socket")
    ((socket, message),) = management.posts
    assert (socket, message["event"]) == ("alice-socket", STATUS)
    assert message["data"]["status"] == "EOS_LMS_DISCONNECTED"
    assert (message["data"]["target_user_id"], message["data"]["version"]) == ("bob", lobby.version)
    assert message["data"]["lobby_id"] == lobby.lobby_id


def test_a_socket_a_push_finds_closed_is_a_disconnect_the_other_members_hear(moto_table: str, clock: FakeClock) -> None:
    management = FakeManagementApi()
    live = build_container(Settings(table_name=moto_table), clock=clock, management=management)  # type: ignore[arg-type]
    lobbies = Lobbies(live)
    connect(live, "alice", "bob", "carol")
    lobby = lobbies.lobby("alice", "bob", "carol")
    management.gone.add("bob-socket")  # closed without API Gateway's $disconnect reaching us yet
    management.posts.clear()
    live.lobbies.leave("carol", lobby.lobby_id)
    status = [(c, m["data"]["target_user_id"], m["data"]["status"]) for c, m in management.posts]
    assert status == [("alice-socket", "carol", "EOS_LMS_LEFT"), ("alice-socket", "bob", "EOS_LMS_DISCONNECTED")]
    bob = live.presence.get("bob")
    assert not bob.online and bob.offline_since == clock()  # the grace runs from now


def test_the_disconnect_of_a_socket_a_push_found_gone_is_told_once(moto_table: str, clock: FakeClock) -> None:
    management = FakeManagementApi()
    live = build_container(Settings(table_name=moto_table), clock=clock, management=management)  # type: ignore[arg-type]
    connect(live, "alice", "bob")
    lobby = Lobbies(live).lobby("alice", "bob")
    management.gone.add("bob-socket")
    ready = AttributeUpdate(set_attributes=(Attribute("ready", True),))
    live.lobbies.update_member("alice", lobby.lobby_id, ready)  # its push to bob finds the socket gone
    management.posts.clear()
    live.sessions.disconnected("bob-socket", "bob")  # API Gateway's $disconnect, later
    assert management.posts == []
