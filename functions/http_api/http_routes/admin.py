"""Admin routes over party history (the portal's API): an admin token only, never a Scan."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from http_routes.cursors import cursor_of, position_of
from http_routes.deps import Admin, Services
from http_routes.models.admin import (
    EARLIEST,
    LATEST,
    PartyHistory,
    PartyHistoryPage,
    as_utc,
    history_page,
    party_history,
)
from http_routes.models.common import AggregateIdPath
from partylobby.domain.errors import InvalidParams
from partylobby.domain.limits import PLAYER_ID_MAX_CHARS, PLAYER_ID_PATTERN
from partylobby.domain.party.history import Window
from partylobby.services.party_history import MAX_PAGE

router = APIGatewayHttpRouter()

PlayerFilter = Annotated[str | None, Query(min_length=1, max_length=PLAYER_ID_MAX_CHARS, pattern=PLAYER_ID_PATTERN)]


@router.get("/admin/parties", summary="ListPartyHistory")
def list_parties(
    admin: Admin,
    services: Services,
    player_id: PlayerFilter = None,
    start: Annotated[datetime | None, Query(alias="from", description="ISO 8601; without a zone, UTC")] = None,
    end: Annotated[datetime | None, Query(alias="to", description="ISO 8601; without a zone, UTC")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
    cursor: Annotated[str | None, Query(min_length=1, max_length=1024)] = None,
) -> PartyHistoryPage:
    """Newest first: every party created in the window or, with `player_id`, the parties that player
    joined in it (by their latest join). Pass `cursor` back for the next page."""
    window = Window(as_utc(start, EARLIEST), as_utc(end, LATEST))
    if window.start > window.end:
        raise InvalidParams("from: after to")
    below = position_of(cursor, player_id) if cursor else None
    page = services.party_history.parties(window, limit, below, player_id)
    return history_page(page, cursor_of(page.position, player_id) if page.position else None)


@router.get("/admin/parties/<party_id>", summary="GetPartyHistory")
def get_party(party_id: AggregateIdPath, admin: Admin, services: Services) -> PartyHistory:
    return party_history(services.party_history.get(party_id))
