"""Lobby routes through the HTTP function in-process on moto: each answers the contract's status and shape."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.http import Call

DETAILS = {
    "lobby_id", "owner_id", "permission_level", "max_members", "available_slots", "allow_invites", "bucket_id",
    "attributes", "members", "version", "created_at",
}  # fmt: skip
INVITE = {"invite_id", "lobby_id", "from_user_id", "expires_at", "lobby"}
NEW = {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "eu"}


def details(body: Any) -> dict[str, Any]:
    """The body, checked to be LobbyDetails exactly."""
    assert set(body) == DETAILS
    assert all(set(a) == {"key", "value", "visibility"} for a in body["attributes"])
    assert all(set(m) == {"user_id", "attributes"} for m in body["members"])
    assert all(set(a) == {"key", "value", "visibility"} for m in body["members"] for a in m["attributes"])
    return dict(body)


def create(call: Call, player: str = "alice", **fields: Any) -> dict[str, Any]:
    status, body = call("POST", "/lobbies", player, {**NEW, **fields})
    assert status == 201, body
    return details(body)


def members(body: dict[str, Any]) -> list[str]:
    return [m["user_id"] for m in body["members"]]


def test_create_answers_201_with_lobby_details_and_the_defaults(call: Call) -> None:
    lobby = create(call, attributes=[{"key": "map", "value": "dust"}])
    assert lobby["owner_id"] == "alice"
    assert (lobby["permission_level"], lobby["max_members"], lobby["available_slots"]) == ("PublicAdvertised", 4, 3)
    assert (lobby["allow_invites"], lobby["bucket_id"], lobby["version"]) == (True, "eu", 1)
    assert lobby["attributes"] == [{"key": "map", "value": "dust", "visibility": "Public"}]
    assert lobby["members"] == [{"user_id": "alice", "attributes": []}]
    assert lobby["created_at"].endswith("Z")


def test_get_answers_the_details_members_see_all_others_the_public_side(call: Call) -> None:
    attributes = [{"key": "map", "value": "dust"}, {"key": "pw", "value": "x", "visibility": "Private"}]
    lobby = create(call, attributes=attributes)
    status, mine = call("GET", f"/lobbies/{lobby['lobby_id']}", "alice")
    assert (status, details(mine)) == (200, lobby)
    status, theirs = call("GET", f"/lobbies/{lobby['lobby_id']}", "bob")
    assert (status, details(theirs)["attributes"]) == (200, [{"key": "map", "value": "dust", "visibility": "Public"}])


def test_typed_values_keep_their_json_type_and_a_whole_float_max_members_is_that_number(call: Call) -> None:
    values = [3, 3.0, True, "3", 0.5, 2**63 - 1, -(2**63)]
    attributes = [{"key": f"k{n}", "value": v} for n, v in enumerate(values)]
    lobby = create(call, max_members=4.0, attributes=attributes)
    _, got = call("GET", f"/lobbies/{lobby['lobby_id']}", "bob")
    for answer in (lobby, got):
        assert answer["max_members"] == 4 and type(answer["max_members"]) is int
        assert [(type(a["value"]), a["value"]) for a in answer["attributes"]] == [(type(v), v) for v in values]


def test_join_leave_kick_promote_and_destroy(call: Call) -> None:
    lobby_id = create(call)["lobby_id"]
    path = f"/lobbies/{lobby_id}"
    status, joined = call("POST", f"{path}/members", "bob")  # no body at all
    assert (status, members(details(joined))) == (200, ["alice", "bob"])
    status, joined = call("POST", f"{path}/members", "carol", {})
    assert (status, details(joined)["version"], joined["available_slots"]) == (200, 3, 1)
    assert call("POST", f"{path}/members", "carol", {})[1]["version"] == 3  # already in: nothing changes
    assert call("DELETE", f"{path}/members/me", "carol") == (204, None)
    status, promoted = call("PUT", f"{path}/owner", "alice", {"target_user_id": "bob"})
    assert (status, details(promoted)["owner_id"]) == (200, "bob")
    assert call("DELETE", f"{path}/members/alice", "bob") == (204, None)
    assert members(call("GET", path, "bob")[1]) == ["bob"]
    assert call("DELETE", path, "bob") == (204, None)
    assert call("GET", path, "bob")[0] == 404


def test_update_lobby_and_member_answer_the_details_after(call: Call) -> None:
    lobby_id = create(call, attributes=[{"key": "mode", "value": "ffa"}])["lobby_id"]
    call("POST", f"/lobbies/{lobby_id}/members", "bob")
    change = {
        "permission_level": "JoinViaPresence", "max_members": 8.0, "allow_invites": False,
        "set_attributes": [{"key": "map", "value": 2.0, "visibility": "Private"}], "remove_attributes": ["mode"],
    }  # fmt: skip
    status, updated = call("PATCH", f"/lobbies/{lobby_id}", "alice", change)
    assert status == 200
    assert {k: details(updated)[k] for k in ("permission_level", "max_members", "allow_invites", "version")} == {
        "permission_level": "JoinViaPresence", "max_members": 8, "allow_invites": False, "version": 3,
    }  # fmt: skip
    assert updated["attributes"] == [{"key": "map", "value": 2.0, "visibility": "Private"}]
    assert type(updated["attributes"][0]["value"]) is float
    mine = {"set_attributes": [{"key": "ready", "value": True}, {"key": "hero", "value": 7}]}
    status, updated = call("PATCH", f"/lobbies/{lobby_id}/members/me", "bob", mine)
    assert (status, details(updated)["version"]) == (200, 4)
    assert updated["members"][1] == {
        "user_id": "bob",
        "attributes": [
            {"key": "hero", "value": 7, "visibility": "Public"},  # by key
            {"key": "ready", "value": True, "visibility": "Public"},
        ],
    }
    status, updated = call("PATCH", f"/lobbies/{lobby_id}/members/me", "bob", {"remove_attributes": ["hero"]})
    assert [a["key"] for a in details(updated)["members"][1]["attributes"]] == ["ready"]


def test_a_party_joins_through_its_leader(call: Call) -> None:
    _, party = call("POST", "/parties", "lead", {})
    assert call("POST", f"/parties/{party['party_id']}/members", "m1")[0] == 200
    lobby_id = create(call)["lobby_id"]
    status, refused = call("POST", f"/lobbies/{lobby_id}/members", "m1", {"party_id": party["party_id"]})
    assert (status, refused["err_code"]) == (403, "EOS_Lobby_NoPermission")
    status, refused = call("POST", f"/lobbies/{lobby_id}/members", "bob", {"party_id": party["party_id"]})
    assert (status, refused["err_code"]) == (404, "EOS_NotFound")
    status, joined = call("POST", f"/lobbies/{lobby_id}/members", "lead", {"party_id": party["party_id"]})
    assert (status, sorted(members(details(joined))), joined["version"]) == (200, ["alice", "lead", "m1"], 2)


def test_invites_send_list_show_accept_and_reject(call: Call) -> None:
    secret = [{"key": "pw", "value": 1, "visibility": "Private"}]
    lobby_id = create(call, permission_level="InviteOnly", attributes=secret)["lobby_id"]
    status, sent = call("POST", f"/lobbies/{lobby_id}/invites", "alice", {"target_user_id": "bob"})
    assert status == 200 and set(sent) == {"invite_id"}
    status, listed = call("GET", "/me/lobby-invites", "bob")
    assert status == 200 and set(listed) == {"invites"}
    (invite,) = listed["invites"]
    assert set(invite) == INVITE
    assert (invite["invite_id"], invite["lobby_id"], invite["from_user_id"]) == (sent["invite_id"], lobby_id, "alice")
    assert details(invite["lobby"])["attributes"] == []  # the public side
    assert invite["expires_at"].endswith("Z")
    status, one = call("GET", f"/me/lobby-invites/{sent['invite_id']}", "bob")
    assert (status, one) == (200, invite)
    status, joined = call("POST", f"/me/lobby-invites/{sent['invite_id']}/accept", "bob")
    assert (status, members(details(joined))) == (200, ["alice", "bob"])
    assert call("GET", "/me/lobby-invites", "bob") == (200, {"invites": []})

    _, again = call("POST", f"/lobbies/{lobby_id}/invites", "bob", {"target_user_id": "carol"})
    assert call("DELETE", f"/me/lobby-invites/{again['invite_id']}", "carol") == (204, None)
    status, error = call("POST", f"/me/lobby-invites/{again['invite_id']}/accept", "carol")
    assert (status, error["err_code"]) == (404, "EOS_NotFound")


def test_search_answers_a_list_of_lobby_details(call: Call) -> None:
    for level in (1, 5, 10):
        create(call, f"owner{level}", attributes=[{"key": "level", "value": level}])
    query = {"bucket_id": "eu", "parameters": [{"key": "level", "op": "DISTANCE", "value": 6}], "max_results": 2}
    status, found = call("POST", "/lobbies/search", "bob", query)
    assert status == 200 and set(found) == {"lobbies"}
    assert [details(lobby)["owner_id"] for lobby in found["lobbies"]] == ["owner5", "owner10"]
    by_user = call("POST", "/lobbies/search", "bob", {"target_user_id": "owner1"})
    assert [lobby["owner_id"] for lobby in by_user[1]["lobbies"]] == ["owner1"]
    lobby_id = found["lobbies"][0]["lobby_id"]
    assert call("POST", "/lobbies/search", "bob", {"lobby_id": lobby_id})[1]["lobbies"] == [found["lobbies"][0]]


@pytest.mark.parametrize(
    ("method", "suffix", "body", "status", "err_code"),
    [
        ("PATCH", "", {"max_members": 8}, 403, "EOS_Lobby_NotOwner"),
        ("DELETE", "", None, 403, "EOS_Lobby_NotOwner"),
        ("DELETE", "/members/alice", None, 403, "EOS_Lobby_NotOwner"),
        ("PUT", "/owner", {"target_user_id": "bob"}, 403, "EOS_Lobby_NotOwner"),
        ("POST", "/members", None, 409, "EOS_Lobby_TooManyPlayers"),
    ],
)
def test_domain_refusals_carry_the_eos_err_code_and_status(
    call: Call, method: str, suffix: str, body: Any, status: int, err_code: str
) -> None:
    lobby = create(call, max_members=2)
    path = f"/lobbies/{lobby['lobby_id']}"
    call("POST", f"{path}/members", "bob")
    answer = call(method, path + suffix, "carol" if method == "POST" else "bob", body)
    assert (answer[0], answer[1]["err_code"]) == (status, err_code)
    assert call("GET", path, "alice")[1]["version"] == 2


def test_forbidden_joins_and_invites_are_no_permission(call: Call) -> None:
    friends_only = create(call, permission_level="JoinViaPresence", allow_invites=False)["lobby_id"]
    for method, suffix, body in (("POST", "/members", None), ("POST", "/invites", {"target_user_id": "dave"})):
        status, error = call(method, f"/lobbies/{friends_only}{suffix}", "bob", body)
        assert (status, error["err_code"]) == (403, "EOS_Lobby_NoPermission")
    status, error = call("POST", f"/lobbies/{friends_only}/invites", "alice", {"target_user_id": "dave"})
    assert (status, error["err_code"]) == (403, "EOS_Lobby_NoPermission")


def test_the_17th_lobby_is_limit_exceeded(call: Call) -> None:
    for _ in range(16):
        create(call, bucket_id="mine")
    status, error = call("POST", "/lobbies", "alice", NEW)
    assert (status, error["err_code"]) == (409, "EOS_LimitExceeded")
    assert call("POST", "/lobbies/search", "bob", {"bucket_id": "eu"}) == (200, {"lobbies": []})
