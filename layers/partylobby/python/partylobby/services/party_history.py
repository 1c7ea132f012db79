"""The portal's queries over party history: newest first, overall or for one player, in pages."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from partylobby.domain.errors import InvalidParams
from partylobby.domain.party.errors import PartyNotFound
from partylobby.domain.party.history import History, Summary, Window
from partylobby.store.history_index import HistoryIndex
from partylobby.store.party_history import PartyHistoryStore

MAX_PAGE = 100


@dataclass(frozen=True)
class HistoryPage:
    parties: list[Summary]
    cursor: str | None  # opaque; None on the last page


class PartyHistoryService:
    def __init__(self, histories: PartyHistoryStore, index: HistoryIndex) -> None:
        self.histories = histories
        self.index = index

    def get(self, party_id: str) -> History:
        history = self.histories.history(party_id)
        if history is None:
            raise PartyNotFound(f"no party {party_id} has ever existed")
        return history

    def parties(
        self, window: Window, limit: int, cursor: str | None = None, player_id: str | None = None
    ) -> HistoryPage:
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidParams(f"limit: between 1 and {MAX_PAGE}")
        if window.start > window.end:
            raise InvalidParams("from: after to")
        below = _position(cursor, player_id) if cursor else None
        if player_id is None:
            parties, position = self.index.newest(window, limit, below)
        else:
            parties, position = self.index.of_player(player_id, window, limit, below)
        return HistoryPage(parties, _cursor(position, player_id) if position else None)


def _cursor(position: str, player_id: str | None) -> str:
    text = json.dumps({"below": position, "player_id": player_id}, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _position(cursor: str, player_id: str | None) -> str:
    """The index position a cursor holds; it must come from the same kind of query (by player or not)."""
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        below, owner = decoded["below"], decoded["player_id"]
    except (ValueError, binascii.Error, KeyError, TypeError) as error:
        raise InvalidParams("cursor: not one this API gave") from error
    if owner != player_id or not isinstance(below, str):
        raise InvalidParams("cursor: it belongs to another query")
    return below
