"""Push events as typed models, named after the seeds' events: `OnPartyMemberJoined`, `OnLobbyUpdateReceived`...

A push `{"event", "ts", "data": {...}}` becomes one flat model: `event.name`, `event.ts` and the data's fields
(`event.party_id`, `event.version`, `event.player_id`...). The SDK raises four events of its own:
OnPartyInfoUpdated and OnLobbyInfoUpdated after a resync, OnConnectionStateChanged, and OnEventsDropped in
an event stream whose reader fell too far behind.

A push too large for API Gateway's 128 KiB limit comes with its name and slim data (`party_id` or `lobby_id`,
`version`, `resync: true`): `parse_push` makes it a ResyncHint, which the SDK answers with a resync of that
party or lobby (OnPartyInfoUpdated / OnLobbyInfoUpdated, reason `oversized_push`) rather than delivering it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

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


# -- about the socket -------------------------------------------------------------


class OnConnectionClosed(Event):
    """The service's last push on a socket it is about to close (its close frame carries no reason). The SDK
    then raises OnConnectionStateChanged `socket_limit` or `logged_out`, and does not reconnect on its own."""

    name: ClassVar[str] = "OnConnectionClosed"
    reason: str  # socket_limit | logout; any other: a plain disconnect, reconnected
    max_sockets: int | None = None  # with socket_limit: the cap of sockets per player


class ResyncHint(Event):
    """A push sent slim because it was too large for the socket: only which party or lobby changed, and its
    version after the change. The SDK resyncs that party or lobby; it never delivers the hint itself."""

    name: ClassVar[str] = "ResyncHint"
    event_name: str  # the push's own name (OnCustomDataChanged...)
    party_id: str | None = None
    lobby_id: str | None = None
    version: int

    @model_validator(mode="after")
    def _names_what_changed(self) -> ResyncHint:
        if self.party_id is None and self.lobby_id is None:
            raise ValueError("a resync hint names a party_id or a lobby_id")
        return self

    @property
    def event(self) -> str:
        return self.event_name


# -- raised by the SDK ----------------------------------------------------------


class ResyncReason(StrEnum):
    CONNECT = "connect"  # the first connection
    RECONNECT = "reconnect"  # the socket came back after a disruption
    VERSION_GAP = "version_gap"  # a push skipped a version
    POLL = "poll"  # periodic refresh while disconnected
    DISCOVERED = "discovered"  # a push of a party or lobby the client did not hold (joined elsewhere, brought in)
    REQUESTED = "requested"  # `await client.resync()`
    OVERSIZED_PUSH = "oversized_push"  # a push too large for the socket came as a ResyncHint


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
    DISCONNECTED = "disconnected"  # reconnecting with backoff, polling meanwhile
    CLOSED = "closed"  # the client was closed by the application
    # The SDK stopped on its own: no reconnect, no polling until `client.set_token()` or `client.reconnect()`.
    AUTH_FAILED = "auth_failed"  # the service refused the token (a reconnect's handshake, or a resync)
    SOCKET_LIMIT = "socket_limit"  # the player opened more sockets than the cap; this one, the oldest, closed
    LOGGED_OUT = "logged_out"  # the player logged out (DELETE /me/session), maybe on another device


class OnConnectionStateChanged(Event):
    name: ClassVar[str] = "OnConnectionStateChanged"
    state: ConnectionState
    error: str | None = None  # what happened, in words (never the token)


class OnEventsDropped(Event):
    """In one event stream, where events were lost: its reader fell more than the stream's bound behind (the
    oldest waiting were dropped). `client.party` / `client.lobbies` are current regardless."""

    name: ClassVar[str] = "OnEventsDropped"
    count: int


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
        OnConnectionClosed,
    )
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
            if data.get("resync") is True:  # too large for the socket: the service sent only what changed
                return ResyncHint.model_validate({**data, "event_name": name, "ts": ts})
            return kind.model_validate({**data, "ts": ts})
        except ValueError:
            pass
    return UnknownEvent(event_name=name, ts=ts, data=data)
