"""Token verification (partylobby.auth) with local HS256 tokens and with an issuer's JWKS (RS256)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from local_gateway.tokens import AUDIENCE, ISSUER, DevTokens
from partylobby.auth import TokenVerifier, bearer_token
from partylobby.claims import Unauthorized, claim_values

SECRET = "s" * 32


def claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    # Parametrized tokens are built at collection, maybe minutes before their test runs.
    return {"sub": "alice", "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 3600, **changes}


def local_verifier() -> TokenVerifier:
    return TokenVerifier(ISSUER, AUDIENCE, secret=SECRET)


def test_dev_token_verifies_with_sub_and_admin_group() -> None:
    tokens = DevTokens(secret=SECRET)
    verified = local_verifier().verify(tokens.issue("alice", admin=True))
    assert verified["sub"] == "alice"
    assert claim_values(verified, "cognito:groups") == {"admin"}
    assert "cognito:groups" not in local_verifier().verify(tokens.issue("bob"))


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        (jwt.encode(claims(exp=int(time.time()) - 5), SECRET, algorithm="HS256"), "expired"),
        (jwt.encode(claims(), "x" * 32, algorithm="HS256"), "invalid"),
        (jwt.encode(claims(aud="someone-else"), SECRET, algorithm="HS256"), "audience"),
        (jwt.encode(claims(iss="https://elsewhere"), SECRET, algorithm="HS256"), "invalid"),
        (jwt.encode({k: v for k, v in claims().items() if k != "sub"}, SECRET, algorithm="HS256"), "invalid"),
        (jwt.encode(claims(), SECRET * 2, algorithm="HS512"), "invalid"),
        ("not-a-jwt", "invalid"),
    ],
    ids=["expired", "wrong-key", "wrong-audience", "wrong-issuer", "no-sub", "other-alg", "garbage"],
)
def test_bad_tokens_are_refused_without_echoing_them(token: str, reason: str) -> None:
    with pytest.raises(Unauthorized) as refusal:
        local_verifier().verify(token)
    assert reason in refusal.value.msg
    assert token not in refusal.value.msg


FUTURE = 4102444800  # 2100-01-01


@pytest.mark.parametrize("claim", ["exp", "nbf", "iat"])
@pytest.mark.parametrize("value", [str(FUTURE), "1", True, False, None, [FUTURE], {"t": FUTURE}], ids=repr)
def test_a_time_claim_that_is_no_json_number_is_refused(claim: str, value: object) -> None:
    """RFC 7519's NumericDate is a JSON number; PyJWT alone takes anything int() takes."""
    token = jwt.encode(claims(**{claim: value}), SECRET, algorithm="HS256")
    with pytest.raises(Unauthorized):
        local_verifier().verify(token)


@pytest.mark.parametrize("value", [FUTURE, FUTURE + 0.5, 10**400], ids=["int", "float", "400-digits"])
def test_a_time_claim_may_be_any_json_number(value: float) -> None:
    assert local_verifier().verify(jwt.encode(claims(exp=value), SECRET, algorithm="HS256"))["exp"] == value


@pytest.mark.parametrize("aud", [5, 1.5, True, None, [[AUDIENCE]], [AUDIENCE, 5], {AUDIENCE: 1}], ids=repr)
def test_an_audience_that_is_neither_a_string_nor_an_array_of_strings_is_refused(aud: object) -> None:
    with pytest.raises(Unauthorized):
        local_verifier().verify(jwt.encode(claims(aud=aud), SECRET, algorithm="HS256"))


def test_client_id_stands_in_for_a_missing_audience_like_cognito_access_tokens() -> None:
    token_claims = {k: v for k, v in claims(client_id=AUDIENCE).items() if k != "aud"}
    assert local_verifier().verify(jwt.encode(token_claims, SECRET, algorithm="HS256"))["sub"] == "alice"


def test_bearer_prefix_is_optional_and_a_missing_header_is_refused() -> None:
    assert bearer_token("Bearer abc") == "abc"
    assert bearer_token("bearer  abc ") == "abc"
    assert bearer_token("abc") == "abc"
    for missing in (None, "", "Bearer ", "Bearer"):
        with pytest.raises(Unauthorized):
            bearer_token(missing)


def test_list_claims_read_the_same_from_a_token_or_from_api_gateway() -> None:
    assert claim_values({"g": ["a", "b"]}, "g") == {"a", "b"}
    assert claim_values({"g": "[a b]"}, "g") == {"a", "b"}
    assert claim_values({"g": "[ops,admin]"}, "g") == {"ops,admin"}  # one group whose name has a comma
    assert claim_values({}, "g") == frozenset()


@pytest.fixture
def jwks_issuer() -> Iterator[tuple[str, Any]]:
    """An OpenID issuer on loopback serving its JWKS, as Cognito does at /.well-known/jwks.json."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = {**json.loads(RSAAlgorithm.to_jwk(key.public_key())), "kid": "k1", "alg": "RS256", "use": "sig"}
    body = json.dumps({"keys": [jwk]}).encode()

    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == "/.well-known/jwks.json" else 404)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Jwks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", key
    server.shutdown()
    server.server_close()


def test_rs256_token_verifies_against_the_issuers_jwks(jwks_issuer: tuple[str, Any]) -> None:
    issuer, key = jwks_issuer
    verifier = TokenVerifier(issuer, [AUDIENCE, "other-client"])
    token = jwt.encode(claims(iss=issuer), key, algorithm="RS256", headers={"kid": "k1"})
    assert verifier.verify(token)["sub"] == "alice"
    with pytest.raises(Unauthorized):
        verifier.verify(jwt.encode(claims(iss=issuer), SECRET, algorithm="HS256", headers={"kid": "k1"}))
