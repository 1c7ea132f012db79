"""Limits every aggregate shares, and the one definition of a player id."""

from __future__ import annotations

import re

PLAYER_ID_MAX_CHARS = 128
PLAYER_ID_PATTERN = r"^[A-Za-z0-9._:@|+=~-]+$"
"""Letters, digits and `. _ : @ | + = ~ -`: what OpenID Connect issuers put in `sub` (UUIDs, `auth0|…`,
e-mail addresses, numeric ids), and nothing that could pass for a path, a key separator or whitespace."""

AGGREGATE_ID_MAX_CHARS = 64
AGGREGATE_ID_PATTERN = r"^[A-Za-z0-9-]+$"
"""Party (and lobby) ids are UUIDs this service makes; anything else in their place names nothing."""

RESERVED_PLAYER_IDS = frozenset({"me"})
"""In a path, `me` means the caller (`/lobbies/{id}/members/me`), so no player may be called that."""

_PLAYER_ID = re.compile(PLAYER_ID_PATTERN)


def is_player_id(value: object) -> bool:
    """What a token subject must be (checked on HTTP and on the WebSocket's $connect)."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= PLAYER_ID_MAX_CHARS
        and bool(_PLAYER_ID.fullmatch(value))
        and value not in RESERVED_PLAYER_IDS
    )


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8"))
