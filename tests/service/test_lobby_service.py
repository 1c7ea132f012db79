"""Lobby commands through the real services and store, on moto: lifecycle, permission levels, host
migration, the 16-lobby limit, and the events each command sends."""

from __future__ import annotations

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.lobby import errors
from partylobby.domain.lobby.events import MemberStatus
from partylobby.domain.lobby.model import NewLobby
from partylobby.domain.lobby.search import Query
from partylobby.domain.party.model import NewParty
from partylobby.domain.presence import MembershipKind
from tests.support.fakes import RecordingNotifier
from tests.support.lobbies import INVITE_ONLY, PRESENCE, PUBLIC, Lobbies, private, public

STATUS = "OnLobbyMemberStatusReceived"


@pytest.fixture
def lobbies(services: Container) -> Lobbies:
    return Lobbies(services)


def statuses(notifier: RecordingNotifier) -> list[tuple[str, MemberStatus, int]]:
    return [(e.target_user_id, e.status, e.version) for e in notifier.of(STATUS)]


# -- lifecycle -------------------------------------------------------------------


def test_creator_owns_the_lobby_and_is_its_only_member(lobbies: Lobbies, services: Container) -> None:
    params = NewLobby(max_members=4, permission_level=PUBLIC, bucket_id="eu")
    created = services.lobbies.create("alice", params).lobby
    got = services.lobbies.get("alice", created.lobby_id)
    assert got.as_member
    assert (got.lobby.owner_id, got.lobby.member_ids, got.lobby.version) == ("alice", frozenset({"alice"}), 1)
    assert (got.lobby.available_slots, got.lobby.allow_invites, got.lobby.bucket_id) == (3, True, "eu")
    assert not got.lobby.disable_host_migration
    assert lobbies.lobbies_of("alice") == {created.lobby_id}


def test_join_seats_the_player_and_counts_the_lobby_on_their_presence(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice")
    joined = services.lobbies.join("bob", lobby.lobby_id)
    assert joined.as_member
    assert [m.player_id for m in joined.lobby.members] == ["alice", "bob"]
    assert joined.lobby.version == lobby.version + 1
    assert lobbies.lobbies_of("bob") == {lobby.lobby_id}


def test_joining_a_lobby_one_is_in_changes_nothing(
    lobbies: Lobbies, services: Container, notifier: RecordingNotifier
) -> None:
    lobby = lobbies.lobby("alice", "bob")
    notifier.clear()
    assert services.lobbies.join("bob", lobby.lobby_id).lobby.version == lobby.version
    assert notifier.events == []


def test_joining_a_full_lobby_is_too_many_players(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", "bob", max_members=2)
    with pytest.raises(errors.TooManyPlayers):
        services.lobbies.join("carol", lobby.lobby_id)
    assert lobbies.lobbies_of("carol") == set()


@pytest.mark.parametrize("command", ["get", "join", "leave", "destroy"])
def test_an_unknown_lobby_is_not_found(services: Container, command: str) -> None:
    with pytest.raises(errors.LobbyNotFound) as refused:
        getattr(services.lobbies, command)("alice", "no-such-lobby")
    assert refused.value.err_code == "EOS_NotFound"


def test_leaving_frees_the_seat_and_the_players_count(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", "bob")
    services.lobbies.leave("bob", lobby.lobby_id)
    after = services.lobbies.get("alice", lobby.lobby_id).lobby
    assert (after.member_ids, after.owner_id, after.version) == (frozenset({"alice"}), "alice", lobby.version + 1)
    assert lobbies.lobbies_of("bob") == set()
    with pytest.raises(errors.NoPermission):
        services.lobbies.leave("bob", lobby.lobby_id)


def test_destroy_is_the_owners_and_closes_the_lobby_for_everyone(
    lobbies: Lobbies, services: Container, notifier: RecordingNotifier
) -> None:
    lobby = lobbies.lobby("alice", "bob", "carol")
    with pytest.raises(errors.NotOwner):
        services.lobbies.destroy("bob", lobby.lobby_id)
    notifier.clear()
    services.lobbies.destroy("alice", lobby.lobby_id)
    (closed,) = notifier.events
    assert (closed.status, closed.version, closed.recipients) == (
        MemberStatus.CLOSED,
        lobby.version + 1,
        lobby.member_ids,
    )
    assert lobbies.stored(lobby.lobby_id) is None
    assert all(lobbies.lobbies_of(p) == set() for p in lobby.member_ids)


def test_last_member_leaving_closes_the_lobby(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice")
    services.lobbies.leave("alice", lobby.lobby_id)
    with pytest.raises(errors.LobbyNotFound):
        services.lobbies.get("alice", lobby.lobby_id)
    assert lobbies.lobbies_of("alice") == set()


# -- permission levels ---------------------------------------------------------------


def test_anyone_joins_a_public_advertised_lobby(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice")
    assert services.lobbies.join("stranger", lobby.lobby_id).lobby.is_member("stranger")


def test_only_friends_of_the_owner_join_via_presence(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", permission=PRESENCE)
    lobbies.friends("alice", "bob")
    services.social.befriend("carol", "alice")  # a request alice never accepted is no friendship
    assert services.lobbies.join("bob", lobby.lobby_id).lobby.is_member("bob")
    for outsider in ("carol", "stranger"):
        with pytest.raises(errors.NoPermission) as refused:
            services.lobbies.join(outsider, lobby.lobby_id)
        assert refused.value.err_code == "EOS_Lobby_NoPermission"
    assert lobbies.stored(lobby.lobby_id).member_ids == {"alice", "bob"}  # type: ignore[union-attr]


def test_friendship_with_a_member_who_is_not_the_owner_does_not_admit(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", "bob", permission=PRESENCE)
    lobbies.friends("bob", "carol")
    with pytest.raises(errors.NoPermission):
        services.lobbies.join("carol", lobby.lobby_id)


def test_only_holders_of_a_live_invite_join_an_invite_only_lobby(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", permission=INVITE_ONLY)
    lobbies.friends("alice", "carol")
    for outsider in ("carol", "stranger"):
        with pytest.raises(errors.NoPermission):
            services.lobbies.join(outsider, lobby.lobby_id)
    services.lobby_invites.send("alice", lobby.lobby_id, "bob")
    assert services.lobbies.join("bob", lobby.lobby_id).lobby.is_member("bob")
    assert services.lobby_invites.pending("bob") == []  # joining consumed it


def test_a_stranger_cannot_see_an_invite_only_lobby_but_an_invite_holder_sees_its_public_side(
    lobbies: Lobbies, services: Container
) -> None:
    lobby = lobbies.lobby("alice", permission=INVITE_ONLY, attributes=(public("map", "dust"), private("pw", "x")))
    with pytest.raises(errors.LobbyNotFound) as hidden:
        services.lobbies.get("stranger", lobby.lobby_id)
    assert hidden.value.err_code == "EOS_NotFound"
    services.lobby_invites.send("alice", lobby.lobby_id, "bob")
    seen = services.lobbies.get("bob", lobby.lobby_id)
    assert not seen.as_member
    assert [a.key for a in seen.attributes()] == ["map"]


def test_a_stranger_sees_the_public_side_of_a_join_via_presence_lobby(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", permission=PRESENCE, attributes=(public("map", "dust"), private("pw", "x")))
    seen = services.lobbies.get("stranger", lobby.lobby_id)
    assert [a.key for a in seen.attributes()] == ["map"]


# -- host migration ----------------------------------------------------------------


def test_owner_leaving_promotes_the_longest_present_member(
    lobbies: Lobbies, services: Container, notifier: RecordingNotifier
) -> None:
    lobby = lobbies.lobby("alice", "bob", "carol")
    notifier.clear()
    services.lobbies.leave("alice", lobby.lobby_id)
    after = services.lobbies.get("carol", lobby.lobby_id).lobby
    assert (after.owner_id, after.member_ids) == ("bob", frozenset({"bob", "carol"}))
    version = lobby.version + 1
    assert statuses(notifier) == [("alice", MemberStatus.LEFT, version), ("bob", MemberStatus.PROMOTED, version)]
    assert all(e.recipients == {"bob", "carol"} for e in notifier.events)


def test_owner_leaving_with_host_migration_disabled_closes_the_lobby_for_everyone(
    lobbies: Lobbies, services: Container, notifier: RecordingNotifier
) -> None:
    lobby = lobbies.lobby("alice", "bob", "carol", disable_host_migration=True)
    notifier.clear()
    services.lobbies.leave("alice", lobby.lobby_id)
    (closed,) = notifier.events
    assert (closed.name, closed.status, closed.target_user_id) == (STATUS, MemberStatus.CLOSED, "alice")
    assert (closed.recipients, closed.version) == ({"alice", "bob", "carol"}, lobby.version + 1)
    for player in ("alice", "bob", "carol"):
        with pytest.raises(errors.LobbyNotFound):
            services.lobbies.get(player, lobby.lobby_id)
        assert lobbies.lobbies_of(player) == set()


def test_a_member_who_is_not_the_owner_leaving_keeps_host_migration_out_of_it(
    lobbies: Lobbies, services: Container
) -> None:
    lobby = lobbies.lobby("alice", "bob", "carol", disable_host_migration=True)
    services.lobbies.leave("bob", lobby.lobby_id)
    assert services.lobbies.get("alice", lobby.lobby_id).lobby.member_ids == {"alice", "carol"}


# -- the 16-lobby limit ----------------------------------------------------------


def test_a_player_is_in_up_to_16_lobbies_and_a_party_and_the_17th_changes_nothing(
    lobbies: Lobbies, services: Container
) -> None:
    party = services.parties.create("alice", NewParty()).party
    mine = {lobbies.lobby("alice", bucket="mine").lobby_id for _ in range(15)}
    theirs = lobbies.lobby("bob")
    mine.add(services.lobbies.join("alice", theirs.lobby_id).lobby.lobby_id)
    presence = services.lobbies.presence.get("alice")
    assert presence.member_of(MembershipKind.LOBBY) == mine and len(mine) == 16
    assert presence.member_of(MembershipKind.PARTY) == {party.party_id}

    other = lobbies.lobby("carol")
    with pytest.raises(errors.LimitExceeded) as refused:
        services.lobbies.create("alice", NewLobby(max_members=4, permission_level=PUBLIC, bucket_id="17th"))
    assert refused.value.err_code == "EOS_LimitExceeded"
    with pytest.raises(errors.LimitExceeded):
        services.lobbies.join("alice", other.lobby_id)
    assert lobbies.lobbies_of("alice") == mine
    assert services.lobby_search.find("alice", Query(bucket_id="17th")) == []
    assert lobbies.stored(other.lobby_id) == other

    services.lobbies.leave("alice", theirs.lobby_id)
    assert services.lobbies.join("alice", other.lobby_id).lobby.is_member("alice")
