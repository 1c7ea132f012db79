"""Builders for the unit tier: parties at a fixed time, made by the domain's own commands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from partylobby.domain.membership import Entrant
from partylobby.domain.party.history import History, record
from partylobby.domain.party.model import Change, InviteStrategy, JoinStrategy, NewParty, Party
from partylobby.domain.party.rules import create_party, join

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
PARTY_ID = "party-1"


def at(seconds: float) -> datetime:
    """A moment `seconds` after T0."""
    return T0 + timedelta(seconds=seconds)


def party(
    leader: str = "leader",
    *members: str,
    max_player: int = 0,
    join_strategy: JoinStrategy = JoinStrategy.PUBLIC,
    invite_strategy: InviteStrategy = InviteStrategy.ALL_MEMBERS_CAN_INVITE,
    party_name: str = "Friday raid",
    enable_chatting: bool = False,
) -> Party:
    """`leader` creates the party at T0; `members` join one second apart, in order.

    The strategies are set last, so a restrictive one does not stop the builder's own joins;
    they do not count as a change (version = 1 + number of members).
    """
    changes = _built(leader, members, NewParty(party_name, max_player, enable_chatting))
    return replace(changes[-1].party, join_strategy=join_strategy, invite_strategy=invite_strategy)


def history(leader: str = "leader", *members: str, then: Sequence[Change] = (), **settings: Any) -> History:
    """The history record of `party(leader, *members, **settings)`, after the changes `then`."""
    built = _built(leader, members, NewParty(**settings))
    return record(PARTY_ID, [fact for change in (*built, *then) for fact in change.history])


def _built(leader: str, members: Sequence[str], settings: NewParty) -> list[Change]:
    changes = [create_party(party_id=PARTY_ID, creator=Entrant(leader), settings=settings, now=T0)]
    for second, member in enumerate(members, start=1):
        changes.append(join(changes[-1].party, Entrant(member), at(second)))
    return changes
