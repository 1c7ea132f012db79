"""The party aggregate (PGOS Party): its state, what a command changes, and what the join rules read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

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
class Member:
    player_id: str
    joined_at: datetime
    stint: int  # the party version at which they joined: orders members, names their history stint
    custom_data: str = ""


@dataclass(frozen=True)
class Party:
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

    @property
    def member_ids(self) -> frozenset[str]:
        return frozenset(m.player_id for m in self.members)

    def is_member(self, player_id: str) -> bool:
        return player_id in self.member_ids

    def custom_data(self) -> dict[str, Any]:
        return {"global": self.global_data, "players": {m.player_id: m.custom_data for m in self.members}}

    def require_member(self, player_id: str) -> None:
        if not self.is_member(player_id):
            raise errors.NotPartyMember("you are not a member of this party")

    def require_leader(self, player_id: str) -> None:
        self.require_member(player_id)
        if player_id != self.leader_id:
            raise errors.NotPartyLeader("only the party leader can do this")


def found(party: Party | None) -> Party:
    """The party, or PartyNotFound: it never existed, or was dismissed."""
    if party is None:
        raise errors.PartyNotFound("no such party")
    return party


@dataclass(frozen=True)
class Change:
    """A committed-to-be change: the state after, and what the store must do besides."""

    party: Party
    events: tuple[PartyEvent, ...] = ()
    history: tuple[HistoryFact, ...] = ()
    created: bool = False
    dismissed: bool = False
    joined: str | None = None  # the player whose party lock is taken
    released: tuple[str, ...] = ()  # the players whose party locks are given back

    @property
    def expected_version(self) -> int:
        return self.party.version - 1


@dataclass(frozen=True)
class JoinerRelations:
    """What the join rules need to know about the joiner, gathered by the service."""

    holds_party_lock: bool = False
    has_invitation: bool = False
    blocked_with_leader: bool = False
    friend_of_leader: bool = False
    friend_of_a_member: bool = False


@dataclass(frozen=True)
class NewParty:
    """What the creator chooses; every field is optional."""

    party_name: str = ""
    max_player: int = 0
    enable_chatting: bool = False
    join_strategy: JoinStrategy = JoinStrategy.PUBLIC
    invite_strategy: InviteStrategy = InviteStrategy.ALL_MEMBERS_CAN_INVITE
