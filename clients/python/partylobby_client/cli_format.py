"""How the terminal client (`partylobby`) shows events and answers: one readable line per event."""

from __future__ import annotations

import json

from partylobby_client.event_base import Event, UnknownEvent
from partylobby_client.lobby_events import (
    OnLobbyInviteReceived,
    OnLobbyMemberStatusReceived,
    OnLobbyMemberUpdateReceived,
    OnLobbyUpdateReceived,
)
from partylobby_client.models import LobbyDetails, PartyCustomData, PartyInfo
from partylobby_client.party_events import (
    OnCustomDataChanged,
    OnPartyDismissed,
    OnPartyLeaderTransferred,
    OnPartyMemberJoined,
    OnPartyMemberLeft,
    OnPartyStrategyChanged,
    OnReceivePartyChatMsg,
    OnReceivePartyInvitation,
    PartyEvent,
)
from partylobby_client.sdk_events import (
    OnConnectionStateChanged,
    OnEventsDropped,
    OnLobbyInfoUpdated,
    OnPartyInfoUpdated,
)
from partylobby_client.socket_events import OnConnectionClosed


class UsageError(Exception):
    """A command typed wrongly: printed as `error usage: ...`."""


def event_line(event: Event) -> str:
    """`[event] OnPartyMemberJoined bob (party p1, v2)`: the event's name, then what it says."""
    detail = _detail(event)
    replayed = " (replayed)" if event.replayed else ""
    return f"[event] {event.event}{' ' + detail if detail else ''}{replayed}"


def _detail(event: Event) -> str:
    return _party_detail(event) if isinstance(event, PartyEvent) else _other_detail(event)


def _party_detail(event: Event) -> str:
    text = ""
    match event:
        case OnPartyMemberJoined():
            text = f"{event.player_id} (party {event.party_id}, v{event.version})"
        case OnPartyMemberLeft():
            text = f"{event.player_id} {event.reason} (party {event.party_id}, v{event.version})"
        case OnPartyDismissed():
            text = f"party {event.party_id} ({event.reason})"
        case OnPartyLeaderTransferred():
            text = f"{event.old_leader_id} -> {event.new_leader_id} (party {event.party_id})"
        case OnPartyStrategyChanged():
            text = f"join={event.join_strategy} invite={event.invite_strategy} (party {event.party_id})"
        case OnReceivePartyInvitation():
            text = f'from {event.inviter_id} to party {event.party_id} "{event.party_name}" (type: join)'
        case OnReceivePartyChatMsg():
            text = f"<{event.sender_id}> {event.content}"
        case OnCustomDataChanged():
            text = f"{custom_data_line(event.custom_data)} (party {event.party_id})"
    return text


def _other_detail(event: Event) -> str:
    text = ""
    match event:
        case OnLobbyInviteReceived():
            text = f"from {event.from_user_id} to lobby {event.lobby_id} invite {event.invite_id} (type: lobby accept)"
        case OnLobbyMemberStatusReceived():
            status = event.status.value.removeprefix("EOS_LMS_").lower()
            text = f"{event.target_user_id} {status} (lobby {event.lobby_id}, v{event.version})"
        case OnLobbyMemberUpdateReceived():
            text = f"{event.target_user_id} (lobby {event.lobby_id}, v{event.version})"
        case OnLobbyUpdateReceived():
            text = f"lobby {event.lobby_id} v{event.version}"
        case OnPartyInfoUpdated():
            party = party_line(event.party) if event.party is not None else "no party"
            text = f"{party} ({event.reason})"
        case OnLobbyInfoUpdated():
            lobby = lobby_line(event.lobby) if event.lobby is not None else f"left lobby {event.lobby_id}"
            text = f"{lobby} ({event.reason})"
        case OnConnectionStateChanged():
            text = f"{event.state}{': ' + event.error if event.error else ''}"
        case OnConnectionClosed():
            text = event.reason + (f" (at most {event.max_sockets} sockets)" if event.max_sockets else "")
        case OnEventsDropped():
            text = f"{event.count} events lost: this terminal fell behind"
        case UnknownEvent():
            text = json.dumps(event.data, separators=(",", ":"))
    return text


def party_line(party: PartyInfo) -> str:
    chat = "on" if party.enable_chatting else "off"
    return (
        f'party {party.party_id} "{party.party_name}" v{party.version}: leader {party.leader_id}, '
        f"{len(party.members)}/{party.max_player} members ({', '.join(party.member_ids)}), chat {chat}"
    )


def party_details(party: PartyInfo) -> list[str]:
    lines = [party_line(party), f"  join={party.join_strategy} invite={party.invite_strategy}"]
    for member in party.members:
        role = "leader, " if member.player_id == party.leader_id else ""
        lines.append(f"  member {member.player_id} ({role}{'online' if member.online else 'offline'})")
    lines.append(f"  data {custom_data_line(party.custom_data)}")
    return lines


def custom_data_line(data: PartyCustomData) -> str:
    players = " ".join(f"{player}={value!r}" for player, value in sorted(data.players.items()))
    return f"global={data.global_!r}{' ' + players if players else ''}"


def lobby_line(lobby: LobbyDetails) -> str:
    members = lobby.max_members - lobby.available_slots
    attributes = " ".join(f"{a.key}={a.value}" for a in lobby.attributes)
    names = f" ({', '.join(lobby.member_ids)})" if lobby.members else ""
    return (
        f"lobby {lobby.lobby_id} v{lobby.version}: owner {lobby.owner_id}, {members}/{lobby.max_members} members"
        f"{names}, {lobby.permission_level}, bucket {lobby.bucket_id}{', ' + attributes if attributes else ''}"
    )
