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
    """Heard by the members but the leader who changed them."""

    join_strategy: str
    invite_strategy: str


class MemberJoined(PartyEvent, name="OnPartyMemberJoined"):
    """Heard by the members but the joiner."""

    player_id: str


class MemberLeft(PartyEvent, name="OnPartyMemberLeft"):
    """Heard by the remaining members, and by the kicked player; `reason` is left, kicked or offline."""

    player_id: str
    reason: str


class PartyDismissed(PartyEvent, name="OnPartyDismissed"):
    """Heard by the members but the one who dismissed; `reason` is dismissed or empty."""

    reason: str


class LeaderTransferred(PartyEvent, name="OnPartyLeaderTransferred"):
    """Heard by every member."""

    old_leader_id: str
    new_leader_id: str


class InvitationReceived(PartyEvent, name="OnReceivePartyInvitation"):
    """Heard by the invitee."""

    inviter_id: str
    party_name: str
    expires_at: datetime


class CustomDataChanged(PartyEvent, name="OnCustomDataChanged"):
    """Heard by every member, the setter too."""

    custom_data: dict[str, Any]


class ChatMessageReceived(PartyEvent, name="OnReceivePartyChatMsg"):
    """Heard by the members but the sender."""

    msg_id: str
    seq: int
    sender_id: str
    type: str
    content: str
    sent_at: datetime
