"""The lobby pushes (EOS Lobby): `LobbyEvent`, the base of each, one model per push, and a member's status."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from partylobby_client.event_base import Event


class LobbyEvent(Event):
    lobby_id: str
    version: int


class OnLobbyInviteReceived(LobbyEvent):
    name: ClassVar[str] = "OnLobbyInviteReceived"
    invite_id: str
    from_user_id: str


class OnLobbyUpdateReceived(LobbyEvent):
    name: ClassVar[str] = "OnLobbyUpdateReceived"


class OnLobbyMemberUpdateReceived(LobbyEvent):
    name: ClassVar[str] = "OnLobbyMemberUpdateReceived"
    target_user_id: str


class MemberStatus(StrEnum):
    JOINED = "EOS_LMS_JOINED"
    LEFT = "EOS_LMS_LEFT"
    DISCONNECTED = "EOS_LMS_DISCONNECTED"
    KICKED = "EOS_LMS_KICKED"
    PROMOTED = "EOS_LMS_PROMOTED"
    CLOSED = "EOS_LMS_CLOSED"


class OnLobbyMemberStatusReceived(LobbyEvent):
    name: ClassVar[str] = "OnLobbyMemberStatusReceived"
    target_user_id: str
    status: MemberStatus
