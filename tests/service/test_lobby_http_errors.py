"""Lobby routes refusing bad input through the HTTP function on moto: every refusal is an EOS err_code
in the contract's shape, and changes nothing; never a 500."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.http import Call

NEW = {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "eu"}
DEEP = "[" * 100_000 + "]" * 100_000
NESTED = '{"bucket_id": ' + "[" * 1000 + "]" * 1000 + "}"
INVALID, NOT_FOUND = (400, "EOS_InvalidParameters"), (404, "EOS_NotFound")


def refusal(answer: tuple[int, Any]) -> tuple[int, str]:
    status, body = answer
    assert set(body) == {"err_code", "msg"} and body["msg"], body
    return status, str(body["err_code"])


@pytest.fixture
def lobby(call: Call) -> dict[str, Any]:
    """alice's lobby, bob in it, and an invite of carol's to it."""
    status, created = call("POST", "/lobbies", "alice", {**NEW, "attributes": [{"key": "map", "value": "dust"}]})
    assert status == 201
    path = f"/lobbies/{created['lobby_id']}"
    joined = call("POST", f"{path}/members", "bob")[1]
    invite = call("POST", f"{path}/invites", "alice", {"target_user_id": "carol"})[1]
    return {**joined, "invite_id": invite["invite_id"]}


def unchanged(call: Call, lobby: dict[str, Any]) -> None:
    after = call("GET", f"/lobbies/{lobby['lobby_id']}", "alice")[1]
    assert after == {k: v for k, v in lobby.items() if k != "invite_id"}
    assert [i["invite_id"] for i in call("GET", "/me/lobby-invites", "carol")[1]["invites"]] == [lobby["invite_id"]]


def attribute(**fields: Any) -> dict[str, Any]:
    return {**NEW, "attributes": [{"key": "k", "value": 1, **fields}]}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"permission_level": "PublicAdvertised", "bucket_id": "eu"},
        {"max_members": 4, "bucket_id": "eu"},
        {"max_members": 4, "permission_level": "PublicAdvertised"},
        {**NEW, "unknown_field": 1},
        {**NEW, "max_members": "4"},
        {**NEW, "max_members": 4.5},
        {**NEW, "max_members": True},
        {**NEW, "max_members": None},
        {**NEW, "max_members": 0},
        {**NEW, "max_members": 65},
        {**NEW, "permission_level": "Public"},
        {**NEW, "allow_invites": "yes"},
        {**NEW, "disable_host_migration": 1},
        {**NEW, "bucket_id": ""},
        {**NEW, "bucket_id": "b" * 129},
        {**NEW, "bucket_id": 7},
        {**NEW, "attributes": "map=dust"},
        attribute(key="k" * 65),
        attribute(key=""),
        attribute(value=[1]),
        attribute(value={"a": 1}),
        attribute(value=None),
        attribute(value="x" * 1001),
        attribute(value=2**63),
        attribute(visibility="Secret"),
        attribute(extra=1),
        {**NEW, "attributes": [{"key": "k", "value": 1}, {"key": "k", "value": 2}]},
    ],
)
def test_an_invalid_create_is_400_invalid_parameters_and_creates_nothing(call: Call, body: dict[str, Any]) -> None:
    assert refusal(call("POST", "/lobbies", "alice", body)) == INVALID
    assert call("POST", "/lobbies/search", "bob", {"bucket_id": "eu"}) == (200, {"lobbies": []})


def test_past_the_attribute_caps_is_409_limit_exceeded(call: Call) -> None:
    many = [{"key": f"k{n}", "value": n} for n in range(101)]
    assert refusal(call("POST", "/lobbies", "alice", {**NEW, "attributes": many})) == (409, "EOS_LimitExceeded")


SEARCH_PARAMETER = {"key": "level", "op": "EQUAL", "value": 1}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"bucket_id": "eu", "lobby_id": "x"},
        {"bucket_id": "eu", "target_user_id": "alice"},
        {"bucket_id": "eu", "max_results": 0},
        {"bucket_id": "eu", "max_results": 257},
        {"bucket_id": "eu", "max_results": "10"},
        {"bucket_id": "eu", "parameters": [SEARCH_PARAMETER] * 33},
        {"bucket_id": "eu", "parameters": [{**SEARCH_PARAMETER, "op": "LIKE"}]},
        {"bucket_id": "eu", "parameters": [{**SEARCH_PARAMETER, "op": "GREATERTHAN", "value": "5"}]},
        {"bucket_id": "eu", "parameters": [{**SEARCH_PARAMETER, "op": "DISTANCE", "value": True}]},
        {"bucket_id": "eu", "parameters": [{**SEARCH_PARAMETER, "op": "ANYOF", "value": 1}]},
        {"bucket_id": "eu", "parameters": [{**SEARCH_PARAMETER, "key": "k" * 65}]},
        {"bucket_id": "eu", "parameters": [{"key": "level", "op": "EQUAL"}]},
        {"bucket_id": "eu", "parameters": {"level": 1}},
        {"bucket_id": "eu", "sort": "level"},
        {"lobby_id": "not an id"},
        {"target_user_id": "bob\n"},
    ],
)
def test_an_invalid_search_is_400_invalid_parameters(call: Call, body: dict[str, Any]) -> None:
    assert refusal(call("POST", "/lobbies/search", "alice", body)) == INVALID


def test_the_search_limits_themselves_are_accepted(call: Call) -> None:
    for body in (
        {"bucket_id": "eu", "max_results": 1},
        {"bucket_id": "eu", "max_results": 256.0},
        {"bucket_id": "eu", "parameters": [SEARCH_PARAMETER] * 32},
    ):
        assert call("POST", "/lobbies/search", "alice", body) == (200, {"lobbies": []})


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("PATCH", "", {}),
        ("PATCH", "", {"max_members": 0}),
        ("PATCH", "", {"max_members": 65}),
        ("PATCH", "", {"max_members": "8"}),
        ("PATCH", "", {"permission_level": "Open"}),
        ("PATCH", "", {"owner_id": "bob"}),
        ("PATCH", "", {"set_attributes": [{"key": "k" * 65, "value": 1}]}),
        ("PATCH", "", {"remove_attributes": ["k" * 65]}),
        ("PATCH", "", {"set_attributes": [{"key": "map", "value": 1}], "remove_attributes": ["map"]}),
        ("PATCH", "/members/me", {}),
        ("PATCH", "/members/me", {"set_attributes": [{"key": "k" * 65, "value": 1}]}),
        ("PATCH", "/members/me", {"user_id": "alice", "set_attributes": [{"key": "k", "value": 1}]}),
        ("POST", "/members", {"party_id": "not an id"}),
        ("POST", "/members", {"party": "p1"}),
        ("POST", "/invites", {}),
        ("POST", "/invites", {"target_user_id": "bob\n"}),
        ("POST", "/invites", {"target_user_id": "bob"}),  # a member already
        ("PUT", "/owner", {}),
        ("PUT", "/owner", {"target_user_id": "stranger"}),  # not a member
        ("PUT", "/owner", {"target_user_id": "alice"}),  # the owner already
        ("DELETE", "/members/alice", None),  # the owner kicking themselves
        ("DELETE", "/members/" + "u" * 129, None),
        ("DELETE", "/members/no%20one", None),
    ],
)
def test_invalid_commands_on_a_lobby_are_400_and_change_nothing(
    call: Call, lobby: dict[str, Any], method: str, suffix: str, body: Any
) -> None:
    assert refusal(call(method, f"/lobbies/{lobby['lobby_id']}{suffix}", "alice", body)) == INVALID
    unchanged(call, lobby)


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("GET", "", None),
        ("PATCH", "", {"max_members": 8}),
        ("DELETE", "", None),
        ("POST", "/members", None),
        ("PATCH", "/members/me", {"set_attributes": [{"key": "k", "value": 1}]}),
        ("DELETE", "/members/me", None),
        ("DELETE", "/members/bob", None),
        ("PUT", "/owner", {"target_user_id": "bob"}),
        ("POST", "/invites", {"target_user_id": "bob"}),
    ],
)
def test_an_unknown_lobby_is_404_not_found(call: Call, method: str, suffix: str, body: Any) -> None:
    assert refusal(call(method, f"/lobbies/no-such-lobby{suffix}", "alice", body)) == NOT_FOUND


@pytest.mark.parametrize(("method", "suffix"), [("GET", ""), ("POST", "/accept"), ("DELETE", "")])
def test_an_unknown_invite_is_404_not_found(call: Call, method: str, suffix: str) -> None:
    assert refusal(call(method, f"/me/lobby-invites/no-such-invite{suffix}", "alice")) == NOT_FOUND


def test_someone_elses_invite_is_404_not_found(call: Call, lobby: dict[str, Any]) -> None:
    for method, suffix in (("GET", ""), ("POST", "/accept"), ("DELETE", "")):
        assert refusal(call(method, f"/me/lobby-invites/{lobby['invite_id']}{suffix}", "bob")) == NOT_FOUND
    unchanged(call, lobby)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/lobbies"),
        ("DELETE", "/lobbies"),
        ("PUT", "/lobbies/l1"),
        ("POST", "/lobbies/l1"),
        ("GET", "/lobbies/l1/members"),
        ("GET", "/lobbies/l1/members/me"),
        ("POST", "/lobbies/l1/owner"),
        ("GET", "/lobbies/l1/invites"),
        ("GET", "/lobbies/search/more"),
        ("PATCH", "/me/lobby-invites"),
        ("GET", "/me/lobby-invites/i1/accept"),
        ("PUT", "/me/lobby-invites/i1"),
    ],
)
def test_an_unknown_route_under_lobbies_is_404_eos_not_found(call: Call, method: str, path: str) -> None:
    assert refusal(call(method, path, "alice")) == NOT_FOUND


@pytest.mark.parametrize("path", ["/lobbies/bad!id", "/lobbies/" + "l" * 65, "/me/lobby-invites/bad!id"])
def test_an_identifier_in_a_lobby_path_past_the_limits_or_charset_is_400(call: Call, path: str) -> None:
    assert refusal(call("GET", path, "alice")) == INVALID


BODY_ROUTES = [
    ("POST", "/lobbies"),
    ("POST", "/lobbies/search"),
    ("PATCH", "/lobbies/{lid}"),
    ("POST", "/lobbies/{lid}/members"),
    ("PATCH", "/lobbies/{lid}/members/me"),
    ("PUT", "/lobbies/{lid}/owner"),
    ("POST", "/lobbies/{lid}/invites"),
]


HOSTILE: dict[str, str | bytes] = {
    "deep": DEEP,
    "nested-1000": NESTED,
    "latin1": b'{"bucket_id":"\xff"}',
    "bad-utf8": b"\xc3\x28",
    "malformed": "{not json",
    "array": "[]",
    "number": "1",
}


@pytest.mark.parametrize(("method", "route"), BODY_ROUTES)
def test_a_hostile_body_is_400_invalid_parameters_on_every_lobby_route_that_takes_one(
    call: Call, lobby: dict[str, Any], method: str, route: str
) -> None:
    path = route.format(lid=lobby["lobby_id"])
    for name, raw in HOSTILE.items():
        assert refusal(call(method, path, "carol", raw=raw)) == INVALID, name
    unchanged(call, lobby)


def test_no_token_is_401(call: Call) -> None:
    assert refusal(call("POST", "/lobbies", None, NEW))[0] == 401


HUGE = [1e300, -1e200, 5e-324]


@pytest.mark.parametrize("value", HUGE)
def test_a_float_outside_dynamodbs_range_is_400_never_a_500(call: Call, lobby: dict[str, Any], value: float) -> None:
    path = f"/lobbies/{lobby['lobby_id']}"
    for method, route, player, body in (
        ("POST", "/lobbies", "dave", {**NEW, "attributes": [{"key": "f", "value": value}]}),
        ("PATCH", path, "alice", {"set_attributes": [{"key": "f", "value": value}]}),
        ("PATCH", f"{path}/members/me", "bob", {"set_attributes": [{"key": "f", "value": value}]}),
    ):
        assert refusal(call(method, route, player, body)) == INVALID
    unchanged(call, lobby)


def test_a_search_may_compare_with_any_finite_float(call: Call, lobby: dict[str, Any]) -> None:
    query = {"bucket_id": "eu", "parameters": [{"key": "f", "op": "LESSTHAN", "value": 1e300}]}
    assert call("POST", "/lobbies/search", "alice", query) == (200, {"lobbies": []})
    query["parameters"] = [{"key": "level", "op": "DISTANCE", "value": 1e300}]
    assert call("POST", "/lobbies/search", "alice", query) == (200, {"lobbies": []})
