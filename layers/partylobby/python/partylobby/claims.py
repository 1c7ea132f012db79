"""Reading a verified token's claims. No JWT library here: the HTTP functions import this at INIT."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


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
