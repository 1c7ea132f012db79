"""A simulated player's beliefs and the pushes that change them: its party, its lobbies, the invitations it holds,
the lobbies its party's chat announced, and the gaps it suspects in the versions it saw (see player.py)."""

from __future__ import annotations

import json
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from bench.loadtest.ledger import LOBBY, PARTY, Key
from bench.loadtest.views import LobbyView, PartyView
from bench.loadtest.world import World

LOBBY_SIGNAL = "lobby:"  # a party chat custom message: the leader brought the party into this lobby
HINT = -1.0  # a push too large to send came as a resync hint: resync at once
TRAIL = 300  # what a player did and got last, for the report of a failed check


@dataclass
class Beliefs:
    """What a player believes it is in; the pushes it reads, and its own answers, keep it current."""

    id: str
    world: World
    party: PartyView | None = None
    lobbies: dict[str, LobbyView] = field(default_factory=dict)
    invitations: list[str] = field(default_factory=list)  # party ids
    suspected: dict[Key, float] = field(default_factory=dict)  # a gap, since when
    signals: set[str] = field(default_factory=set)  # lobbies the party's chat announced
    trail: deque[str] = field(default_factory=lambda: deque(maxlen=TRAIL))

    def __post_init__(self) -> None:
        self.world.loners.add(self.id)

    def note(self, text: str) -> None:
        self.trail.append(f"{time.monotonic() - self.world.started:8.3f} {text}")

    # -- pushes -----------------------------------------------------------------

    def on_push(self, message: dict[str, Any]) -> None:
        if self.world.drop_pushes and self.world.rng.random() < self.world.drop_pushes:
            self.note(f"dropped (--drop-pushes) {message.get('event')} {json.dumps(message.get('data'))[:120]}")
            return  # as if the push had been lost, to see the checks catch it
        key = self.world.ledger.push(self.id, message)
        data = message.get("data") or {}
        self.note(f"push {message.get('event')} {json.dumps(data)[:160]}")
        if key is None:
            return
        if key[0] == PARTY:
            self._party_push(str(message.get("event")), data)
        else:
            self._lobby_push(data)
        if data.get("resync"):
            self.suspected[key] = HINT
        elif key not in self.suspected and self.holes(key):
            self.suspected[key] = time.monotonic()

    def _party_push(self, event: str, data: dict[str, Any]) -> None:
        party = self.party
        if event == "OnReceivePartyInvitation":
            self.invitations.append(str(data["party_id"]))
        if party is None or data["party_id"] != party.party_id:
            return
        if event == "OnPartyMemberJoined":
            party.members.add(data["player_id"])
        elif (event == "OnPartyMemberLeft" and data["player_id"] == self.id) or event == "OnPartyDismissed":
            self.drop_party()
        elif event == "OnPartyMemberLeft":
            party.members.discard(data["player_id"])
        elif event == "OnPartyLeaderTransferred":
            party.leader_id = data["new_leader_id"]
        elif event == "OnReceivePartyChatMsg":
            self.chat_seen(data)

    def _lobby_push(self, data: dict[str, Any]) -> None:
        lobby_id, status, target = data["lobby_id"], data.get("status"), data.get("target_user_id")
        view = self.lobbies.get(lobby_id)
        if status == "EOS_LMS_JOINED" and target == self.id and view is None:
            self.adopt_lobby(lobby_id, owner=False, since=data["version"], new_stay=True)
        elif status == "EOS_LMS_CLOSED" or (status == "EOS_LMS_KICKED" and target == self.id):
            self.drop_lobby(lobby_id)
        elif status == "EOS_LMS_PROMOTED" and view is not None:
            view.owner = target == self.id

    def chat_seen(self, message: dict[str, Any]) -> None:
        if self.party is not None:
            self.party.last_seq = max(self.party.last_seq, int(message["seq"]))
        content = str(message.get("content", ""))
        if message.get("type") == "custom" and content.startswith(LOBBY_SIGNAL):
            self.signals.add(content.removeprefix(LOBBY_SIGNAL))

    # -- beliefs ----------------------------------------------------------------

    def adopt_party(self, info: dict[str, Any], joined: bool) -> PartyView:
        party_id, version = str(info["party_id"]), int(info["version"])
        self.world.ledger.answered(self.id, (PARTY, party_id), version, joined)
        members = {m["player_id"] for m in info["members"]}
        if joined or self.party is None or self.party.party_id != party_id:
            self.party = PartyView(party_id, info["leader_id"], members, info["max_player"], since=version)
        else:
            self.party.leader_id, self.party.members = info["leader_id"], members
        if joined:
            self.world.promises.player_data[self.id, party_id] = ""
            self.invitations = [p for p in self.invitations if p != party_id]
        self.world.loners.discard(self.id)
        return self.party

    def drop_party(self) -> None:
        if self.party is not None:
            self.world.promises.player_data.pop((self.id, self.party.party_id), None)
        self.party = None
        self.world.loners.add(self.id)

    def adopt_lobby(self, lobby_id: str, owner: bool, since: int, new_stay: bool) -> LobbyView:
        view = self.lobbies.setdefault(lobby_id, LobbyView(lobby_id, owner, since))
        if new_stay:
            self.world.promises.member_ready.pop((self.id, lobby_id), None)
        return view

    def joined_lobby(self, details: dict[str, Any]) -> None:
        """Its own create or join was answered with these details."""
        lobby_id, version = str(details["lobby_id"]), int(details["version"])
        new = lobby_id not in self.lobbies
        self.world.ledger.answered(self.id, (LOBBY, lobby_id), version, joined=new)
        view = self.adopt_lobby(lobby_id, details["owner_id"] == self.id, version, new_stay=new)
        view.owner = details["owner_id"] == self.id

    def drop_lobby(self, lobby_id: str) -> None:
        self.lobbies.pop(lobby_id, None)
        self.world.promises.member_ready.pop((self.id, lobby_id), None)

    # -- gaps -------------------------------------------------------------------

    def view(self, key: Key) -> PartyView | LobbyView | None:
        if key[0] == LOBBY:
            return self.lobbies.get(key[1])
        return self.party if self.party is not None and self.party.party_id == key[1] else None

    def holes(self, key: Key) -> list[int]:
        """The versions missing between the start of what it knows and the last version it saw."""
        view = self.view(key)
        if view is None:
            return []
        seen = self.world.ledger.seen[self.id, key]
        floor = max(view.since, view.synced_to)
        return [v for v in range(floor + 1, max(seen, default=floor)) if v not in seen]
