"""The portal's queries over party history: newest first, overall or for one player, in pages."""

from __future__ import annotations

from dataclasses import dataclass

from partylobby.domain.party.errors import PartyNotFound
from partylobby.domain.party.history import History, Summary, Window
from partylobby.store.history_index import HistoryIndex
from partylobby.store.party_history import PartyHistoryStore

MAX_PAGE = 100  # the largest page a query reads


@dataclass(frozen=True)
class HistoryPage:
    parties: list[Summary]
    position: str | None  # where the next page starts, in the index; None on the last page


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
        self, window: Window, limit: int, below: str | None = None, player_id: str | None = None
    ) -> HistoryPage:
        """A page of at most `limit` (1..MAX_PAGE) parties, newest first, from `below` (a page's `position`) on;
        the edge checks the query's bounds."""
        if player_id is None:
            parties, position = self.index.newest(window, limit, below)
        else:
            parties, position = self.index.of_player(player_id, window, limit, below)
        return HistoryPage(parties, position)
