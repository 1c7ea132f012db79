"""A hostile client over real sockets: every probe answers a 4xx in the contract's shape, nothing changes."""

from __future__ import annotations

import time
from collections.abc import Callable

import jwt
import pytest
import requests

from local_gateway.tokens import AUDIENCE, ISSUER, DevTokens
from tests.e2e.conftest import Player, Stack, refusal
from tests.e2e.test_connections import handshake_status, members_online
from tests.support.raw_websocket import closed_by_the_server, never_reading

pytestmark = pytest.mark.e2e
NewPlayer = Callable[[str], Player]


def raw_call(player: Player, method: str, path: str, body: bytes) -> requests.Response:
    headers = {"Authorization": f"Bearer {player.token}", "Content-Type": "application/json"}
    return player.http.request(method, player.url + path, data=body, headers=headers, timeout=10)


def raw_post(player: Player, path: str, body: bytes) -> requests.Response:
    return raw_call(player, "POST", path, body)


def test_a_deeply_nested_or_non_utf8_body_is_400_and_creates_nothing(new_player: NewPlayer) -> None:
    alice = new_player("alice")
    for body in (b"[" * 5000 + b"]" * 5000, b'{"party_name":"\xff"}'):
        assert refusal(raw_post(alice, "/parties", body)) == (400, "kBackendInvalidParams")
    assert refusal(alice.get("/me/party")) == (404, "kBackendPartyNotFound")


def test_a_player_id_past_the_key_limit_in_a_path_is_400(new_player: NewPlayer) -> None:
    alice = new_player("alice")
    assert refusal(alice.put("/me/friends/" + "x" * 1020)) == (400, "kBackendInvalidParams")
    assert refusal(alice.put("/me/blocks/" + "x" * 3000)) == (400, "kBackendInvalidParams")
    assert alice.get("/me/blocks").json() == {"blocked": []}


def test_a_signed_token_whose_subject_is_no_player_id_is_refused_on_http_and_websocket(stack: Stack) -> None:
    for subject in ("s" * 5000, ""):
        token = DevTokens(secret=stack.secret).issue(subject)
        response = requests.post(f"{stack.url}/parties", headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert refusal(response) == (401, "kBackendUnauthorized")
        assert handshake_status(f"{stack.ws_url}/?token={token}") == 401


def test_create_party_with_no_body_is_a_create_with_every_default(new_player: NewPlayer) -> None:
    alice = new_player("alice")
    response = alice.post("/parties")
    assert response.status_code == 201
    assert response.json()["max_player"] == 4


def test_sockets_that_never_read_delay_no_one_and_are_closed(stack: Stack, new_player: NewPlayer) -> None:
    """A member whose three sockets never read gets large pushes: every command still answers, so does another
    player, and the slow sockets end up closed (their outbox overflows) while the rest goes on."""
    members = [new_player(f"member{n}") for n in range(10)]
    slow, bystander = new_player("slow"), new_player("bystander")
    leader = members[0]
    party_id = leader.create_party(max_player=16)["party_id"]
    for member in (*members[1:], slow):
        assert member.post(f"/parties/{party_id}/members").status_code == 200
    for member in members:
        assert member.put(f"/parties/{party_id}/custom-data/players/me", {"data": "m" * 4000}).status_code == 200
    stuck = [never_reading(stack.ws_url, f"/?token={slow.token}") for _ in range(3)]
    try:
        # Each push carries every member's data (about 45 KB): far more than the slow sockets' buffers hold.
        for n in range(12):
            assert (
                leader.put(f"/parties/{party_id}/custom-data/global", {"data": str(n % 10) * 4000}).status_code == 200
            )
        answer = bystander.http.get(
            f"{stack.url}/me/party", headers={"Authorization": f"Bearer {bystander.token}"}, timeout=60
        )
        assert refusal(answer) == (404, "kBackendPartyNotFound")
        assert members_online(leader, party_id)[slow.id] is True  # the slow sockets were still open

        for n in range(60):  # until every slow socket's outbox overflowed
            pusher = members[n % len(members)]
            assert (
                pusher.put(f"/parties/{party_id}/custom-data/players/me", {"data": str(n % 10) * 4000}).status_code
                == 200
            )
            if not members_online(leader, party_id)[slow.id]:
                break
        assert members_online(leader, party_id)[slow.id] is False
        assert all(closed_by_the_server(raw) for raw in stuck)
    finally:
        for raw in stuck:
            raw.close()


NEW_LOBBY = {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "hostile"}


def test_an_encoded_slash_in_an_id_reaches_no_other_route_and_changes_nothing(new_player: NewPlayer) -> None:
    alice = new_player("alice")
    party = alice.create_party(enable_chatting=True)
    assert alice.post(f"/parties/{party['party_id']}/chat", {"type": "text", "content": "hi"}).status_code == 200
    lobby = alice.post("/lobbies", NEW_LOBBY).json()
    lobby_path = f"/lobbies/{lobby['lobby_id']}"

    member_attributes = alice.call(
        "PATCH", f"{lobby_path}%2Fmembers%2Fme", {"set_attributes": [{"key": "k", "value": 1}]}
    )
    leave = alice.delete(f"{lobby_path}%2Fmembers%2Fme")
    chat = alice.get(f"/parties/{party['party_id']}%2Fchat")

    assert refusal(member_attributes) == refusal(leave) == (400, "EOS_InvalidParameters")
    assert refusal(chat) == (400, "kBackendInvalidParams")
    assert alice.get(lobby_path).json() == lobby
    assert alice.get("/me/party").json() == party


def test_a_lone_surrogate_or_a_body_that_is_no_object_is_400_and_changes_nothing(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    lobby = alice.post("/lobbies", NEW_LOBBY).json()
    lobby_path = f"/lobbies/{lobby['lobby_id']}"
    surrogate = rb'{"set_attributes": [{"key": "k", "value": "x\udfff"}]}'

    assert refusal(raw_call(alice, "PATCH", lobby_path, surrogate)) == (400, "EOS_InvalidParameters")
    assert refusal(raw_call(bob, "POST", f"{lobby_path}/members", b"[{}]")) == (400, "EOS_InvalidParameters")
    created = raw_call(bob, "POST", "/parties", b'[{"party_name": "x", "max_player": 7}]')
    assert refusal(created) == (400, "kBackendInvalidParams")
    assert alice.get(lobby_path).json() == lobby
    assert refusal(bob.get("/me/party")) == (404, "kBackendPartyNotFound")


@pytest.mark.parametrize(
    "claims",
    [{"exp": "4102444800"}, {"exp": True}, {"nbf": "0"}, {"iat": True}],
    ids=["exp-numeric-string", "exp-bool", "nbf-string", "iat-bool"],
)
def test_a_token_whose_time_claims_are_no_json_numbers_is_refused_on_http_and_websocket(
    stack: Stack, claims: dict[str, object]
) -> None:
    now = int(time.time())
    token = jwt.encode(
        {"sub": "mallory", "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 600, **claims},
        stack.secret,
        algorithm="HS256",
    )
    response = requests.get(f"{stack.url}/me/party", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert refusal(response) == (401, "kBackendUnauthorized")
    assert handshake_status(f"{stack.ws_url}/?token={token}") == 401
