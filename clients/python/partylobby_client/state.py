"""What the SDK knows of the player's party and lobbies, and the rules that keep it in step with pushes.

Every change to a party or lobby bumps its `version` by one and each push carries the version after it.
A push that changes nothing (chat, a lobby member's disconnect) carries the current one. Some changes push
two events with the same version (a leader leaving: OnPartyMemberLeft and OnPartyLeaderTransferred).
So, against the version known: a changing push of `known + 1` or `known` applies, one below is stale (a
resync already holds it), and one beyond `known + 1` means pushes were missed: a gap. A push that changes
nothing is a gap when its version is beyond `known`. Applying is idempotent.
"""

from __future__ import annotations

from enum import Enum

from partylobby_client.lobby_events import LobbyEvent, MemberStatus, OnLobbyInviteReceived, OnLobbyMemberStatusReceived
from partylobby_client.models import LobbyDetails, LobbyMember, PartyInfo, PartyMember
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


class Verdict(Enum):
    APPLY = "apply"
    STALE = "stale"
    GAP = "gap"


def changes_party(event: PartyEvent) -> bool:
    return not isinstance(event, OnReceivePartyChatMsg | OnReceivePartyInvitation)


def changes_lobby(event: LobbyEvent) -> bool:
    if isinstance(event, OnLobbyInviteReceived):
        return False
    return not (isinstance(event, OnLobbyMemberStatusReceived) and event.status is MemberStatus.DISCONNECTED)


def verdict(known: int, version: int, changing: bool) -> Verdict:
    if not changing:
        return Verdict.GAP if version > known else Verdict.APPLY
    if version > known + 1:
        return Verdict.GAP
    return Verdict.APPLY if version >= known else Verdict.STALE


def ends_my_party(event: PartyEvent, me: str) -> bool:
    """The push says the party is gone for me: dismissed, or I left or was kicked."""
    return isinstance(event, OnPartyDismissed) or (isinstance(event, OnPartyMemberLeft) and event.player_id == me)


def ends_my_lobby(event: LobbyEvent, me: str) -> bool:
    """The push says the lobby is gone for me: closed, or I left or was kicked."""
    return isinstance(event, OnLobbyMemberStatusReceived) and (
        event.status is MemberStatus.CLOSED
        or (event.status in (MemberStatus.LEFT, MemberStatus.KICKED) and event.target_user_id == me)
    )


def apply_party_event(party: PartyInfo, event: PartyEvent, me: str) -> PartyInfo | None:
    """The party after this push, as far as its data tells; None once `me` is no longer in it."""
    if isinstance(event, OnPartyDismissed) or (isinstance(event, OnPartyMemberLeft) and event.player_id == me):
        return None
    update: dict[str, object] = {"version": max(party.version, event.version)}
    players = party.custom_data.players
    if isinstance(event, OnPartyMemberLeft):
        update["members"] = tuple(m for m in party.members if m.player_id != event.player_id)
        kept = {k: v for k, v in players.items() if k != event.player_id}
        update["custom_data"] = party.custom_data.model_copy(update={"players": kept})
    elif isinstance(event, OnPartyMemberJoined) and party.member(event.player_id) is None:
        # joined_at: the push's time, close to the service's (a resync or get_party_info gives the exact one)
        joined = PartyMember(player_id=event.player_id, joined_at=event.ts, online=True)
        update["members"] = (*party.members, joined)
        added = {**players, event.player_id: ""}
        update["custom_data"] = party.custom_data.model_copy(update={"players": added})
    elif isinstance(event, OnPartyLeaderTransferred):
        update["leader_id"] = event.new_leader_id
    elif isinstance(event, OnPartyStrategyChanged):
        update.update(join_strategy=event.join_strategy, invite_strategy=event.invite_strategy)
    elif isinstance(event, OnCustomDataChanged):
        update["custom_data"] = event.custom_data
    return party.model_copy(update=update)


def apply_lobby_event(lobby: LobbyDetails, event: LobbyEvent, me: str) -> LobbyDetails | None:
    """The lobby after this push, as far as its data tells (attribute changes need `get_lobby`); None once
    `me` is no longer in it."""
    version = max(lobby.version, event.version)
    if not isinstance(event, OnLobbyMemberStatusReceived):
        return lobby.model_copy(update={"version": version})
    target, status = event.target_user_id, event.status
    if status is MemberStatus.CLOSED or (status in (MemberStatus.LEFT, MemberStatus.KICKED) and target == me):
        return None
    members = lobby.members
    update: dict[str, object] = {"version": version}
    if status in (MemberStatus.LEFT, MemberStatus.KICKED):
        members = tuple(m for m in members if m.user_id != target)
    elif status is MemberStatus.JOINED and target not in lobby.member_ids:
        members = (*members, LobbyMember(user_id=target))
    elif status is MemberStatus.PROMOTED:
        update["owner_id"] = target
    update["members"] = members
    update["available_slots"] = max(0, lobby.max_members - len(members))
    return lobby.model_copy(update=update)
