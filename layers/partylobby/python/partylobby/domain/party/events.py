"""Party events (PGOS): each carries the party's id and version after the change."""

from __future__ import annotations

from dataclasses import field
from datetime import datetime
from typing import Any

from partylobby.domain.events import DomainEvent


class PartyEvent(DomainEvent):
    party_id: str
    version: int
    recipients: frozenset[str] = field(repr=False)


class StrategyChanged(PartyEvent, name="OnPartyStrategyChanged"):
    join_strategy: str
    invite_strategy: str


class MemberJoined(PartyEvent, name="OnPartyMemberJoined"):
    player_id: str


class MemberLeft(PartyEvent, name="OnPartyMemberLeft"):
    player_id: str
    reason: str


class PartyDismissed(PartyEvent, name="OnPartyDismissed"):
    reason: str


class LeaderTransferred(PartyEvent, name="OnPartyLeaderTransferred"):
    old_leader_id: str
    new_leader_id: str


class InvitationReceived(PartyEvent, name="OnReceivePartyInvitation"):
    inviter_id: str
    party_name: str
    expires_at: datetime


class CustomDataChanged(PartyEvent, name="OnCustomDataChanged"):
    custom_data: dict[str, Any]


class ChatMessageReceived(PartyEvent, name="OnReceivePartyChatMsg"):
    msg_id: str
    seq: int
    sender_id: str
    type: str
    content: str
    sent_at: datetime
