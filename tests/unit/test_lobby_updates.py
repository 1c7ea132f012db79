"""The lobby rules that change settings and attributes, invite and disconnect; and what a viewer sees.

The builder and helpers are test_lobby_rules.py's (a lobby owned by its first member, at version = member count).
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import pytest

from partylobby.domain.lobby.events import (
    InviteReceived,
    LobbyUpdated,
    MemberStatus,
    MemberStatusChanged,
    MemberUpdated,
)
from partylobby.domain.lobby.model import Attribute, AttributeUpdate, Lobby, LobbyUpdate, View, Visibility
from partylobby.domain.lobby.rules import disconnected, invite, update, update_member
from tests.unit.test_lobby_rules import (
    INVALID,
    INVITE_ONLY,
    LIMIT,
    LOBBY_ID,
    NO_PERMISSION,
    NOT_OWNER,
    PUBLIC,
    TOO_MANY,
    code,
    lobby,
    strings,
    who,
)

PRIVATE = Visibility.PRIVATE
MODE, MAP, SECRET = Attribute("mode", "ctf"), Attribute("map", "dust"), Attribute("secret", "x", PRIVATE)

# -- update -------------------------------------------------------------------


def test_the_owner_updates_settings_and_attributes_in_one_version() -> None:
    before = lobby("alice", "bob", attributes=(MODE, MAP))
    changes = LobbyUpdate(
        permission_level=INVITE_ONLY, max_members=8, allow_invites=False,
        set_attributes=(Attribute("mode", "tdm"), Attribute("level", 3, PRIVATE)), remove_attributes=("map",),
    )  # fmt: skip
    change = update(before, "alice", changes)
    after = change.lobby
    assert (after.permission_level, after.max_members, after.allow_invites, after.version) == (INVITE_ONLY, 8, False, 3)
    assert dict(after.attributes) == {"mode": Attribute("mode", "tdm"), "level": Attribute("level", 3, PRIVATE)}
    assert change.events == (LobbyUpdated(LOBBY_ID, 3, who("alice", "bob")),)
    assert (change.expected_version, change.joined, change.released) == (2, (), ())


def test_an_update_of_one_field_leaves_the_others() -> None:
    before = lobby("alice", attributes=(MODE,))
    after = update(before, "alice", LobbyUpdate(allow_invites=False)).lobby
    assert after == replace(before, allow_invites=False, version=2)


@pytest.mark.parametrize(("actor", "err_code"), [("bob", NOT_OWNER), ("dave", NO_PERMISSION)])
def test_only_the_owner_updates(actor: str, err_code: str) -> None:
    assert code(lambda: update(lobby("alice", "bob"), actor, LobbyUpdate(allow_invites=False))) == err_code


def test_an_empty_update_is_invalid() -> None:
    assert code(lambda: update(lobby("alice"), "alice", LobbyUpdate())) == INVALID


def test_max_members_below_the_member_count_is_too_many_players() -> None:
    before = lobby("alice", "bob", "carol")
    assert code(lambda: update(before, "alice", LobbyUpdate(max_members=2))) == TOO_MANY
    assert update(before, "alice", LobbyUpdate(max_members=3)).lobby.max_members == 3


@pytest.mark.parametrize("max_members", [0, 65])
def test_max_members_outside_one_to_64_is_invalid_on_update(max_members: int) -> None:
    assert code(lambda: update(lobby("alice"), "alice", LobbyUpdate(max_members=max_members))) == INVALID


@pytest.mark.parametrize(
    ("changes", "err_code"),
    [
        (LobbyUpdate(allow_invites=False, set_attributes=(Attribute("a", 1), Attribute("k" * 65, 1))), INVALID),
        (LobbyUpdate(permission_level=INVITE_ONLY, set_attributes=(Attribute("a", "x" * 1001),)), INVALID),
        (LobbyUpdate(set_attributes=(Attribute("mode", "tdm"),), remove_attributes=("mode",)), INVALID),
        (LobbyUpdate(set_attributes=(Attribute("a", 1), Attribute("a", 2))), INVALID),
        (LobbyUpdate(remove_attributes=("map",), set_attributes=strings(100)), LIMIT),
        (LobbyUpdate(max_members=65, set_attributes=(Attribute("a", 1),)), INVALID),
        (LobbyUpdate(allow_invites=False, max_members=1), TOO_MANY),
    ],
    ids=["key-65", "string-1001", "set-and-removed", "set-twice", "101-attributes", "max-65", "max-below"],
)
def test_a_bad_update_applies_nothing(changes: LobbyUpdate, err_code: str) -> None:
    before = lobby("alice", "bob", attributes=(MODE, MAP, Attribute("x", 1)))
    assert code(lambda: update(before, "alice", changes)) == err_code
    assert before == lobby("alice", "bob", attributes=(MODE, MAP, Attribute("x", 1)))


def test_the_attribute_count_counts_those_already_set() -> None:
    before = lobby("alice", attributes=strings(100))
    assert code(lambda: update(before, "alice", LobbyUpdate(set_attributes=(Attribute("new", 1),)))) == LIMIT
    replaced = update(before, "alice", LobbyUpdate(set_attributes=(Attribute("k0", "y"),)))
    assert replaced.lobby.attributes["k0"] == Attribute("k0", "y")


# -- update_member ------------------------------------------------------------


def test_a_member_sets_their_own_attributes_and_every_member_hears() -> None:
    before = lobby("alice", "bob", "carol")
    change = update_member(before, "bob", AttributeUpdate(set_attributes=(Attribute("skin", "red"),)))
    bob = change.lobby.member("bob")
    assert dict(bob.attributes) == {"skin": Attribute("skin", "red")}
    assert [dict(m.attributes) for m in change.lobby.members if m.player_id != "bob"] == [{}, {}]
    assert (bob.seat, change.lobby.version) == (2, 4)
    assert change.events == (MemberUpdated(LOBBY_ID, 4, who("alice", "bob", "carol"), target_user_id="bob"),)


def test_a_member_removes_their_own_attribute() -> None:
    before = update_member(lobby("alice", "bob"), "bob", AttributeUpdate(set_attributes=(MODE, MAP))).lobby
    after = update_member(before, "bob", AttributeUpdate(remove_attributes=("mode",))).lobby
    assert dict(after.member("bob").attributes) == {"map": MAP}


def test_a_non_member_cannot_set_member_attributes() -> None:
    assert code(lambda: update_member(lobby("alice"), "bob", AttributeUpdate(set_attributes=(MODE,)))) == NO_PERMISSION


def test_an_empty_member_update_is_invalid() -> None:
    assert code(lambda: update_member(lobby("alice"), "alice", AttributeUpdate())) == INVALID


def test_member_attributes_are_capped_in_bytes() -> None:
    assert code(lambda: update_member(lobby("alice"), "alice", AttributeUpdate(strings(4, length=1000)))) == LIMIT
    assert len(update_member(lobby("alice"), "alice", AttributeUpdate(strings(3, length=1000))).lobby.members) == 1


def test_member_attributes_are_validated_like_the_lobbys() -> None:
    assert code(lambda: update_member(lobby("alice"), "alice", AttributeUpdate(strings(101)))) == LIMIT
    assert code(lambda: update_member(lobby("alice"), "alice", AttributeUpdate((Attribute("n", 2**64),)))) == INVALID


# -- invite, disconnected -----------------------------------------------------


def test_a_member_invites_and_only_the_target_hears_at_the_same_version() -> None:
    event = invite(lobby("alice", "bob"), "bob", "dave", "invite-1")
    assert event == InviteReceived(LOBBY_ID, 2, who("dave"), invite_id="invite-1", from_user_id="bob")


@pytest.mark.parametrize(
    ("before", "inviter", "target", "err_code"),
    [
        (lobby("alice", "bob"), "dave", "erin", NO_PERMISSION),
        (lobby("alice", "bob", allow_invites=False), "alice", "dave", NO_PERMISSION),
        (lobby("alice", "bob"), "alice", "bob", INVALID),
    ],
    ids=["non-member", "invites-off", "already-member"],
)
def test_invite_is_refused(before: Lobby, inviter: str, target: str, err_code: str) -> None:
    assert code(lambda: invite(before, inviter, target, "invite-1")) == err_code


def test_a_disconnect_is_told_to_the_other_members_without_a_version_bump() -> None:
    events = disconnected(lobby("alice", "bob", "carol"), "bob")
    assert events == (MemberStatusChanged(LOBBY_ID, 3, who("alice", "carol"), "bob", MemberStatus.DISCONNECTED),)


def test_a_non_member_disconnecting_tells_nobody() -> None:
    assert disconnected(lobby("alice", "bob"), "dave") == ()


# -- View ---------------------------------------------------------------------


def viewed_lobby() -> View:
    before = lobby("alice", "bob", permission=PUBLIC, attributes=(MODE, SECRET))
    bob = replace(before.members[1], attributes=MappingProxyType({"skin": Attribute("skin", "red"), "secret": SECRET}))
    return View(replace(before, members=(before.members[0], bob)), as_member=False)


def test_a_non_member_sees_only_public_attributes() -> None:
    view = viewed_lobby()
    assert view.attributes() == [MODE]
    assert view.member_attributes(view.lobby.members[1]) == [Attribute("skin", "red")]


def test_a_member_sees_every_attribute() -> None:
    view = replace(viewed_lobby(), as_member=True)
    assert view.attributes() == [MODE, SECRET]
    assert view.member_attributes(view.lobby.members[1]) == [SECRET, Attribute("skin", "red")]  # by key


def test_an_update_that_changes_nothing_keeps_the_version_and_tells_no_one() -> None:
    before = lobby(attributes=(MAP,))
    for change in (
        update(before, "alice", LobbyUpdate(remove_attributes=("absent",))),
        update(before, "alice", LobbyUpdate(set_attributes=(MAP,), max_members=before.max_members)),
        update_member(before, "alice", AttributeUpdate(remove_attributes=("absent",))),
    ):
        assert change.unchanged
        assert (change.lobby, change.events) == (before, ())
