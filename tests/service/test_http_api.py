"""The HTTP function end to end in-process on moto: routes, status codes, the one error mapper."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.http import Call


def test_create_answers_201_with_party_info(call: Call) -> None:
    status, party = call("POST", "/parties", body={"party_name": "squad"})
    assert status == 201
    assert set(party) == {
        "party_id", "party_name", "leader_id", "max_player", "enable_chatting", "join_strategy",
        "invite_strategy", "members", "custom_data", "created_at", "version",
    }  # fmt: skip
    assert party["members"] == [{"player_id": "alice", "joined_at": party["created_at"], "online": False}]
    assert party["custom_data"] == {"global": "", "players": {"alice": ""}}


@pytest.mark.parametrize(
    "body",
    [
        {"max_player": 65},
        {"max_player": -1},
        {"max_player": "4"},
        {"party_name": "x" * 65},
        {"join_strategy": "Anyone"},
        {"enable_chatting": "yes"},
        {"unknown_field": 1},
    ],
)
def test_invalid_create_is_400_invalid_params_and_creates_nothing(call: Call, body: dict[str, Any]) -> None:
    status, error = call("POST", "/parties", body=body)
    assert (status, error["err_code"]) == (400, "kBackendInvalidParams")
    assert error["msg"]
    assert call("GET", "/me/party")[0] == 404


def test_malformed_json_is_400_invalid_params(call: Call) -> None:
    status, error = call("POST", "/parties", raw="{not json")
    assert (status, error["err_code"]) == (400, "kBackendInvalidParams")


def test_custom_data_over_4096_utf8_bytes_is_400(call: Call) -> None:
    _, party = call("POST", "/parties", body={})
    path = f"/parties/{party['party_id']}/custom-data/global"
    assert call("PUT", path, body={"data": "é" * 2048})[0] == 200
    status, error = call("PUT", path, body={"data": "é" * 2049})
    assert (status, error["err_code"]) == (400, "kBackendInvalidParams")


def test_too_many_invitees_is_400(call: Call) -> None:
    _, party = call("POST", "/parties", body={})
    ids = [f"p{n}" for n in range(21)]
    status, error = call("POST", f"/parties/{party['party_id']}/invitations", body={"invitee_player_ids": ids})
    assert (status, error["err_code"]) == (400, "kBackendInvalidParams")


def test_no_verified_identity_is_401(call: Call) -> None:
    status, error = call("GET", "/me/party", player=None)
    assert (status, error["err_code"]) == (401, "kBackendUnauthorized")


@pytest.mark.parametrize(
    ("setup", "method", "suffix", "player", "body", "status", "err_code"),
    [
        ("", "GET", "", "bob", None, 403, "kBackendNotPartyMember"),
        ("", "POST", "/members", "alice", None, 409, "kBackendPartyDuplicated"),
        ("", "PUT", "/leader", "alice", {"new_leader_id": "nobody"}, 403, "kBackendNotPartyMember"),
        ("join", "DELETE", "/members/alice", "bob", None, 403, "kBackendIsNotPartyLeader"),
        ("full", "POST", "/members", "carol", None, 409, "kBackendPartyFull"),
        ("", "POST", "/chat", "alice", {"type": "text", "content": "hi"}, 403, "kBackendPartyChatDisabled"),
    ],
)
def test_domain_errors_map_to_contract_statuses(
    call: Call, setup: str, method: str, suffix: str, player: str, body: Any, status: int, err_code: str
) -> None:
    _, party = call("POST", "/parties", body={"max_player": 2})
    base = f"/parties/{party['party_id']}"
    if setup in ("join", "full"):
        call("POST", f"{base}/members", player="bob")
    answer = call(method, base + suffix, player=player, body=body)
    assert answer == (status, {"err_code": err_code, "msg": answer[1]["msg"]})


def test_unknown_party_is_404(call: Call) -> None:
    status, error = call("POST", "/parties/nope/members")
    assert (status, error["err_code"]) == (404, "kBackendPartyNotFound")


def test_profane_name_is_400_uic(call: Call) -> None:
    status, error = call("POST", "/parties", body={"party_name": "fuck this"})
    assert (status, error["err_code"]) == (400, "kBackendCreatePartyUic")


def test_leave_kick_dismiss_answer_204_without_body(call: Call) -> None:
    _, party = call("POST", "/parties", body={})
    base = f"/parties/{party['party_id']}"
    for player in ("bob", "carol"):
        call("POST", f"{base}/members", player=player)
    assert call("DELETE", f"{base}/members/bob") == (204, None)
    assert call("DELETE", f"{base}/members/me", player="carol") == (204, None)
    assert call("DELETE", base) == (204, None)


def test_chat_round_trip_and_catch_up(call: Call) -> None:
    _, party = call("POST", "/parties", body={"enable_chatting": True})
    base = f"/parties/{party['party_id']}"
    call("POST", f"{base}/members", player="bob")
    status, message = call("POST", f"{base}/chat", body={"type": "text", "content": "hello"})
    assert status == 200
    assert set(message) == {"msg_id", "seq", "sender_id", "type", "content", "sent_at"}
    assert call("GET", f"{base}/chat", player="bob")[1]["messages"] == [message]


def test_logout_answers_204_and_leaves_the_party(call: Call) -> None:
    call("POST", "/parties", body={})
    assert call("DELETE", "/me/session") == (204, None)
    assert call("GET", "/me/party")[0] == 404
