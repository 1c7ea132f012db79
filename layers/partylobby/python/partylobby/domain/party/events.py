"""Party events (PGOS): each carries the party's id and version after the change."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from partylobby.domain.events import DomainEvent


@dataclass(frozen=True)
class PartyEvent(DomainEvent):
    party_id: str
    version: int
    recipients: frozenset[str] = field(repr=False)


@dataclass(frozen=True)
class StrategyChanged(PartyEvent):
    name: ClassVar[str] = "OnPartyStrategyChanged"
    join_strategy: str
    invite_strategy: str


@dataclass(frozen=True)
class MemberJoined(PartyEvent):
    name: ClassVar[str] = "OnPartyMemberJoined"
    player_id: str


@dataclass(frozen=True)
class MemberLeft(PartyEvent):
    name: ClassVar[str] = "OnPartyMemberLeft"
    player_id: str
    reason: str


@dataclass(frozen=True)
class PartyDismissed(PartyEvent):
    name: ClassVar[str] = "OnPartyDismissed"
    reason: str


@dataclass(frozen=True)
class LeaderTransferred(PartyEvent):
    name: ClassVar[str] = "OnPartyLeaderTransferred"
    old_leader_id: str
    new_leader_id: str


@dataclass(frozen=True)
class InvitationReceived(PartyEvent):
    name: ClassVar[str] = "OnReceivePartyInvitation"
    inviter_id: str
    party_name: str
    expires_at: datetime


@dataclass(frozen=True)
class CustomDataChanged(PartyEvent):
    name: ClassVar[str] = "OnCustomDataChanged"
    custom_data: dict[str, Any]


@dataclass(frozen=True)
class ChatMessageReceived(PartyEvent):
    name: ClassVar[str] = "OnReceivePartyChatMsg"
    msg_id: str
    seq: int
    sender_id: str
    type: str
    content: str
    sent_at: datetime
