"""A hostile client over real sockets: every probe answers a 4xx in the contract's shape, nothing changes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from local_gateway.tokens import DevTokens
from tests.e2e.conftest import Player, Stack, refusal
from tests.e2e.test_connections import handshake_status

pytestmark = pytest.mark.e2e
NewPlayer = Callable[[str], Player]


def raw_post(player: Player, path: str, body: bytes) -> requests.Response:
    headers = {"Authorization": f"Bearer {player.token}", "Content-Type": "application/json"}
    return player.http.post(player.url + path, data=body, headers=headers, timeout=10)


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
