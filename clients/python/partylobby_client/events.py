"""Push events as typed models, named after the seeds' events: `OnPartyMemberJoined`, `OnLobbyUpdateReceived`...

A push `{"event", "ts", "data": {...}}` becomes one flat model: `event.name`, `event.ts` and the data's fields
(`event.party_id`, `event.version`, `event.player_id`...). The SDK raises three events of its own:
OnPartyInfoUpdated and OnLobbyInfoUpdated after a resync, and OnConnectionStateChanged.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from partylobby_client.models import ChatType, InviteStrategy, JoinStrategy, LobbyDetails, PartyCustomData, PartyInfo


class Event(BaseModel):
    """Every event. `replayed` marks one the SDK recovered rather than received live (chat catch-up)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    name: ClassVar[str] = "*"
    ts: str = ""
    replayed: bool = False

    @property
    def event(self) -> str:
        """The event's name (the push's `event`), also for events the SDK does not know."""
        return self.name


class UnknownEvent(Event):
    """A push of a name this SDK version does not know; its data is kept as extra fields and in `data`."""

    event_name: str
    data: dict[str, Any] = Field(default_factory=dict)

    @property
    def event(self) -> str:
        return self.event_name


# -- party pushes ---------------------------------------------------------------


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


# -- lobby pushes ---------------------------------------------------------------


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


# -- raised by the SDK ----------------------------------------------------------


class ResyncReason(StrEnum):
    CONNECT = "connect"  # the first connection
    RECONNECT = "reconnect"  # the socket came back after a disruption
    VERSION_GAP = "version_gap"  # a push skipped a version
    POLL = "poll"  # periodic refresh while disconnected
    DISCOVERED = "discovered"  # a push of a party or lobby the client did not hold (joined elsewhere, brought in)
    REQUESTED = "requested"  # `await client.resync()`


class OnPartyInfoUpdated(Event):
    """After a resync: the party as the service has it now; `party` is None when the player is in none."""

    name: ClassVar[str] = "OnPartyInfoUpdated"
    party_id: str | None
    party: PartyInfo | None
    reason: ResyncReason


class OnLobbyInfoUpdated(Event):
    """After a resync of a lobby the player is in; `lobby` is None when they are no longer in it."""

    name: ClassVar[str] = "OnLobbyInfoUpdated"
    lobby_id: str
    lobby: LobbyDetails | None
    reason: ResyncReason


class ConnectionState(StrEnum):
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    CLOSED = "closed"  # the client was closed by the application


class OnConnectionStateChanged(Event):
    name: ClassVar[str] = "OnConnectionStateChanged"
    state: ConnectionState
    error: str | None = None


PUSH_EVENTS: dict[str, type[Event]] = {
    cls.name: cls
    for cls in (
        OnPartyStrategyChanged,
        OnPartyMemberJoined,
        OnPartyMemberLeft,
        OnPartyDismissed,
        OnPartyLeaderTransferred,
        OnReceivePartyInvitation,
        OnReceivePartyChatMsg,
        OnCustomDataChanged,
        OnLobbyInviteReceived,
        OnLobbyUpdateReceived,
        OnLobbyMemberUpdateReceived,
        OnLobbyMemberStatusReceived,
    )
}
SDK_EVENTS: dict[str, type[Event]] = {
    cls.name: cls for cls in (OnPartyInfoUpdated, OnLobbyInfoUpdated, OnConnectionStateChanged)
}


def parse_push(push: dict[str, Any]) -> Event:
    """A push envelope as its typed event; a push that does not fit its type becomes an UnknownEvent."""
    name = str(push.get("event", ""))
    data = push.get("data")
    data = data if isinstance(data, dict) else {}
    ts = str(push.get("ts", ""))
    kind = PUSH_EVENTS.get(name)
    if kind is not None:
        try:
            return kind.model_validate({**data, "ts": ts})
        except ValueError:
            pass
    return UnknownEvent(event_name=name, ts=ts, data=data)
