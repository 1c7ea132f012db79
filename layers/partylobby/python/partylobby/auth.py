"""Bearer-token verification, as API Gateway's JWT authorizer does it: issuer, audience, expiry, signature.

Used by the local stack for every HTTP route and by the WebSocket `$connect` authorizer. In AWS the keys
come from the issuer's JWKS (RS256); locally from a shared HS256 secret. Tokens are never logged.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import jwt

from partylobby.claims import Unauthorized

REQUIRED_CLAIMS = ("sub", "iss", "exp")
NUMERIC_DATE_CLAIMS = ("exp", "nbf", "iat")
ADMIN_GROUPS_CLAIM = "cognito:groups"


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization` header; like API Gateway, the `Bearer` prefix is optional."""
    value = (authorization or "").strip()
    scheme, _, rest = value.partition(" ")
    token = rest.strip() if scheme.lower() == "bearer" else value
    if not token:
        raise Unauthorized("a bearer token is required")
    return token


class TokenVerifier:
    """Verifies a JWT and answers its claims, or raises `Unauthorized` (with a reason, never the token)."""

    def __init__(
        self,
        issuer: str,
        audience: str | Iterable[str],
        *,
        secret: str | None = None,
        jwks_url: str | None = None,
        leeway_seconds: float = 0,
    ) -> None:
        if secret and jwks_url:
            raise ValueError("verify with a shared secret or with the issuer's JWKS, not both")
        self.issuer = issuer
        self.audiences = frozenset([audience] if isinstance(audience, str) else audience)
        self.leeway = leeway_seconds
        self._secret = secret
        self._jwks = None if secret else jwt.PyJWKClient(jwks_url or self._default_jwks_url(), cache_keys=True)

    def _default_jwks_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/jwks.json"

    def verify(self, token: str) -> dict[str, Any]:
        try:
            claims = self._decode(token)
        except jwt.ExpiredSignatureError:
            raise Unauthorized("the token has expired") from None
        except jwt.PyJWTError as error:
            raise Unauthorized(f"invalid token: {type(error).__name__}") from None
        _check_numeric_dates(claims)
        self._check_audience(claims)
        return claims

    def _decode(self, token: str) -> dict[str, Any]:
        key: Any = self._secret if self._secret else self._signing_key(token)
        return jwt.decode(
            token,
            key,
            algorithms=["HS256"] if self._secret else ["RS256"],
            issuer=self.issuer,
            leeway=self.leeway,
            # Audience is checked below: API Gateway accepts `client_id` when there is no `aud` (Cognito).
            options={"require": list(REQUIRED_CLAIMS), "verify_aud": False},
        )

    def _signing_key(self, token: str) -> Any:
        assert self._jwks is not None
        return self._jwks.get_signing_key_from_jwt(token).key

    def _check_audience(self, claims: Mapping[str, Any]) -> None:
        aud = claims.get("aud", claims.get("client_id"))
        given = [aud] if isinstance(aud, str) else aud
        if not isinstance(given, list) or not all(isinstance(a, str) for a in given):
            raise Unauthorized("invalid token: aud is neither a string nor an array of strings")  # RFC 7519 4.1.3
        if not set(given) & self.audiences:
            raise Unauthorized("invalid token: audience not accepted")


def _check_numeric_dates(claims: Mapping[str, Any]) -> None:
    """RFC 7519: a NumericDate is a JSON number. PyJWT takes whatever int() takes (`"1767225600"`, `true`)."""
    for name in NUMERIC_DATE_CLAIMS:
        value = claims.get(name)
        if name in claims and (isinstance(value, bool) or not isinstance(value, int | float) or not _finite(value)):
            raise Unauthorized(f"invalid token: {name} is not a NumericDate")


def _finite(value: int | float) -> bool:
    return isinstance(value, int) or math.isfinite(value)  # isfinite() of a 400-digit int overflows
