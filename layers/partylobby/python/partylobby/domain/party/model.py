"""The party aggregate (PGOS Party): its state, what a command changes, and what the join rules read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from partylobby.domain.membership import Entering, Group, MembershipChange, Seat
from partylobby.domain.party import errors

if TYPE_CHECKING:
    from partylobby.domain.party.events import PartyEvent
    from partylobby.domain.party.history import HistoryFact


class JoinStrategy(StrEnum):
    PUBLIC = "Public"
    ONLY_FRIENDS_OF_LEADER = "OnlyFriendsOfLeader"
    ONLY_FRIENDS_OF_MEMBERS = "OnlyFriendsOfMembers"
    ONLY_INVITED = "OnlyInvited"
    NOT_ALLOWED = "NotAllowed"


class InviteStrategy(StrEnum):
    ALL_MEMBERS_CAN_INVITE = "AllMembersCanInvite"
    ONLY_LEADER_CAN_INVITE = "OnlyLeaderCanInvite"


class LeaveReason(StrEnum):
    LEFT = "left"
    KICKED = "kicked"
    OFFLINE = "offline"


@dataclass(frozen=True)
class Member(Seat):
    """`seat` also names the member's stint in the party's history."""

    custom_data: str = ""


@dataclass(frozen=True)
class Party(Group[Member]):
    party_id: str
    party_name: str
    leader_id: str
    max_player: int
    enable_chatting: bool
    join_strategy: JoinStrategy
    invite_strategy: InviteStrategy
    members: tuple[Member, ...]  # in joining order: the first is the longest present
    global_data: str
    created_at: datetime
    version: int

    not_member = errors.NotPartyMember
    not_owner = errors.NotPartyLeader
    kind_name = "party"
    owner_title = "party leader"

    @property
    def owner(self) -> str:
        return self.leader_id

    @property
    def capacity(self) -> int:
        return self.max_player

    def custom_data(self) -> dict[str, Any]:
        return {"global": self.global_data, "players": {m.player_id: m.custom_data for m in self.members}}

    def friends_that_matter(self) -> frozenset[str]:
        """Whose friends the join strategy admits."""
        if self.join_strategy is JoinStrategy.ONLY_FRIENDS_OF_LEADER:
            return frozenset({self.leader_id})
        if self.join_strategy is JoinStrategy.ONLY_FRIENDS_OF_MEMBERS:
            return self.member_ids
        return frozenset()


def must_exist(party: Party | None) -> Party:
    """The party, or PartyNotFound: it never existed, or was dismissed."""
    if party is None:
        raise errors.PartyNotFound("no such party")
    return party


@dataclass(frozen=True)
class Change(MembershipChange):
    """A committed-to-be change: the state after, and what the store must do besides."""

    party: Party
    events: tuple[PartyEvent, ...] = ()
    history: tuple[HistoryFact, ...] = ()
    created: bool = False
    closed: bool = False  # dismissed, or left empty
    entered: tuple[Entering, ...] = ()  # the player who takes a party slot
    released: tuple[str, ...] = ()  # the players whose party slots are given back

    @property
    def group(self) -> Party:
        return self.party


@dataclass(frozen=True)
class NewParty:
    """What the creator chooses; every field is optional."""

    party_name: str = ""
    max_player: int = 0
    enable_chatting: bool = False
    join_strategy: JoinStrategy = JoinStrategy.PUBLIC
    invite_strategy: InviteStrategy = InviteStrategy.ALL_MEMBERS_CAN_INVITE
