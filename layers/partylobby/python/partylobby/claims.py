"""Reading a verified token's claims, and the refusals of a caller without the token a route needs.
No JWT library here: the HTTP functions import this at INIT."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from partylobby.domain.errors import Category, DomainError, Forbidden


class Unauthorized(DomainError):
    """No valid bearer token (or one whose subject is no player id)."""

    category = Category.UNAUTHORIZED
    err_code = "kBackendUnauthorized"


class AdminRequired(Forbidden):
    """An admin route called with a token that does not carry the admin claim."""

    err_code = "kBackendAdminRequired"


def claim_values(claims: Mapping[str, Any], name: str) -> frozenset[str]:
    """A list claim, as a token carries it (`["a", "b"]`) or as API Gateway passes it on (`"[a b]"`)."""
    value = claims.get(name)
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset(value.strip("[]").split())  # API Gateway separates the items with spaces
    if isinstance(value, Iterable):
        return frozenset(str(item) for item in value)
    return frozenset({str(value)})
