"""What the gateway answers before and around the handlers: tokens, validation, unknown routes, OpenAPI."""

from __future__ import annotations

import time
from collections.abc import Callable

import jwt
import pytest
import requests

from local_gateway.template import http_routes
from local_gateway.tokens import AUDIENCE, ISSUER
from tests.e2e.conftest import Player, Stack, refusal

pytestmark = pytest.mark.e2e
NewPlayer = Callable[[str], Player]


def signed(secret: str, **changes: object) -> str:
    now = int(time.time())
    claims = {"sub": "mallory", "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 600, **changes}
    return jwt.encode(claims, secret, algorithm="HS256")


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer not-a-jwt", "forged", "expired", "other-audience"],
)
def test_missing_or_bad_token_is_401_unauthorized(stack: Stack, authorization: str | None) -> None:
    tokens = {
        "forged": f"Bearer {signed('x' * 43)}",
        "expired": f"Bearer {signed(stack.secret, exp=int(time.time()) - 1)}",
        "other-audience": f"Bearer {signed(stack.secret, aud='another-game')}",
    }
    header = tokens.get(authorization or "", authorization)
    response = requests.get(f"{stack.url}/me/party", headers={"Authorization": header} if header else {}, timeout=10)
    assert refusal(response) == (401, "kBackendUnauthorized")


def test_identity_comes_from_the_token_never_from_the_request(stack: Stack, new_player: NewPlayer) -> None:
    alice = new_player("alice")
    party_id = alice.create_party()["party_id"]
    mallory = Player(stack.url, "mallory", stack.token("mallory"))

    response = mallory.put(f"/parties/{party_id}/leader", {"new_leader_id": "mallory"})

    assert refusal(response) == (403, "kBackendNotPartyMember")


def test_unknown_route_is_404_in_the_contracts_error_shape(stack: Stack, new_player: NewPlayer) -> None:
    alice = new_player("alice")
    for method, path in (("GET", "/nowhere"), ("PATCH", "/parties/p1"), ("GET", "/parties/")):
        response = alice.call(method, path)
        assert refusal(response) == (404, "kBackendNotFound")
    assert refusal(alice.call("GET", "/lobbies/nowhere/else")) == (404, "EOS_NotFound")


def test_invalid_body_is_400_and_changes_nothing(new_player: NewPlayer) -> None:
    alice = new_player("alice")
    for bad in ({"max_player": 65}, {"party_name": "n" * 65}, {"join_strategy": "Everyone"}, {"colour": "red"}):
        assert refusal(alice.post("/parties", bad)) == (400, "kBackendInvalidParams")
    assert refusal(alice.get("/me/party")) == (404, "kBackendPartyNotFound")

    party = alice.create_party()
    strategy = alice.put(f"/parties/{party['party_id']}/strategy", {"join_strategy": 3})
    assert refusal(strategy) == (400, "kBackendInvalidParams")
    assert alice.get("/me/party").json()["version"] == party["version"]


def test_a_refused_request_changes_nothing(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    party_id = alice.create_party(max_player=2)["party_id"]
    bob.post(f"/parties/{party_id}/members")
    before = alice.get(f"/parties/{party_id}").json()

    assert refusal(new_player("carol").post(f"/parties/{party_id}/members")) == (409, "kBackendPartyFull")
    assert refusal(bob.put(f"/parties/{party_id}/strategy", {"join_strategy": "NotAllowed"}))[0] == 403
    assert refusal(alice.put(f"/parties/{party_id}/leader", {"new_leader_id": "nobody"}))[0] == 403

    assert alice.get(f"/parties/{party_id}").json() == before


def test_dev_token_refuses_a_bad_player_id_and_marks_admins(stack: Stack) -> None:
    for body in ({}, {"player_id": ""}, {"player_id": "p" * 129}, {"player_id": 42}):
        response = requests.post(f"{stack.url}/dev/token", json=body, timeout=10)
        assert refusal(response) == (400, "kBackendInvalidParams")
    claims = jwt.decode(stack.token("root", admin=True), stack.secret, ["HS256"], audience=AUDIENCE)
    assert (claims["sub"], claims["iss"], claims["cognito:groups"]) == ("root", ISSUER, ["admin"])


def test_openapi_document_lists_every_template_route(stack: Stack) -> None:
    response = requests.get(f"{stack.url}/openapi.json", timeout=30)
    assert response.status_code == 200
    document = response.json()
    documented = {(method.upper(), path) for path, ops in document["paths"].items() for method in ops}
    assert {(r.method, r.path) for r in http_routes() if not r.is_default} <= documented
    assert document["components"]["securitySchemes"]["playerJwt"]["scheme"] == "bearer"
