"""Lobby attributes and modifications on moto: typed values through DynamoDB, what non-members see,
UpdateLobby all or nothing, members' own attributes, owner-only kick and promote, event versions."""

from __future__ import annotations

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.errors import DomainError
from partylobby.domain.lobby import errors
from partylobby.domain.lobby.events import MemberStatus
from partylobby.domain.lobby.model import Attribute, AttributeUpdate, AttributeValue, LobbyUpdate, View
from partylobby.domain.lobby.search import Query
from tests.support.fakes import RecordingNotifier
from tests.support.lobbies import INVITE_ONLY, PRESENCE, Lobbies, private, public

TYPED: tuple[tuple[str, AttributeValue], ...] = (
    ("int", 3),
    ("float", 3.0),
    ("bool", True),
    ("false", False),
    ("string", "3"),
    ("big", 2**63 - 1),
    ("small", -(2**63)),
    ("fraction", 0.1 + 0.2),
)


@pytest.fixture
def lobbies(services: Container) -> Lobbies:
    return Lobbies(services)


def values(attributes: list[Attribute]) -> dict[str, tuple[type, AttributeValue]]:
    return {a.key: (type(a.value), a.value) for a in attributes}


EXPECTED = {key: (type(value), value) for key, value in TYPED}


# -- typed attributes ----------------------------------------------------------------


def test_attribute_types_survive_dynamodb_on_the_lobby_and_on_members(lobbies: Lobbies, services: Container) -> None:
    typed = tuple(public(k, v) for k, v in TYPED)
    lobby = lobbies.lobby("alice", "bob", attributes=typed)
    services.lobbies.update_member("bob", lobby.lobby_id, AttributeUpdate(set_attributes=typed))
    seen = services.lobbies.get("carol", lobby.lobby_id)  # read back from the table
    assert values(seen.attributes()) == EXPECTED
    assert values(seen.member_attributes(seen.lobby.member("bob"))) == EXPECTED


def test_attribute_types_survive_an_update_of_the_lobby(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice")
    update = LobbyUpdate(set_attributes=tuple(public(k, v) for k, v in TYPED))
    services.lobbies.update("alice", lobby.lobby_id, update)
    assert values(services.lobbies.get("bob", lobby.lobby_id).attributes()) == EXPECTED


@pytest.mark.parametrize("value", [9.9e125, -9.9e125, 1e-130, -1e-130, 0.0, 1.7976931348623157e125 / 2])
def test_floats_at_the_edges_of_dynamodbs_number_range_round_trip(
    lobbies: Lobbies, services: Container, value: float
) -> None:
    lobby = lobbies.lobby("alice", attributes=(public("f", value),))
    assert values(services.lobbies.get("bob", lobby.lobby_id).attributes()) == {"f": (float, value)}


@pytest.mark.parametrize("value", [1e300, -1e200, 5e-324, 1e-200])
def test_a_finite_float_outside_dynamodbs_number_range_is_refused_and_nothing_changes(
    lobbies: Lobbies, services: Container, value: float
) -> None:
    lobby = lobbies.lobby("alice", "bob")
    with pytest.raises(errors.InvalidParameters):
        services.lobbies.update("alice", lobby.lobby_id, LobbyUpdate(set_attributes=(public("f", value),)))
    with pytest.raises(errors.InvalidParameters):
        services.lobbies.update_member("bob", lobby.lobby_id, AttributeUpdate((public("f", value),)))
    assert lobbies.stored(lobby.lobby_id) == lobby


# -- private attributes --------------------------------------------------------------


def test_private_attributes_are_shown_to_members_only(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", "bob", attributes=(public("map", "dust"), private("pw", "hunter2")))
    services.lobbies.update_member("bob", lobby.lobby_id, AttributeUpdate((public("rank", 3), private("mic", True))))

    def seen_by(player: str) -> tuple[list[str], list[str]]:
        view = services.lobbies.get(player, lobby.lobby_id)
        return [a.key for a in view.attributes()], [a.key for a in view.member_attributes(view.lobby.members[1])]

    assert seen_by("alice") == seen_by("bob") == (["map", "pw"], ["mic", "rank"])  # by key
    assert seen_by("stranger") == (["map"], ["rank"])


def test_private_attributes_are_hidden_in_search_results_from_non_members(
    lobbies: Lobbies, services: Container
) -> None:
    lobby = lobbies.lobby("alice", attributes=(public("map", "dust"), private("pw", "hunter2")))

    def found_by(player: str) -> list[View]:
        return services.lobby_search.find(player, Query(bucket_id="bucket"))

    (theirs,) = found_by("stranger")
    assert (theirs.lobby.lobby_id, [a.key for a in theirs.attributes()]) == (lobby.lobby_id, ["map"])
    (mine,) = found_by("alice")
    assert [a.key for a in mine.attributes()] == ["map", "pw"]


# -- UpdateLobby (the owner's) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "err_code"),
    [
        (Attribute("k" * 65, 1), "EOS_InvalidParameters"),
        (Attribute("", 1), "EOS_InvalidParameters"),
        (Attribute("long", "x" * 1001), "EOS_InvalidParameters"),
        (Attribute("huge", 2**63), "EOS_InvalidParameters"),
        (Attribute("nan", float("nan")), "EOS_InvalidParameters"),
        (Attribute("map", "twice"), "EOS_InvalidParameters"),  # set twice in one update
        (Attribute("heavy", "x" * 1000), "EOS_LimitExceeded"),  # past the lobby's bytes, with the others
    ],
)
def test_update_with_one_bad_attribute_applies_nothing(
    lobbies: Lobbies, services: Container, notifier: RecordingNotifier, bad: Attribute, err_code: str
) -> None:
    filler = tuple(public(f"f{n:02}", "y" * 1000) for n in range(96))  # just under the lobby's bytes
    lobby = lobbies.lobby("alice", "bob", attributes=filler if bad.key == "heavy" else (public("map", "dust"),))
    notifier.clear()
    update = LobbyUpdate(
        max_members=8, allow_invites=False, permission_level=PRESENCE, set_attributes=(public("map", "nuke"), bad)
    )
    with pytest.raises(DomainError) as refused:
        services.lobbies.update("alice", lobby.lobby_id, update)
    assert refused.value.err_code == err_code
    assert lobbies.stored(lobby.lobby_id) == lobby
    assert notifier.events == []


def test_update_bumps_the_version_once_and_sends_one_update_event(
    lobbies: Lobbies, services: Container, notifier: RecordingNotifier
) -> None:
    lobby = lobbies.lobby("alice", "bob", attributes=(public("map", "dust"), public("mode", "ffa")))
    notifier.clear()
    update = LobbyUpdate(
        permission_level=INVITE_ONLY,
        max_members=8,
        allow_invites=False,
        set_attributes=(public("map", "nuke"), private("pw", "x")),
        remove_attributes=("mode",),
    )
    after = services.lobbies.update("alice", lobby.lobby_id, update).lobby
    assert after.version == lobby.version + 1
    (event,) = notifier.events
    assert (event.name, event.version, event.recipients) == ("OnLobbyUpdateReceived", after.version, {"alice", "bob"})
    stored = lobbies.stored(lobby.lobby_id)
    assert stored == after
    assert (stored.permission_level, stored.max_members, stored.allow_invites) == (INVITE_ONLY, 8, False)
    assert {k: a.value for k, a in stored.attributes.items()} == {"map": "nuke", "pw": "x"}


def test_only_the_owner_updates_the_lobby(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", "bob")
    with pytest.raises(errors.NotOwner):
        services.lobbies.update("bob", lobby.lobby_id, LobbyUpdate(max_members=8))
    with pytest.raises(errors.NoPermission):
        services.lobbies.update("stranger", lobby.lobby_id, LobbyUpdate(max_members=8))


def test_max_members_cannot_go_below_the_members_present(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", "bob", "carol")
    with pytest.raises(errors.TooManyPlayers):
        services.lobbies.update("alice", lobby.lobby_id, LobbyUpdate(max_members=2))
    assert services.lobbies.update("alice", lobby.lobby_id, LobbyUpdate(max_members=3)).lobby.available_slots == 0


# -- a member's own attributes ---------------------------------------------------------


def test_a_member_updates_their_own_attributes_only(
    lobbies: Lobbies, services: Container, notifier: RecordingNotifier
) -> None:
    lobby = lobbies.lobby("alice", "bob")
    services.lobbies.update_member("alice", lobby.lobby_id, AttributeUpdate((public("ready", False),)))
    notifier.clear()
    after = services.lobbies.update_member("bob", lobby.lobby_id, AttributeUpdate((public("ready", True),))).lobby
    assert after.version == lobby.version + 2
    (event,) = notifier.events
    assert event.name == "OnLobbyMemberUpdateReceived"
    assert (event.target_user_id, event.version, event.recipients) == ("bob", after.version, {"alice", "bob"})
    stored = lobbies.stored(lobby.lobby_id)
    assert stored is not None
    assert {m.player_id: {k: a.value for k, a in m.attributes.items()} for m in stored.members} == {
        "alice": {"ready": False},
        "bob": {"ready": True},
    }
    services.lobbies.update_member("bob", lobby.lobby_id, AttributeUpdate(remove_attributes=("ready",)))
    assert services.lobbies.get("alice", lobby.lobby_id).lobby.members[1].attributes == {}


def test_a_non_member_has_no_member_attributes_to_update(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice")
    with pytest.raises(errors.NoPermission):
        services.lobbies.update_member("stranger", lobby.lobby_id, AttributeUpdate((public("ready", True),)))
    assert lobbies.stored(lobby.lobby_id) == lobby


# -- kick and promote ------------------------------------------------------------------


def test_only_the_owner_kicks_and_promotes(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", "bob", "carol")
    with pytest.raises(errors.NotOwner) as refused:
        services.lobbies.kick("bob", lobby.lobby_id, "carol")
    assert refused.value.err_code == "EOS_Lobby_NotOwner"
    with pytest.raises(errors.NotOwner):
        services.lobbies.promote("bob", lobby.lobby_id, "bob")
    with pytest.raises(errors.InvalidParameters):
        services.lobbies.kick("alice", lobby.lobby_id, "stranger")
    assert lobbies.stored(lobby.lobby_id) == lobby


def test_kicked_member_hears_of_it_and_is_out(
    lobbies: Lobbies, services: Container, notifier: RecordingNotifier
) -> None:
    lobby = lobbies.lobby("alice", "bob", "carol")
    notifier.clear()
    services.lobbies.kick("alice", lobby.lobby_id, "carol")
    (kicked,) = notifier.events
    assert (kicked.status, kicked.target_user_id, kicked.version) == (MemberStatus.KICKED, "carol", lobby.version + 1)
    assert kicked.recipients == {"alice", "bob", "carol"}
    assert lobbies.lobbies_of("carol") == set()
    assert lobbies.stored(lobby.lobby_id).member_ids == {"alice", "bob"}  # type: ignore[union-attr]


def test_promote_hands_the_lobby_over(lobbies: Lobbies, services: Container, notifier: RecordingNotifier) -> None:
    lobby = lobbies.lobby("alice", "bob")
    notifier.clear()
    after = services.lobbies.promote("alice", lobby.lobby_id, "bob").lobby
    assert after.owner_id == "bob"
    (promoted,) = notifier.events
    assert (promoted.status, promoted.target_user_id, promoted.version) == (MemberStatus.PROMOTED, "bob", after.version)
    services.lobbies.kick("bob", lobby.lobby_id, "alice")  # the new owner's to do now


# -- event versions --------------------------------------------------------------------


def test_every_event_carries_the_version_after_its_change(
    lobbies: Lobbies, services: Container, notifier: RecordingNotifier
) -> None:
    lobby_id = lobbies.lobby("alice").lobby_id  # version 1
    services.lobbies.join("bob", lobby_id)
    services.lobbies.join("carol", lobby_id)
    services.lobbies.update_member("bob", lobby_id, AttributeUpdate((public("ready", True),)))
    services.lobbies.update("alice", lobby_id, LobbyUpdate(max_members=6))
    services.lobby_invites.send("bob", lobby_id, "dave")  # changes nothing: the current version
    services.lobbies.promote("alice", lobby_id, "bob")
    services.lobbies.kick("bob", lobby_id, "carol")
    services.lobbies.leave("bob", lobby_id)  # alice, the longest present, is promoted
    services.lobbies.destroy("alice", lobby_id)
    seen = [(e.name, getattr(e, "status", None), e.version) for e in notifier.events]
    status = "OnLobbyMemberStatusReceived"
    assert seen == [
        (status, MemberStatus.JOINED, 2),
        (status, MemberStatus.JOINED, 3),
        ("OnLobbyMemberUpdateReceived", None, 4),
        ("OnLobbyUpdateReceived", None, 5),
        ("OnLobbyInviteReceived", None, 5),
        (status, MemberStatus.PROMOTED, 6),
        (status, MemberStatus.KICKED, 7),
        (status, MemberStatus.LEFT, 8),
        (status, MemberStatus.PROMOTED, 8),
        (status, MemberStatus.CLOSED, 9),
    ]
    assert all(e.lobby_id == lobby_id for e in notifier.events)
