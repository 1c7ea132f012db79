"""The events the SDK raises of its own: OnPartyInfoUpdated and OnLobbyInfoUpdated after a resync (and why it
resynced), OnConnectionStateChanged (and the states), and OnEventsDropped in a stream whose reader fell behind."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from partylobby_client.event_base import Event
from partylobby_client.models import LobbyDetails, PartyInfo


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
