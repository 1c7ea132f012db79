"""Local tokens: the HS256 issuer behind `POST /dev/token`, and the verifier that stands in for the JWT authorizer."""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass, field

import jwt

from partylobby.auth import ADMIN_GROUPS_CLAIM, TokenVerifier

ISSUER = "party-lobby-local"
AUDIENCE = "party-lobby"
LIFETIME_SECONDS = 24 * 3600
SECRET_ENV = "LOCAL_JWT_SECRET"


def local_secret() -> str:
    """`LOCAL_JWT_SECRET` keeps tokens valid across restarts; otherwise a fresh secret per process."""
    return os.environ.get(SECRET_ENV) or secrets.token_urlsafe(32)


@dataclass(frozen=True)
class DevTokens:
    secret: str = field(default_factory=local_secret, repr=False)
    lifetime_seconds: int = LIFETIME_SECONDS
    admin_claim: str = ADMIN_GROUPS_CLAIM  # what the template's AdminClaim and AdminClaimValue say
    admin_value: str = "admin"

    def issue(self, player_id: str, *, admin: bool = False, now: float | None = None) -> str:
        issued_at = int(time.time() if now is None else now)
        claims: dict[str, object] = {
            "sub": player_id,
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": issued_at,
            "exp": issued_at + self.lifetime_seconds,
        }
        if admin:
            claims[self.admin_claim] = [self.admin_value]
        return jwt.encode(claims, self.secret, algorithm="HS256")

    def verifier(self) -> TokenVerifier:
        return TokenVerifier(ISSUER, AUDIENCE, secret=self.secret)
