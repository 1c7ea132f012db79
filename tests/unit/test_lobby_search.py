"""Lobby search (domain/lobby/search.py), by behaviour: which lobbies match, in what order, and who may find one."""

from __future__ import annotations

from datetime import UTC, datetime
from types import MappingProxyType

import pytest

from partylobby.domain.lobby.errors import InvalidParameters
from partylobby.domain.lobby.model import Attribute, AttributeValue, Lobby, Member, PermissionLevel, Visibility
from partylobby.domain.lobby.search import LISTS, NUMERIC, Comparison, Parameter, matching, may_find

T0 = datetime(2026, 1, 1, tzinfo=UTC)
PUBLIC, PRESENCE = PermissionLevel.PUBLIC_ADVERTISED, PermissionLevel.JOIN_VIA_PRESENCE
INVITE_ONLY = PermissionLevel.INVITE_ONLY
Op = Comparison


def lobby(
    lobby_id: str = "lobby-1",
    *attributes: Attribute,
    members: tuple[str, ...] = ("alice",),
    max_members: int = 4,
    permission: PermissionLevel = PUBLIC,
) -> Lobby:
    """A lobby owned by its first member, with the given (lobby) attributes."""
    return Lobby(
        lobby_id=lobby_id, owner_id=members[0], permission_level=permission, max_members=max_members,
        allow_invites=True, bucket_id="bucket", disable_host_migration=False,
        attributes=MappingProxyType({a.key: a for a in attributes}),
        members=tuple(Member(user_id, T0, seat=seat) for seat, user_id in enumerate(members, start=1)),
        created_at=T0, version=len(members),
    )  # fmt: skip


def with_level(*levels: AttributeValue) -> list[Lobby]:
    """One lobby per level, named after it."""
    return [lobby(f"lobby-{level}", Attribute("level", level)) for level in levels]


def found(lobbies: list[Lobby], *parameters: Parameter, max_results: int = 10) -> list[str]:
    return [hit.lobby_id for hit in matching(lobbies, parameters, max_results)]


def matches(attribute: AttributeValue, op: Comparison, wanted: AttributeValue) -> bool:
    return found([lobby("lobby-1", Attribute("k", attribute))], Parameter("k", op, wanted)) == ["lobby-1"]


# -- comparisons --------------------------------------------------------------


@pytest.mark.parametrize(
    ("attribute", "op", "wanted", "expected"),
    [
        ("ctf", Op.EQUAL, "ctf", True),
        ("ctf", Op.EQUAL, "tdm", False),
        (5, Op.EQUAL, 5, True),
        (True, Op.EQUAL, True, True),
        (True, Op.EQUAL, False, False),
        ("ctf", Op.NOTEQUAL, "tdm", True),
        ("ctf", Op.NOTEQUAL, "ctf", False),
        (5, Op.NOTEQUAL, 6, True),
        (6, Op.GREATERTHAN, 5, True),
        (5, Op.GREATERTHAN, 5, False),
        (5, Op.GREATERTHANOREQUAL, 5, True),
        (4, Op.GREATERTHANOREQUAL, 5, False),
        (4, Op.LESSTHAN, 5, True),
        (5, Op.LESSTHAN, 5, False),
        (5, Op.LESSTHANOREQUAL, 5, True),
        (6, Op.LESSTHANOREQUAL, 5, False),
        (-2.5, Op.LESSTHAN, -2, True),
        ("b", Op.ANYOF, "a;b;c", True),
        ("d", Op.ANYOF, "a;b;c", False),
        ("a;b", Op.ANYOF, "a;b;c", False),
        ("d", Op.NOTANYOF, "a;b;c", True),
        ("c", Op.NOTANYOF, "a;b;c", False),
    ],
)
def test_each_comparison_matches_as_named(
    attribute: AttributeValue, op: Op, wanted: AttributeValue, expected: bool
) -> None:
    assert matches(attribute, op, wanted) is expected


def test_distance_keeps_every_number_and_sorts_closest_first() -> None:
    ranked = found(with_level(10, 3, 7, 6.5), Parameter("level", Op.DISTANCE, 6))
    assert ranked == ["lobby-6.5", "lobby-7", "lobby-3", "lobby-10"]


def test_distance_with_other_parameters_ranks_only_the_matches() -> None:
    lobbies = with_level(1, 9, 4, 20)
    parameters = (Parameter("level", Op.LESSTHAN, 10), Parameter("level", Op.DISTANCE, 10))
    assert found(lobbies, *parameters) == ["lobby-9", "lobby-4", "lobby-1"]


def test_without_distance_results_keep_their_order() -> None:
    assert found(with_level(3, 1, 2), Parameter("level", Op.GREATERTHAN, 0)) == ["lobby-3", "lobby-1", "lobby-2"]


@pytest.mark.parametrize(("attribute", "wanted"), [(3, 3.0), (3.0, 3)])
def test_an_int_matches_a_float_numerically(attribute: AttributeValue, wanted: AttributeValue) -> None:
    assert matches(attribute, Op.EQUAL, wanted)
    assert matches(attribute, Op.GREATERTHAN, 2.5)
    assert not matches(attribute, Op.NOTEQUAL, wanted)


@pytest.mark.parametrize(("attribute", "wanted"), [(True, 1), (1, True), (False, 0), (0, False)])
def test_a_bool_never_equals_a_number(attribute: AttributeValue, wanted: AttributeValue) -> None:
    assert not matches(attribute, Op.EQUAL, wanted)
    assert not matches(attribute, Op.NOTEQUAL, wanted)  # nor differs from it: another type never matches


@pytest.mark.parametrize(("attribute", "op", "wanted"), [("5", Op.EQUAL, 5), (5, Op.EQUAL, "5"), (5, Op.ANYOF, "5;6")])
def test_a_parameter_never_matches_an_attribute_of_another_type(attribute: AttributeValue, op: Op, wanted: str) -> None:
    assert not matches(attribute, op, wanted)


def test_a_string_never_matches_a_numeric_comparison() -> None:
    assert not matches("7", Op.GREATERTHAN, 5)
    assert found([lobby("lobby-1", Attribute("level", "7"))], Parameter("level", Op.DISTANCE, 5)) == []


def test_several_parameters_are_anded() -> None:
    lobbies = [
        lobby("ctf-5", Attribute("mode", "ctf"), Attribute("level", 5)),
        lobby("ctf-9", Attribute("mode", "ctf"), Attribute("level", 9)),
        lobby("tdm-5", Attribute("mode", "tdm"), Attribute("level", 5)),
    ]
    parameters = (Parameter("mode", Op.EQUAL, "ctf"), Parameter("level", Op.LESSTHAN, 8))
    assert found(lobbies, *parameters) == ["ctf-5"]


def test_no_parameters_match_every_lobby_with_room() -> None:
    assert found(with_level(1, 2)) == ["lobby-1", "lobby-2"]


def test_a_lobby_without_the_attribute_never_matches() -> None:
    assert found([lobby("bare")], Parameter("mode", Op.NOTEQUAL, "ctf")) == []
    assert found([lobby("bare")], Parameter("mode", Op.NOTANYOF, "ctf")) == []


@pytest.mark.parametrize("op", [Op.EQUAL, Op.NOTEQUAL, Op.DISTANCE])
def test_private_attributes_are_never_matched(op: Op) -> None:
    hidden = lobby("hidden", Attribute("level", 5, Visibility.PRIVATE))
    assert found([hidden], Parameter("level", op, 5 if op is not Op.NOTEQUAL else 6)) == []


def test_full_lobbies_are_left_out() -> None:
    full = lobby("full", Attribute("mode", "ctf"), members=("alice", "bob"), max_members=2)
    room = lobby("room", Attribute("mode", "ctf"), members=("alice", "bob"), max_members=3)
    assert found([full, room], Parameter("mode", Op.EQUAL, "ctf")) == ["room"]


def test_results_are_cut_at_max_results() -> None:
    positive = Parameter("level", Op.GREATERTHAN, 0)
    assert found(with_level(1, 2, 3, 4, 5), positive, max_results=2) == ["lobby-1", "lobby-2"]
    assert found(with_level(5, 1, 4), Parameter("level", Op.DISTANCE, 0), max_results=2) == ["lobby-1", "lobby-4"]


# 64-bit ints are exact in Python; float() keeps only 53 bits, so comparing through it is wrong above 2**53.
def test_large_ints_compare_exactly() -> None:
    assert matches(2**53 + 1, Op.GREATERTHAN, 2**53)
    assert not matches(2**53, Op.GREATERTHANOREQUAL, 2**53 + 1)


def test_distance_ranks_large_ints_exactly() -> None:
    far, near = lobby("far", Attribute("n", 2**60 + 3)), lobby("near", Attribute("n", 2**60 + 1))
    assert found([far, near], Parameter("n", Op.DISTANCE, 2**60)) == ["near", "far"]


# -- Parameter.check ----------------------------------------------------------


@pytest.mark.parametrize("op", sorted(NUMERIC))
@pytest.mark.parametrize("wanted", ["5", True])
def test_numeric_comparisons_refuse_non_numbers(op: Op, wanted: AttributeValue) -> None:
    with pytest.raises(InvalidParameters):
        Parameter("level", op, wanted).check()


@pytest.mark.parametrize("op", sorted(LISTS))
@pytest.mark.parametrize("wanted", [1, 1.5, True])
def test_list_comparisons_refuse_non_strings(op: Op, wanted: AttributeValue) -> None:
    with pytest.raises(InvalidParameters):
        Parameter("mode", op, wanted).check()


@pytest.mark.parametrize(
    "parameter",
    [Parameter("k" * 65, Op.EQUAL, 1), Parameter("", Op.EQUAL, 1), Parameter("k", Op.EQUAL, "x" * 1001),
     Parameter("k", Op.EQUAL, 2**63), Parameter("k", Op.DISTANCE, float("inf"))],
    ids=["key-65", "key-empty", "string-1001", "int-2^63", "inf"],
)  # fmt: skip
def test_parameters_are_validated_like_attributes(parameter: Parameter) -> None:
    with pytest.raises(InvalidParameters) as excinfo:
        parameter.check()
    assert excinfo.value.err_code == "EOS_InvalidParameters"


@pytest.mark.parametrize(
    "parameter",
    [Parameter("mode", Op.EQUAL, "ctf"), Parameter("on", Op.EQUAL, True), Parameter("on", Op.NOTEQUAL, False),
     Parameter("level", Op.GREATERTHAN, 5), Parameter("level", Op.DISTANCE, 1.5), Parameter("mode", Op.ANYOF, "a;b"),
     Parameter("mode", Op.NOTANYOF, "a")],
)  # fmt: skip
def test_well_formed_parameters_pass_the_check(parameter: Parameter) -> None:
    parameter.check()


# -- may_find -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("permission", "viewer", "invited", "expected"),
    [
        (INVITE_ONLY, "bob", False, True),
        (INVITE_ONLY, "dave", True, True),
        (INVITE_ONLY, "dave", False, False),
        (PRESENCE, "dave", False, True),
        (PUBLIC, "dave", False, True),
    ],
    ids=["invite-only-member", "invite-only-invited", "invite-only-stranger", "presence-stranger", "public-stranger"],
)
def test_invite_only_lobbies_are_found_only_by_members_or_the_invited(
    permission: PermissionLevel, viewer: str, invited: bool, expected: bool
) -> None:
    found = lobby("lobby-1", members=("alice", "bob"), permission=permission)
    assert may_find(found, viewer, invited=invited, by_id=True, friend_of_owner=False) is expected


@pytest.mark.parametrize(
    ("friend_of_owner", "by_id", "expected"),
    [(False, True, True), (False, False, False), (True, False, True)],
)
def test_a_join_via_presence_lobby_is_found_by_its_id_or_by_the_owners_friends(
    friend_of_owner: bool, by_id: bool, expected: bool
) -> None:
    friends_only = lobby("lobby-1", members=("alice",), permission=PermissionLevel.JOIN_VIA_PRESENCE)
    assert may_find(friends_only, "carol", invited=False, by_id=by_id, friend_of_owner=friend_of_owner) is expected
