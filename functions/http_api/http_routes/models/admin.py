"""Admin (portal) answers: party history, as the contract's Portal section shapes it."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel

from partylobby.clock import iso
from partylobby.domain.errors import InvalidParams
from partylobby.domain.party.history import History, Summary
from partylobby.services.party_history import HistoryPage

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


class PartySummary(BaseModel):
    party_id: str
    party_name: str
    max_player: int
    leader_id: str
    created_at: str
    dismissed_at: str | None


class PartyHistoryPage(BaseModel):
    parties: list[PartySummary]
    cursor: str | None  # opaque: pass it back for the next (older) page


class MemberStint(BaseModel):
    player_id: str
    joined_at: str
    left_at: str | None
    reason: str | None  # left, kicked, offline or dismissed; null while still in the party


class LeaderChange(BaseModel):
    old_leader_id: str
    new_leader_id: str
    at: str


class PartyHistory(PartySummary):
    members: list[MemberStint]  # in joining order; a player who rejoined has one entry per stay
    leader_changes: list[LeaderChange]


def as_utc(moment: datetime | None, default: datetime) -> datetime:
    """A query's time in UTC: none is the default; one without a zone is UTC."""
    if moment is None:
        return default
    try:
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except OverflowError as error:  # e.g. 9999-12-31T23:59:59-05:00 is past the last UTC instant
        raise InvalidParams("from/to: out of the calendar's range in UTC") from error


def history_page(page: HistoryPage, cursor: str | None) -> PartyHistoryPage:
    return PartyHistoryPage(parties=[_summary(s) for s in page.parties], cursor=cursor)


def party_history(history: History) -> PartyHistory:
    return PartyHistory(
        **_summary(history.summary()).model_dump(),
        members=[
            MemberStint(
                player_id=m.player_id,
                joined_at=iso(m.joined_at),
                left_at=iso(m.left_at) if m.left_at else None,
                reason=m.reason,
            )
            for m in history.members
        ],
        leader_changes=[
            LeaderChange(old_leader_id=c.old_leader_id, new_leader_id=c.new_leader_id, at=iso(c.at))
            for c in history.leader_changes
        ],
    )


def _summary(summary: Summary) -> PartySummary:
    return PartySummary(
        party_id=summary.party_id,
        party_name=summary.party_name,
        max_player=summary.max_player,
        leader_id=summary.leader_id,
        created_at=iso(summary.created_at),
        dismissed_at=iso(summary.dismissed_at) if summary.dismissed_at else None,
    )
