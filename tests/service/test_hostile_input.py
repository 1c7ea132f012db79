"""Input a hostile or careless client sends: each answers a 4xx in the contract's shape and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.http import Call, http_event
from tests.support.lambdas import FakeLambdaContext, fresh_handler

BODY_ROUTES = [
    ("POST", "/parties"),
    ("PUT", "/parties/{pid}/strategy"),
    ("POST", "/parties/{pid}/invitations"),
    ("PUT", "/parties/{pid}/leader"),
    ("PUT", "/parties/{pid}/custom-data/global"),
    ("PUT", "/parties/{pid}/custom-data/players/me"),
    ("POST", "/parties/{pid}/chat"),
]
DEEP = "[" * 100_000 + "]" * 100_000
NESTED_VALUE = '{"party_name": ' + "[" * 1000 + "]" * 1000 + "}"


def refusal(answer: tuple[int, Any]) -> tuple[int, str]:
    status, body = answer
    assert set(body) == {"err_code", "msg"} and body["msg"]
    return status, str(body["err_code"])


@pytest.fixture
def party(call: Call) -> dict[str, Any]:
    status, created = call("POST", "/parties", body={"party_name": "kept", "enable_chatting": True})
    assert status == 201
    return dict(created)


@pytest.mark.parametrize(("method", "route"), BODY_ROUTES)
@pytest.mark.parametrize(
    "raw", [DEEP, NESTED_VALUE, b'{"party_name":"\xff"}', b"\xc3\x28"], ids=["deep", "nested", "latin1", "bad-utf8"]
)
def test_a_body_too_deep_or_not_utf8_is_400_on_every_route_that_takes_one(
    call: Call, party: dict[str, Any], method: str, route: str, raw: str | bytes
) -> None:
    path = route.format(pid=party["party_id"])
    assert refusal(call(method, path, raw=raw)) == (400, "kBackendInvalidParams")
    assert call("GET", "/me/party")[1] == party


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/me/friends/" + "f" * 1020),
        ("DELETE", "/me/friends/" + "f" * 129),
        ("PUT", "/me/blocks/" + "b" * 3000),
        ("PUT", "/me/blocks/has%20space"),
        ("DELETE", "/parties/{pid}/members/" + "m" * 200),
        ("POST", "/parties/" + "p" * 3000 + "/members"),
        ("GET", "/parties/not!an*id"),
    ],
)
def test_an_identifier_in_a_path_past_the_limits_or_charset_is_400(
    call: Call, party: dict[str, Any], method: str, path: str
) -> None:
    assert refusal(call(method, path.format(pid=party["party_id"]))) == (400, "kBackendInvalidParams")
    assert call("GET", "/me/friends")[1] == {"friends": [], "incoming": [], "outgoing": []}
    assert call("GET", "/me/blocks")[1] == {"blocked": []}


def test_an_invitee_id_in_a_body_past_the_charset_is_400(call: Call, party: dict[str, Any]) -> None:
    path = f"/parties/{party['party_id']}/invitations"
    assert refusal(call("POST", path, body={"invitee_player_ids": ["bob\n"]})) == (400, "kBackendInvalidParams")


def test_unfriending_yourself_is_400(call: Call) -> None:
    assert refusal(call("DELETE", "/me/friends/alice")) == (400, "kBackendInvalidParams")


@pytest.mark.parametrize("subject", ["s" * 5000, "", "has space", "x/y", "me"])
def test_a_verified_token_whose_subject_is_no_player_id_is_401(call: Call, subject: str) -> None:
    assert refusal(call("POST", "/parties", player=subject, body={})) == (401, "kBackendUnauthorized")


def test_create_party_with_no_body_at_all_uses_every_default(call: Call) -> None:
    status, party = call("POST", "/parties")
    assert status == 201
    assert (party["max_player"], party["join_strategy"], party["enable_chatting"]) == (4, "Public", False)


def test_a_whole_number_written_as_a_float_is_that_number(call: Call) -> None:
    status, party = call("POST", "/parties", body={"max_player": 4.0})
    assert (status, party["max_player"]) == (201, 4)


@pytest.mark.parametrize("max_player", [4.5, True, "4", None])
def test_max_player_that_is_no_whole_number_is_400(call: Call, max_player: Any) -> None:
    assert refusal(call("POST", "/parties", body={"max_player": max_player})) == (400, "kBackendInvalidParams")
    assert call("GET", "/me/party")[0] == 404


@pytest.mark.parametrize(("method", "path", "err_code"), [
    ("GET", "/nowhere", "kBackendNotFound"),
    ("PATCH", "/parties/p1", "kBackendNotFound"),
    ("GET", "/lobbies/l1/nothing", "EOS_NotFound"),
])  # fmt: skip
def test_an_unknown_route_is_404_in_the_contracts_shape(call: Call, method: str, path: str, err_code: str) -> None:
    assert refusal(call(method, path)) == (404, err_code)


@pytest.mark.parametrize("path", ["/parties", "/lobbies/search"])
def test_an_integer_past_pythons_conversion_limit_is_400(call: Call, path: str) -> None:
    status, answer = call("POST", path, raw='{"max_results": 1' + "0" * 5000 + "}")
    assert status == 400
    assert answer["err_code"] in {"kBackendInvalidParams", "EOS_InvalidParameters"}


def test_every_answer_echoes_its_correlation_id(moto_table: str) -> None:
    event = http_event("GET", "/me/party", "alice")
    answer = fresh_handler("PartyApiFunction")(event, FakeLambdaContext())
    assert answer["headers"]["X-Correlation-Id"] == event["requestContext"]["requestId"]
