"""The pushes about the socket rather than a party or lobby: OnConnectionClosed, and ResyncHint (a push too large
for the socket, sent slim)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import model_validator

from partylobby_client.event_base import Event


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
