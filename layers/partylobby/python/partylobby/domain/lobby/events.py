"""Lobby events (EOS): each carries the lobby's id and its version after the change."""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum

from partylobby.domain.events import DomainEvent


class MemberStatus(StrEnum):
    JOINED = "EOS_LMS_JOINED"
    LEFT = "EOS_LMS_LEFT"
    DISCONNECTED = "EOS_LMS_DISCONNECTED"
    KICKED = "EOS_LMS_KICKED"
    PROMOTED = "EOS_LMS_PROMOTED"
    CLOSED = "EOS_LMS_CLOSED"


class LobbyEvent(DomainEvent):
    lobby_id: str
    version: int
    recipients: frozenset[str] = field(repr=False)


class LobbyUpdated(LobbyEvent, name="OnLobbyUpdateReceived"):
    """The lobby's settings or attributes changed: members read it anew."""


class MemberUpdated(LobbyEvent, name="OnLobbyMemberUpdateReceived"):
    """A member's attributes changed: heard by the members."""

    target_user_id: str


class MemberStatusChanged(LobbyEvent, name="OnLobbyMemberStatusReceived"):
    """A member joined, left, disconnected, was kicked or promoted, or the lobby closed: heard by the
    members (and by the kicked user)."""

    target_user_id: str
    status: MemberStatus


class InviteReceived(LobbyEvent, name="OnLobbyInviteReceived"):
    """Heard by the invited user."""

    invite_id: str
    from_user_id: str
