"""The party pushes (PGOS Party): `PartyEvent`, the base of each, and one model per push."""

from __future__ import annotations

from typing import ClassVar

from partylobby_client.event_base import Event
from partylobby_client.models import ChatType, InviteStrategy, JoinStrategy, PartyCustomData


class PartyEvent(Event):
    party_id: str
    version: int


class OnPartyStrategyChanged(PartyEvent):
    name: ClassVar[str] = "OnPartyStrategyChanged"
    join_strategy: JoinStrategy
    invite_strategy: InviteStrategy


class OnPartyMemberJoined(PartyEvent):
    name: ClassVar[str] = "OnPartyMemberJoined"
    player_id: str


class OnPartyMemberLeft(PartyEvent):
    name: ClassVar[str] = "OnPartyMemberLeft"
    player_id: str
    reason: str  # left | kicked | offline


class OnPartyDismissed(PartyEvent):
    name: ClassVar[str] = "OnPartyDismissed"
    reason: str  # dismissed | empty


class OnPartyLeaderTransferred(PartyEvent):
    name: ClassVar[str] = "OnPartyLeaderTransferred"
    old_leader_id: str
    new_leader_id: str


class OnReceivePartyInvitation(PartyEvent):
    name: ClassVar[str] = "OnReceivePartyInvitation"
    inviter_id: str
    party_name: str
    expires_at: str


class OnReceivePartyChatMsg(PartyEvent):
    name: ClassVar[str] = "OnReceivePartyChatMsg"
    msg_id: str
    seq: int
    sender_id: str
    type: ChatType
    content: str
    sent_at: str


class OnCustomDataChanged(PartyEvent):
    name: ClassVar[str] = "OnCustomDataChanged"
    custom_data: PartyCustomData
