"""Push events as typed models, named after the seeds' events: `OnPartyMemberJoined`, `OnLobbyUpdateReceived`...

A push `{"event", "ts", "data": {...}}` becomes one flat model: `event.name`, `event.ts` and the data's fields
(`event.party_id`, `event.version`, `event.player_id`...). The SDK raises four events of its own:
OnPartyInfoUpdated and OnLobbyInfoUpdated after a resync, OnConnectionStateChanged, and OnEventsDropped in
an event stream whose reader fell too far behind.

A push too large for API Gateway's 128 KiB limit comes with its name and slim data (`party_id` or `lobby_id`,
`version`, `resync: true`): `parse_push` makes it a ResyncHint, which the SDK answers with a resync of that
party or lobby (OnPartyInfoUpdated / OnLobbyInfoUpdated, reason `oversized_push`) rather than delivering it.

This module holds `parse_push` and the table of push names it reads. The models live by kind (event_base.py,
party_events.py, lobby_events.py, socket_events.py, sdk_events.py); import them from `partylobby_client`.
"""

from __future__ import annotations

from typing import Any

from partylobby_client.event_base import Event, UnknownEvent
from partylobby_client.lobby_events import (
    OnLobbyInviteReceived,
    OnLobbyMemberStatusReceived,
    OnLobbyMemberUpdateReceived,
    OnLobbyUpdateReceived,
)
from partylobby_client.party_events import (
    OnCustomDataChanged,
    OnPartyDismissed,
    OnPartyLeaderTransferred,
    OnPartyMemberJoined,
    OnPartyMemberLeft,
    OnPartyStrategyChanged,
    OnReceivePartyChatMsg,
    OnReceivePartyInvitation,
)
from partylobby_client.socket_events import OnConnectionClosed, ResyncHint

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
