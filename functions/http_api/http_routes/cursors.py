"""The portal's page cursors: opaque to clients, they hold an index position and the query they belong to."""

from __future__ import annotations

import base64
import binascii
import json

from partylobby.domain.errors import InvalidParams


def cursor_of(position: str, player_id: str | None) -> str:
    text = json.dumps({"below": position, "player_id": player_id}, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def position_of(cursor: str, player_id: str | None) -> str:
    """The index position a cursor holds; it must come from the same kind of query (by player or not)."""
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        below, owner = decoded["below"], decoded["player_id"]
    except (ValueError, binascii.Error, KeyError, TypeError) as error:
        raise InvalidParams("cursor: not one this API gave") from error
    if owner != player_id or not isinstance(below, str):
        raise InvalidParams("cursor: it belongs to another query")
    return below
