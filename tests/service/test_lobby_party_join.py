"""A party joining a lobby together (its leader passes party_id), on moto: all of it in one step, or none."""

from __future__ import annotations

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.lobby import errors
from partylobby.domain.lobby.events import MemberStatus
from tests.service.conftest import World
from tests.support.fakes import RecordingNotifier
from tests.support.lobbies import INVITE_ONLY, PRESENCE, Lobbies


@pytest.fixture
def lobbies(services: Container) -> Lobbies:
    return Lobbies(services)


def test_a_party_joins_a_lobby_together_in_one_version(
    world: World, lobbies: Lobbies, services: Container, notifier: RecordingNotifier
) -> None:
    party = world.party("lead", "m1", "m2")
    lobby = lobbies.lobby("owner", max_members=4)
    notifier.clear()
    joined = services.lobbies.join("lead", lobby.lobby_id, party_id=party.party_id).lobby
    assert joined.member_ids == {"owner", "lead", "m1", "m2"}
    assert joined.version == lobby.version + 1
    assert lobbies.stored(lobby.lobby_id) == joined
    events = notifier.events
    assert {(e.target_user_id, e.status) for e in events} == {(p, MemberStatus.JOINED) for p in ("lead", "m1", "m2")}
    assert {e.version for e in events} == {joined.version}
    assert all(lobbies.lobbies_of(p) == {lobby.lobby_id} for p in ("lead", "m1", "m2"))
    assert services.parties.current("m1").party.party_id == party.party_id  # still a party too


def test_party_members_already_in_the_lobby_stay_as_they_are(
    world: World, lobbies: Lobbies, services: Container
) -> None:
    party = world.party("lead", "m1")
    lobby = lobbies.lobby("owner", "m1")
    joined = services.lobbies.join("lead", lobby.lobby_id, party_id=party.party_id).lobby
    assert [m.player_id for m in joined.members] == ["owner", "m1", "lead"]
    assert joined.version == lobby.version + 1


def test_only_the_partys_leader_brings_the_party(world: World, lobbies: Lobbies, services: Container) -> None:
    party = world.party("lead", "m1")
    lobby = lobbies.lobby("owner")
    with pytest.raises(errors.NoPermission) as refused:
        services.lobbies.join("m1", lobby.lobby_id, party_id=party.party_id)
    assert refused.value.err_code == "EOS_Lobby_NoPermission"
    assert lobbies.stored(lobby.lobby_id) == lobby


def test_a_party_one_is_not_in_is_not_found(world: World, lobbies: Lobbies, services: Container) -> None:
    party = world.party("lead", "m1")
    lobby = lobbies.lobby("owner")
    for party_id in (party.party_id, "no-such-party"):
        with pytest.raises(errors.LobbyNotFound):
            services.lobbies.join("stranger", lobby.lobby_id, party_id=party_id)
    assert lobbies.stored(lobby.lobby_id) == lobby


def test_no_room_for_the_whole_party_is_too_many_players_and_nobody_joins(
    world: World, lobbies: Lobbies, services: Container, notifier: RecordingNotifier
) -> None:
    party = world.party("lead", "m1", "m2")
    lobby = lobbies.lobby("owner", max_members=3)
    notifier.clear()
    with pytest.raises(errors.TooManyPlayers):
        services.lobbies.join("lead", lobby.lobby_id, party_id=party.party_id)
    assert lobbies.stored(lobby.lobby_id) == lobby
    assert all(lobbies.lobbies_of(p) == set() for p in ("lead", "m1", "m2"))
    assert notifier.events == []


def test_one_member_at_the_lobby_limit_keeps_the_whole_party_out(
    world: World, lobbies: Lobbies, services: Container
) -> None:
    party = world.party("lead", "m1", "m2")
    full_up = {lobbies.lobby("m2", bucket="m2").lobby_id for _ in range(16)}
    lobby = lobbies.lobby("owner", max_members=8)
    with pytest.raises(errors.LimitExceeded):
        services.lobbies.join("lead", lobby.lobby_id, party_id=party.party_id)
    assert lobbies.stored(lobby.lobby_id) == lobby
    assert lobbies.lobbies_of("lead") == lobbies.lobbies_of("m1") == set()
    assert lobbies.lobbies_of("m2") == full_up


def test_each_party_member_needs_their_own_way_in(world: World, lobbies: Lobbies, services: Container) -> None:
    party = world.party("lead", "m1")
    friends_only = lobbies.lobby("owner", permission=PRESENCE)
    lobbies.friends("owner", "lead")
    with pytest.raises(errors.NoPermission):
        services.lobbies.join("lead", friends_only.lobby_id, party_id=party.party_id)
    invite_only = lobbies.lobby("owner", permission=INVITE_ONLY)
    for player in ("lead", "m1"):
        services.lobby_invites.send("owner", invite_only.lobby_id, player)
    joined = services.lobbies.join("lead", invite_only.lobby_id, party_id=party.party_id).lobby
    assert joined.member_ids == {"owner", "lead", "m1"}
    assert services.lobby_invites.pending("m1") == []  # each joiner's invite is consumed
    assert lobbies.stored(friends_only.lobby_id) == friends_only
