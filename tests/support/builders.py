"""Builders for the unit tier: parties at a fixed time, made by the domain's own commands."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from partylobby.domain.party.model import InviteStrategy, JoinerRelations, JoinStrategy, NewParty, Party
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
    settings = NewParty(party_name=party_name, max_player=max_player, enable_chatting=enable_chatting)
    built = create_party(party_id=PARTY_ID, creator=leader, settings=settings, now=T0).party
    for second, member in enumerate(members, start=1):
        built = join(built, member, JoinerRelations(), at(second)).party
    return replace(built, join_strategy=join_strategy, invite_strategy=invite_strategy)

