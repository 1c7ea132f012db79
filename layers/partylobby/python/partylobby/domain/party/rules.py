"""Party commands (PGOS Party). Pure: every command returns a Change or raises a DomainError.

Guards run in a fixed order, documented in docs/design.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from partylobby.domain.errors import InvalidParams
from partylobby.domain.membership import Entrant, entering
from partylobby.domain.party import errors
from partylobby.domain.party.events import (
    CustomDataChanged,
    InvitationReceived,
    LeaderTransferred,
    MemberJoined,
    MemberLeft,
    PartyDismissed,
    PartyEvent,
    StrategyChanged,
)
from partylobby.domain.party.history import DISMISSED, Closed, Entered, Exited, HistoryFact, LeaderChanged, Opened
from partylobby.domain.party.limits import MAX_PLAYER_DEFAULT, MAX_PLAYER_LIMIT
from partylobby.domain.party.model import (
    Change,
    InviteStrategy,
    JoinStrategy,
    LeaveReason,
    Member,
    NewParty,
    Party,
)
from partylobby.domain.party.names import check_party_name


def create_party(
    *,
    party_id: str,
    creator: Entrant,
    settings: NewParty,
    now: datetime,
    languages: tuple[str, ...] = ("english",),
) -> Change:
    """Guards in order: the name, the creator's other party, then max_player."""
    check_party_name(settings.party_name, languages)
    if creator.groups:
        raise errors.PartyDuplicated("you are already in a party")
    if not 0 <= settings.max_player <= MAX_PLAYER_LIMIT:
        raise InvalidParams(f"max_player must be 0 (default {MAX_PLAYER_DEFAULT}) or 1..{MAX_PLAYER_LIMIT}")
    capacity = settings.max_player or MAX_PLAYER_DEFAULT
    party = Party(
        party_id=party_id,
        party_name=settings.party_name,
        leader_id=creator.player_id,
        max_player=capacity,
        enable_chatting=settings.enable_chatting,
        join_strategy=settings.join_strategy,
        invite_strategy=settings.invite_strategy,
        members=(Member(creator.player_id, now, seat=1),),
        global_data="",
        created_at=now,
        version=1,
    )
    history = (Opened(settings.party_name, capacity, creator.player_id, now), Entered(creator.player_id, 1, now))
    return Change(party, history=history, created=True, entered=entering([creator], now))


def _next(party: Party, **changes: Any) -> Party:
    return replace(party, version=party.version + 1, **changes)


def _all_but(party: Party, *excluded: str) -> frozenset[str]:
    return party.member_ids - set(excluded)


def join(party: Party, joiner: Entrant, now: datetime) -> Change:
    """`joiner.friends` and `joiner.blocked` are read among party.friends_that_matter() and the leader."""
    player_id = joiner.player_id
    if joiner.groups or party.is_member(player_id):
        raise errors.PartyDuplicated("you are already in a party")
    if party.join_strategy is JoinStrategy.NOT_ALLOWED:
        raise errors.PartyNotAllowJoin("this party does not allow joining")
    if party.leader_id in joiner.blocked:
        raise errors.NoJoinPermission("you may not join this party")
    if not joiner.invited:
        _check_join_strategy(party, joiner)
    if party.available_slots <= 0:
        raise errors.PartyFull("the party is full")
    seat = party.version + 1
    after = _next(party, members=(*party.members, Member(player_id, now, seat)))
    event = MemberJoined(party.party_id, after.version, _all_but(party), player_id=player_id)
    return Change(after, (event,), (Entered(player_id, seat, now),), entered=entering([joiner], now))


def _check_join_strategy(party: Party, joiner: Entrant) -> None:
    strategy, friends = party.join_strategy, joiner.friends & party.friends_that_matter()
    if strategy is JoinStrategy.ONLY_FRIENDS_OF_LEADER and not friends:
        raise errors.NotFriendOfLeader("only friends of the leader may join")
    if strategy is JoinStrategy.ONLY_FRIENDS_OF_MEMBERS and not friends:
        raise errors.NotFriendOfMembers("only friends of a member may join")
    if strategy is JoinStrategy.ONLY_INVITED:
        raise errors.NoInvitation("only invited players may join")


def leave(party: Party, player_id: str, now: datetime, reason: LeaveReason = LeaveReason.LEFT) -> Change:
    party.require_member(player_id)
    return _remove(party, player_id, now, reason, also_tell=())


def kick(party: Party, actor: str, target: str, now: datetime) -> Change:
    party.require_owner(actor)
    if target == actor:
        raise InvalidParams("the leader cannot kick themselves; leave instead")
    if not party.is_member(target):
        raise errors.NotPartyMember("that player is not a member of this party")
    return _remove(party, target, now, LeaveReason.KICKED, also_tell=(target,))


def _remove(party: Party, player_id: str, now: datetime, reason: LeaveReason, also_tell: tuple[str, ...]) -> Change:
    history: list[HistoryFact] = [Exited(player_id, party.member(player_id).seat, now, reason.value)]
    leader = party.owner_after(player_id)
    if leader is None:
        after = _next(party, members=())
        return Change(after, history=(*history, Closed(now, "empty")), closed=True, released=(player_id,))
    after = _next(party, members=party.without(player_id), leader_id=leader)
    audience = after.member_ids | set(also_tell)
    events: list[PartyEvent] = [
        MemberLeft(party.party_id, after.version, audience, player_id=player_id, reason=reason.value)
    ]
    if leader != party.leader_id:
        events.append(
            LeaderTransferred(
                party.party_id, after.version, after.member_ids, old_leader_id=player_id, new_leader_id=leader
            )
        )
        history.append(LeaderChanged(player_id, leader, now, after.version))
    return Change(after, tuple(events), tuple(history), released=(player_id,))


def transfer_leader(party: Party, actor: str, new_leader: str, now: datetime) -> Change:
    party.require_owner(actor)
    if new_leader == actor:
        raise InvalidParams("you are already the leader")
    if not party.is_member(new_leader):
        raise errors.NotPartyMember("the new leader must be a member of this party")
    after = _next(party, leader_id=new_leader)
    event = LeaderTransferred(
        party.party_id, after.version, after.member_ids, old_leader_id=actor, new_leader_id=new_leader
    )
    return Change(after, (event,), (LeaderChanged(actor, new_leader, now, after.version),))


def dismiss(party: Party, actor: str, now: datetime) -> Change:
    party.require_owner(actor)
    after = _next(party, members=())
    event = PartyDismissed(party.party_id, after.version, _all_but(party, actor), reason="dismissed")
    # One fact, whatever the party's size: members still in it leave at `now`, reason `dismissed`.
    history = (Closed(now, DISMISSED),)
    return Change(after, (event,), history, closed=True, released=tuple(m.player_id for m in party.members))


def set_strategy(
    party: Party, actor: str, join_strategy: JoinStrategy | None, invite_strategy: InviteStrategy | None
) -> Change:
    party.require_owner(actor)
    if join_strategy is None and invite_strategy is None:
        raise InvalidParams("give join_strategy, invite_strategy or both")
    after = _next(
        party,
        join_strategy=join_strategy or party.join_strategy,
        invite_strategy=invite_strategy or party.invite_strategy,
    )
    event = StrategyChanged(
        party.party_id,
        after.version,
        _all_but(after, actor),
        join_strategy=after.join_strategy.value,
        invite_strategy=after.invite_strategy.value,
    )
    return Change(after, (event,))


def set_global_data(party: Party, actor: str, data: str) -> Change:
    party.require_owner(actor)
    return custom_data_set(_next(party, global_data=data))


def set_player_data(party: Party, actor: str, data: str) -> Change:
    party.require_member(actor)
    members = tuple(replace(m, custom_data=data) if m.player_id == actor else m for m in party.members)
    return custom_data_set(_next(party, members=members))


def custom_data_set(after: Party) -> Change:
    """Every member hears of it, the setter too."""
    event = CustomDataChanged(after.party_id, after.version, after.member_ids, custom_data=after.custom_data())
    return Change(after, (event,))


def invite(
    party: Party,
    inviter: str,
    invitees: Iterable[str],
    blocks: frozenset[tuple[str, str]],
    expires_at: datetime,
) -> tuple[InvitationReceived, ...]:
    """Check every invitee (all or nothing) and return one event per invitee.

    `blocks` holds (blocker, blocked) pairs among the leader, the inviter and the invitees.
    Inviting does not change the party, so it does not bump `version`.
    """
    party.require_member(inviter)
    if party.join_strategy is JoinStrategy.NOT_ALLOWED:
        raise errors.InviteNotAllowJoin("this party does not allow joining")
    if party.invite_strategy is InviteStrategy.ONLY_LEADER_CAN_INVITE and inviter != party.leader_id:
        raise errors.InviteNotLeader("only the leader can invite to this party")
    unique = tuple(dict.fromkeys(invitees))
    for invitee in unique:
        _check_invitee(party, inviter, invitee, blocks)
    return tuple(
        InvitationReceived(
            party.party_id,
            party.version,
            frozenset({invitee}),
            inviter_id=inviter,
            party_name=party.party_name,
            expires_at=expires_at,
        )
        for invitee in unique
    )


def _check_invitee(party: Party, inviter: str, invitee: str, blocks: frozenset[tuple[str, str]]) -> None:
    if invitee == inviter or party.is_member(invitee):
        raise InvalidParams(f"{invitee} is already in this party")
    for other in {party.leader_id, inviter}:
        if (other, invitee) in blocks or (invitee, other) in blocks:
            raise errors.InviteBlocked(f"{invitee} cannot be invited")
