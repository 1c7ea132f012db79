"""Input a hostile or careless client sends: each answers a 4xx in the contract's shape and changes nothing."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

import pytest

from tests.support.http import Call, http_event, route_of
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


NEW_LOBBY = '"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "b"'
# Each body holds the JSON string S: a lone surrogate written as an escape, valid JSON but no Unicode text.
LONE_SURROGATE_BODIES = [
    ("POST", "/lobbies", "{" + NEW_LOBBY + ', "attributes": [{"key": "k", "value": S}]}'),
    ("POST", "/lobbies", "{" + NEW_LOBBY + ', "attributes": [{"key": S, "value": 1}]}'),
    ("PATCH", "/lobbies/{lid}", '{"set_attributes": [{"key": "k", "value": S}]}'),
    ("PATCH", "/lobbies/{lid}", '{"remove_attributes": [S]}'),
    ("PATCH", "/lobbies/{lid}/members/me", '{"set_attributes": [{"key": "k", "value": S}]}'),
    ("POST", "/lobbies/search", '{"bucket_id": "b", "parameters": [{"key": "k", "op": "EQUAL", "value": S}]}'),
    ("POST", "/parties", '{"party_name": S}'),
    ("PUT", "/parties/{pid}/custom-data/global", '{"data": S}'),
    ("PUT", "/parties/{pid}/custom-data/players/me", '{"data": S}'),
    ("POST", "/parties/{pid}/chat", '{"type": "custom", "content": S}'),
    ("POST", "/parties/{pid}/chat", '{"type": "text", "content": S}'),
]


@pytest.fixture
def lobby(call: Call) -> dict[str, Any]:
    status, created = call("POST", "/lobbies", body={**json.loads("{" + NEW_LOBBY + "}"), "attributes": []})
    assert status == 201
    return dict(created)


@pytest.mark.parametrize(("method", "route", "template"), LONE_SURROGATE_BODIES)
@pytest.mark.parametrize("text", [r'"\ud800"', r'"x\udfff"'], ids=["high", "low-after-x"])
def test_a_lone_surrogate_in_any_string_of_a_body_is_400_and_changes_nothing(
    call: Call, party: dict[str, Any], lobby: dict[str, Any], method: str, route: str, template: str, text: str
) -> None:
    path = route.format(pid=party["party_id"], lid=lobby["lobby_id"])
    err_code = "EOS_InvalidParameters" if route.startswith("/lobbies") else "kBackendInvalidParams"
    assert refusal(call(method, path, raw=template.replace("S", text))) == (400, err_code)
    assert call("GET", "/me/party")[1] == party
    assert call("GET", f"/lobbies/{lobby['lobby_id']}")[1] == lobby
    assert call("GET", f"/parties/{party['party_id']}/chat")[1] == {"messages": []}


def test_a_surrogate_pair_is_one_character_and_taken(call: Call, lobby: dict[str, Any]) -> None:
    raw = r'{"set_attributes": [{"key": "k", "value": "\ud83c\udfae"}]}'
    status, updated = call("PATCH", f"/lobbies/{lobby['lobby_id']}", raw=raw)
    assert (status, updated["attributes"]) == (200, [{"key": "k", "value": "🎮", "visibility": "Public"}])


@pytest.mark.parametrize(
    ("method", "route"),
    [("POST", "/parties"), ("POST", "/lobbies/{lid}/members"), ("POST", "/lobbies"), ("PUT", "/parties/{pid}/leader")],
)
@pytest.mark.parametrize(
    "raw",
    ['[{"party_name": "x", "max_player": 7}]', "[{}]", "[]", '"x"', "1", "true"],
    ids=["array-of-create", "array-of-empty", "empty-array", "string", "number", "bool"],
)
def test_a_body_that_is_neither_a_json_object_nor_null_is_400_on_every_route_even_an_optional_one(
    call: Call, party: dict[str, Any], lobby: dict[str, Any], method: str, route: str, raw: str
) -> None:
    path = route.format(pid=party["party_id"], lid=lobby["lobby_id"])
    err_code = "EOS_InvalidParameters" if route.startswith("/lobbies") else "kBackendInvalidParams"
    assert refusal(call(method, path, player="bob", raw=raw)) == (400, err_code)
    assert call("GET", "/me/party", player="bob")[0] == 404
    assert call("GET", f"/lobbies/{lobby['lobby_id']}")[1] == lobby
    assert call("GET", "/me/party")[1] == party


@pytest.mark.parametrize("raw", ["[]", "[1,2", '{"\\ud800": 1}', '"x"'], ids=["array", "cut", "surrogate", "string"])
def test_a_route_that_takes_no_body_refuses_one_that_is_no_json_object_and_changes_nothing(
    call: Call, party: dict[str, Any], raw: str
) -> None:
    assert refusal(call("POST", f"/parties/{party['party_id']}/members", player="bob", raw=raw)) == (
        400,
        "kBackendInvalidParams",
    )
    assert refusal(call("PUT", "/me/blocks/alice", player="bob", raw=raw)) == (400, "kBackendInvalidParams")
    assert call("GET", "/me/party", player="bob")[0] == 404
    assert call("GET", "/me/blocks", player="bob")[1] == {"blocked": []}


@pytest.mark.parametrize(
    ("method", "path", "status", "err_code"),
    [
        ("PATCH", "/lobbies/{lid}%2Fmembers%2Fme", 400, "EOS_InvalidParameters"),
        ("DELETE", "/lobbies/{lid}%2Fmembers%2Fme", 400, "EOS_InvalidParameters"),
        ("GET", "/parties/{pid}%2Fchat", 400, "kBackendInvalidParams"),
        ("GET", "/parties%2F{pid}", 404, "kBackendNotFound"),
    ],
)
def test_an_encoded_slash_never_reaches_another_route_than_the_gateways(
    call: Call, party: dict[str, Any], lobby: dict[str, Any], method: str, path: str, status: int, err_code: str
) -> None:
    encoded = path.format(pid=party["party_id"], lid=lobby["lobby_id"])
    function, route_key = route_of(method, encoded)  # API Gateway routes on the encoded path...
    body = {"set_attributes": [{"key": "k", "value": 1}]} if method == "PATCH" else None
    event = http_event(method, unquote(encoded), "alice", body)  # ...and hands the function the decoded one
    event["routeKey"] = event["requestContext"]["routeKey"] = route_key
    answer = fresh_handler(function)(event, FakeLambdaContext())
    assert refusal((answer["statusCode"], json.loads(answer["body"]))) == (status, err_code)
    assert call("GET", f"/lobbies/{lobby['lobby_id']}")[1] == lobby
    assert call("GET", "/me/party")[1] == party


BAD_IDEMPOTENCY_KEYS = ["", "   ", "a b", "nul\x00", "tab\tkey", "bell\x07", "del\x7f", "café", "k" * 129]


@pytest.mark.parametrize("key", BAD_IDEMPOTENCY_KEYS, ids=repr)
def test_an_idempotency_key_outside_1_to_128_printable_ascii_is_400_and_runs_nothing(call: Call, key: str) -> None:
    keyed = {"idempotency-key": key}
    assert refusal(call("POST", "/parties", body={"party_name": "x"}, headers=keyed)) == (400, "kBackendInvalidParams")
    lobby = json.loads("{" + NEW_LOBBY + "}")
    assert refusal(call("POST", "/lobbies", body=lobby, headers=keyed)) == (400, "EOS_InvalidParameters")
    assert call("GET", "/me/party")[0] == 404
    assert call("POST", "/lobbies/search", body={"target_user_id": "alice"})[1] == {"lobbies": []}


@pytest.mark.parametrize("key", ["!", "~" * 128, "retry-2024-01-01T00:00:00Z#1"])
def test_an_idempotency_key_of_printable_ascii_up_to_128_is_taken(call: Call, key: str) -> None:
    first = call("POST", "/parties", body={"party_name": "x"}, headers={"idempotency-key": key})
    assert first[0] == 201
    assert call("POST", "/parties", body={"party_name": "x"}, headers={"idempotency-key": key}) == first


def test_a_null_body_is_no_body_so_defaults_where_optional_and_400_where_required(
    call: Call, party: dict[str, Any]
) -> None:
    status, created = call("POST", "/parties", player="bob", raw="null")
    assert (status, created["max_player"]) == (201, 4)
    path = f"/parties/{party['party_id']}/leader"
    assert refusal(call("PUT", path, raw="null")) == (400, "kBackendInvalidParams")
    assert call("GET", "/me/party")[1] == party


@pytest.mark.parametrize(
    ("method", "route", "body"),
    [
        ("POST", "/parties/{pid}/invitations", {"invitee_player_ids": ["me"]}),
        ("PUT", "/parties/{pid}/leader", {"new_leader_id": "me"}),
        ("POST", "/lobbies/{lid}/invites", {"target_user_id": "me"}),
    ],
)
def test_the_reserved_id_me_names_no_player_in_a_body(
    call: Call, party: dict[str, Any], lobby: dict[str, Any], method: str, route: str, body: Any
) -> None:
    path = route.format(pid=party["party_id"], lid=lobby["lobby_id"])
    err_code = "EOS_InvalidParameters" if route.startswith("/lobbies") else "kBackendInvalidParams"
    assert refusal(call(method, path, body=body)) == (400, err_code)
    assert call("GET", "/me/party")[1] == party
    assert call("GET", "/me/blocks")[1] == {"blocked": []}
