"""The lobby aggregate's rules (domain/lobby/rules.py), by behaviour. Err codes are EOS result names."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from types import MappingProxyType

import pytest

from partylobby.domain.errors import DomainError
from partylobby.domain.lobby.events import MemberStatus, MemberStatusChanged
from partylobby.domain.lobby.model import (
    Attribute,
    AttributeValue,
    Lobby,
    Member,
    NewLobby,
    PermissionLevel,
)
from partylobby.domain.lobby.rules import create, destroy, join, kick, leave, promote
from partylobby.domain.membership import Entrant

T0 = datetime(2026, 1, 1, tzinfo=UTC)
LOBBY_ID = "lobby-1"
PUBLIC, PRESENCE = PermissionLevel.PUBLIC_ADVERTISED, PermissionLevel.JOIN_VIA_PRESENCE
INVITE_ONLY = PermissionLevel.INVITE_ONLY
INVALID, LIMIT = "EOS_InvalidParameters", "EOS_LimitExceeded"
NO_PERMISSION, NOT_OWNER, TOO_MANY = "EOS_Lobby_NoPermission", "EOS_Lobby_NotOwner", "EOS_Lobby_TooManyPlayers"
JOINED, LEFT, KICKED = MemberStatus.JOINED, MemberStatus.LEFT, MemberStatus.KICKED
PROMOTED, CLOSED = MemberStatus.PROMOTED, MemberStatus.CLOSED


def lobby(
    *member_ids: str,
    permission: PermissionLevel = PUBLIC,
    max_members: int = 4,
    allow_invites: bool = True,
    disable_host_migration: bool = False,
    attributes: tuple[Attribute, ...] = (),
) -> Lobby:
    """A lobby owned by its first member (default alice); members sit in the order given, at version = their count."""
    ids = member_ids or ("alice",)
    return Lobby(
        lobby_id=LOBBY_ID, owner_id=ids[0], permission_level=permission, max_members=max_members,
        allow_invites=allow_invites, bucket_id="bucket", disable_host_migration=disable_host_migration,
        attributes=MappingProxyType({a.key: a for a in attributes}),
        members=tuple(Member(user_id, T0, seat=seat) for seat, user_id in enumerate(ids, start=1)),
        created_at=T0, version=len(ids),
    )  # fmt: skip


def who(*user_ids: str) -> frozenset[str]:
    return frozenset(user_ids)


def status(version: int, recipients: frozenset[str], target: str, state: MemberStatus) -> MemberStatusChanged:
    return MemberStatusChanged(LOBBY_ID, version, recipients, target, state)


def code(call: Callable[[], object]) -> str:
    with pytest.raises(DomainError) as excinfo:
        call()
    return excinfo.value.err_code


def strings(count: int, length: int = 1) -> tuple[Attribute, ...]:
    return tuple(Attribute(f"k{i}", "x" * length) for i in range(count))


def new(max_members: int = 4, attributes: tuple[Attribute, ...] = ()) -> NewLobby:
    return NewLobby(max_members=max_members, permission_level=PUBLIC, bucket_id="bucket", attributes=attributes)


# -- create -------------------------------------------------------------------


def test_creator_is_owner_and_sole_member_at_version_one() -> None:
    change = create(LOBBY_ID, Entrant("alice"), new(attributes=(Attribute("mode", "ctf"),)), T0)
    after = change.lobby
    assert (after.owner_id, [(m.player_id, m.seat) for m in after.members], after.version) == (
        "alice",
        [("alice", 1)],
        1,
    )
    assert (change.created, change.joined, change.closed, change.released) == (True, ("alice",), False, ())
    assert change.events == ()
    assert dict(after.attributes) == {"mode": Attribute("mode", "ctf")}
    assert change.expected_version == 0


@pytest.mark.parametrize("max_members", [0, -1, 65])
def test_create_refuses_max_members_outside_one_to_64(max_members: int) -> None:
    assert code(lambda: create(LOBBY_ID, Entrant("alice"), new(max_members), T0)) == INVALID


@pytest.mark.parametrize("max_members", [1, 64])
def test_create_accepts_max_members_at_the_bounds(max_members: int) -> None:
    assert create(LOBBY_ID, Entrant("alice"), new(max_members), T0).lobby.max_members == max_members


def test_creator_already_in_16_lobbies_cannot_create() -> None:
    assert code(lambda: create(LOBBY_ID, Entrant("alice", groups=16), new(), T0)) == LIMIT
    assert create(LOBBY_ID, Entrant("alice", groups=15), new(), T0).created


@pytest.mark.parametrize(
    ("attributes", "err_code"),
    [
        ((Attribute("k" * 65, 1),), INVALID),
        ((Attribute("", 1),), INVALID),
        ((Attribute("name", "x" * 1001),), INVALID),
        (strings(101), LIMIT),
        (strings(100, length=1000), LIMIT),  # about 101 KB: over the lobby's byte cap
        ((Attribute("mode", "ctf"), Attribute("mode", "tdm")), INVALID),
        ((Attribute("big", 2**63),), INVALID),
        ((Attribute("small", -(2**63) - 1),), INVALID),
        ((Attribute("f", math.nan),), INVALID),
        ((Attribute("f", math.inf),), INVALID),
        ((Attribute("f", -math.inf),), INVALID),
    ],
    ids=["key-65", "key-empty", "string-1001", "101-attributes", "bytes", "key-twice", "int-2^63", "int-below", "nan",
         "inf", "-inf"],
)  # fmt: skip
def test_create_refuses_invalid_attributes(attributes: tuple[Attribute, ...], err_code: str) -> None:
    assert code(lambda: create(LOBBY_ID, Entrant("alice"), new(attributes=attributes), T0)) == err_code


@pytest.mark.parametrize("value", ["x" * 1000, 2**63 - 1, -(2**63), 1.5, True, ""])
def test_create_accepts_attributes_at_the_limits(value: AttributeValue) -> None:
    attributes = (*strings(99), Attribute("k" * 64, value))
    assert len(create(LOBBY_ID, Entrant("alice"), new(attributes=attributes), T0).lobby.attributes) == 100


# -- join ---------------------------------------------------------------------


def test_anyone_joins_a_public_advertised_lobby() -> None:
    change = join(lobby("alice", "bob"), [Entrant("carol")], T0)
    assert [m.player_id for m in change.lobby.members] == ["alice", "bob", "carol"]
    assert (change.joined, change.lobby.version, change.lobby.members[-1].seat) == (("carol",), 3, 3)


@pytest.mark.parametrize(
    ("level", "joiner", "allowed"),
    [
        (PRESENCE, Entrant("carol", friends=frozenset({"alice"})), True),
        (PRESENCE, Entrant("carol", invited=True), True),
        (PRESENCE, Entrant("carol"), False),
        (INVITE_ONLY, Entrant("carol", invited=True), True),
        (INVITE_ONLY, Entrant("carol", friends=frozenset({"alice"})), False),
        (INVITE_ONLY, Entrant("carol"), False),
    ],
)
def test_join_permission_follows_the_permission_level(level: PermissionLevel, joiner: Entrant, allowed: bool) -> None:
    if allowed:
        assert join(lobby("alice", permission=level), [joiner], T0).joined == ("carol",)
    else:
        assert code(lambda: join(lobby("alice", permission=level), [joiner], T0)) == NO_PERMISSION


def test_joining_a_full_lobby_is_too_many_players() -> None:
    assert code(lambda: join(lobby("alice", "bob", max_members=2), [Entrant("carol")], T0)) == TOO_MANY


def test_joiner_already_in_16_lobbies_cannot_join() -> None:
    assert code(lambda: join(lobby(), [Entrant("bob", groups=16)], T0)) == LIMIT
    assert join(lobby(), [Entrant("bob", groups=15)], T0).joined == ("bob",)


@pytest.mark.parametrize(
    ("third", "err_code"),
    [(Entrant("dave"), NO_PERMISSION), (Entrant("dave", friends=frozenset({"alice"}), groups=16), LIMIT)],
)
def test_a_party_joins_all_or_nothing(third: Entrant, err_code: str) -> None:
    before = lobby("alice", permission=PRESENCE)
    party = [Entrant("bob", friends=frozenset({"alice"})), Entrant("carol", invited=True), third]
    assert code(lambda: join(before, party, T0)) == err_code
    assert before == lobby("alice", permission=PRESENCE)


def test_a_party_larger_than_the_free_slots_is_too_many_players() -> None:
    assert code(lambda: join(lobby("alice", "bob", max_members=3), [Entrant("carol"), Entrant("dave")], T0)) == TOO_MANY


def test_a_party_enters_together_at_one_version_in_the_order_given() -> None:
    change = join(lobby("alice"), [Entrant("carol"), Entrant("bob")], T0)
    assert [(m.player_id, m.seat) for m in change.lobby.members] == [("alice", 1), ("carol", 2), ("bob", 2)]
    everyone = who("alice", "bob", "carol")
    assert change.events == (status(2, everyone, "carol", JOINED), status(2, everyone, "bob", JOINED))


def test_joiners_already_members_are_skipped_and_take_no_slot() -> None:
    change = join(lobby("alice", "bob", max_members=3), [Entrant("bob"), Entrant("carol")], T0)
    assert ([m.player_id for m in change.lobby.members], change.joined) == (["alice", "bob", "carol"], ("carol",))
    assert change.events == (status(3, who("alice", "bob", "carol"), "carol", JOINED),)


def test_joining_again_changes_nothing() -> None:
    before = lobby("alice", "bob")
    change = join(before, [Entrant("bob"), Entrant("alice")], T0)
    assert (change.unchanged, change.lobby, change.events, change.joined) == (True, before, (), ())


def test_joined_goes_to_every_member_after_the_change_with_the_new_version() -> None:
    change = join(lobby("alice", "bob"), [Entrant("carol")], T0)
    assert change.events == (status(3, who("alice", "bob", "carol"), "carol", JOINED),)


def test_a_joiner_listed_twice_enters_once() -> None:
    change = join(lobby("alice"), [Entrant("bob"), Entrant("bob")], T0)
    assert ([m.player_id for m in change.lobby.members], change.joined) == (["alice", "bob"], ("bob",))


# -- leave --------------------------------------------------------------------


def test_a_member_leaving_is_told_to_those_remaining() -> None:
    change = leave(lobby("alice", "bob", "carol"), "bob")
    assert ([m.player_id for m in change.lobby.members], change.lobby.owner_id) == (["alice", "carol"], "alice")
    assert change.events == (status(4, who("alice", "carol"), "bob", LEFT),)
    assert (change.released, change.closed) == (("bob",), False)


def test_the_owner_leaving_promotes_the_longest_present_member() -> None:
    change = leave(lobby("alice", "dave", "bob"), "alice")
    assert change.lobby.owner_id == "dave"
    remaining = who("dave", "bob")
    assert change.events == (status(4, remaining, "alice", LEFT), status(4, remaining, "dave", PROMOTED))
    assert (change.released, change.closed) == (("alice",), False)


def test_host_migration_picks_the_first_member_whoever_owned_the_lobby() -> None:
    promoted = promote(lobby("alice", "bob", "carol"), "alice", "carol").lobby
    assert leave(promoted, "carol").lobby.owner_id == "alice"


def test_the_owner_leaving_closes_the_lobby_without_host_migration() -> None:
    change = leave(lobby("alice", "bob", "carol", disable_host_migration=True), "alice")
    assert (change.closed, change.lobby.members, change.lobby.version) == (True, (), 4)
    assert change.events == (status(4, who("alice", "bob", "carol"), "alice", CLOSED),)
    assert set(change.released) == {"alice", "bob", "carol"}


def test_a_member_leaving_without_host_migration_just_leaves() -> None:
    change = leave(lobby("alice", "bob", disable_host_migration=True), "bob")
    assert (change.closed, change.lobby.owner_id) == (False, "alice")
    assert change.events == (status(3, who("alice"), "bob", LEFT),)


def test_the_last_member_leaving_closes_the_lobby() -> None:
    change = leave(lobby("alice"), "alice")
    assert (change.closed, change.released, change.lobby.members) == (True, ("alice",), ())
    assert change.events == (status(2, who("alice"), "alice", CLOSED),)


def test_a_non_member_cannot_leave() -> None:
    assert code(lambda: leave(lobby("alice"), "bob")) == NO_PERMISSION


# -- kick, promote, destroy ---------------------------------------------------

REFUSED = [
    ("bob", "carol", NOT_OWNER),
    ("dave", "bob", NO_PERMISSION),
    ("alice", "alice", INVALID),
    ("alice", "dave", INVALID),
]
REFUSED_IDS = ["not-owner", "non-member-actor", "self", "non-member-target"]


def test_the_owner_kicks_a_member_who_hears_of_it() -> None:
    change = kick(lobby("alice", "bob", "carol"), "alice", "bob")
    assert [m.player_id for m in change.lobby.members] == ["alice", "carol"]
    assert change.events == (status(4, who("alice", "bob", "carol"), "bob", KICKED),)
    assert (change.released, change.closed) == (("bob",), False)


@pytest.mark.parametrize(("actor", "target", "err_code"), REFUSED, ids=REFUSED_IDS)
def test_kick_is_refused(actor: str, target: str, err_code: str) -> None:
    assert code(lambda: kick(lobby("alice", "bob", "carol"), actor, target)) == err_code


def test_the_owner_promotes_a_member_and_every_member_hears() -> None:
    change = promote(lobby("alice", "bob", "carol"), "alice", "carol")
    assert (change.lobby.owner_id, change.lobby.member_ids) == ("carol", who("alice", "bob", "carol"))
    assert change.events == (status(4, who("alice", "bob", "carol"), "carol", PROMOTED),)


@pytest.mark.parametrize(("actor", "target", "err_code"), REFUSED, ids=REFUSED_IDS)
def test_promote_is_refused(actor: str, target: str, err_code: str) -> None:
    assert code(lambda: promote(lobby("alice", "bob", "carol"), actor, target)) == err_code


def test_the_owner_destroys_the_lobby_for_everyone() -> None:
    change = destroy(lobby("alice", "bob", "carol"), "alice")
    assert (change.closed, change.lobby.members, change.lobby.version) == (True, (), 4)
    assert change.events == (status(4, who("alice", "bob", "carol"), "alice", CLOSED),)
    assert set(change.released) == {"alice", "bob", "carol"}


@pytest.mark.parametrize(("actor", "err_code"), [("bob", NOT_OWNER), ("dave", NO_PERMISSION)])
def test_only_the_owner_destroys(actor: str, err_code: str) -> None:
    assert code(lambda: destroy(lobby("alice", "bob"), actor)) == err_code
