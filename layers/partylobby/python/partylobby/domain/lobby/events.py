"""Lobby events (EOS): each carries the lobby's id and its version after the change."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

from partylobby.domain.events import DomainEvent


class MemberStatus(StrEnum):
    JOINED = "EOS_LMS_JOINED"
    LEFT = "EOS_LMS_LEFT"
    DISCONNECTED = "EOS_LMS_DISCONNECTED"
    KICKED = "EOS_LMS_KICKED"
    PROMOTED = "EOS_LMS_PROMOTED"
    CLOSED = "EOS_LMS_CLOSED"


@dataclass(frozen=True)
class LobbyEvent(DomainEvent):
    lobby_id: str
    version: int
    recipients: frozenset[str] = field(repr=False)


@dataclass(frozen=True)
class LobbyUpdated(LobbyEvent):
    name: ClassVar[str] = "OnLobbyUpdateReceived"


@dataclass(frozen=True)
class MemberUpdated(LobbyEvent):
    name: ClassVar[str] = "OnLobbyMemberUpdateReceived"
    target_user_id: str


@dataclass(frozen=True)
class MemberStatusChanged(LobbyEvent):
    name: ClassVar[str] = "OnLobbyMemberStatusReceived"
    target_user_id: str
    status: MemberStatus


@dataclass(frozen=True)
class InviteReceived(LobbyEvent):
    name: ClassVar[str] = "OnLobbyInviteReceived"
    invite_id: str
    from_user_id: str
