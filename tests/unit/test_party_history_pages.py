"""Paging the portal's queries, without a database: a page says where the next starts; the HTTP cursor
carries that position and the query it belongs to."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

import pytest

from http_routes.cursors import cursor_of, position_of
from partylobby.domain.errors import InvalidParams
from partylobby.domain.party.history import Summary, Window
from partylobby.services.party_history import PartyHistoryService
from partylobby.store.history_index import HistoryIndex, Page

EVER = Window(datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
PARTY = Summary("p1", "squad", 4, "alice", datetime(2026, 1, 1, tzinfo=UTC))


class StubIndex:
    """Answers one party and a next position; remembers where each page started."""

    def __init__(self) -> None:
        self.started_below: list[tuple[str | None, str | None]] = []

    def newest(self, window: Window, limit: int, below: str | None = None) -> Page:
        self.started_below.append((None, below))
        return [PARTY], "2026-01-01T00:00:00.000Z#p1"

    def of_player(self, player_id: str, window: Window, limit: int, below: str | None = None) -> Page:
        self.started_below.append((player_id, below))
        return [PARTY], None


@pytest.fixture
def index() -> StubIndex:
    return StubIndex()


@pytest.fixture
def history(index: StubIndex) -> PartyHistoryService:
    return PartyHistoryService(cast(Any, None), cast(HistoryIndex, index))


def test_the_next_page_starts_below_where_the_last_ended(history: PartyHistoryService, index: StubIndex) -> None:
    first = history.parties(EVER, 1)
    assert first.position
    history.parties(EVER, 1, first.position)
    assert index.started_below == [(None, None), (None, "2026-01-01T00:00:00.000Z#p1")]


def test_the_last_page_has_no_position(history: PartyHistoryService) -> None:
    assert history.parties(EVER, 1, player_id="alice").position is None


def test_a_cursor_is_opaque_and_holds_the_position() -> None:
    cursor = cursor_of("2026-01-01T00:00:00.000Z#p1", None)
    assert "2026" not in cursor  # opaque to clients
    assert position_of(cursor, None) == "2026-01-01T00:00:00.000Z#p1"


def test_a_cursor_only_serves_the_query_that_gave_it() -> None:
    cursor = cursor_of("2026-01-01T00:00:00.000Z#p1", None)
    with pytest.raises(InvalidParams):
        position_of(cursor, "alice")


@pytest.mark.parametrize("cursor", ["x", "eyJiZWxvdyI6IDF9", "eyJwbGF5ZXJfaWQiOm51bGx9", "W10"])
def test_a_cursor_that_is_not_ours_is_invalid_params(cursor: str) -> None:
    with pytest.raises(InvalidParams):
        position_of(cursor, None)
