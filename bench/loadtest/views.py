"""What a simulated player believes it is in: its party (members, leader, chat seen) and each of its lobbies."""

from __future__ import annotations

from dataclasses import dataclass

from bench.loadtest.ledger import PARTY, Key


@dataclass
class PartyView:
    party_id: str
    leader_id: str
    members: set[str]
    max_player: int
    since: int  # the version its stay began at, or that it first learned of it at
    synced_to: int = 0
    last_seq: int = 0  # the last chat message it saw

    @property
    def key(self) -> Key:
        return PARTY, self.party_id


@dataclass
class LobbyView:
    lobby_id: str
    owner: bool
    since: int
    synced_to: int = 0
