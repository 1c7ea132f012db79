"""The final state as the service holds it, read once the load is over: each player's party, every lobby created,
each party's chat history; and what the checks read in it (a stay's final version and members)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bench.loadtest.ledger import PARTY, Final, Key
from bench.loadtest.parallel import for_each
from bench.loadtest.player import Player
from bench.loadtest.world import World


@dataclass
class Truth:
    party_of: dict[str, str | None] = field(default_factory=dict)  # player -> its GET /me/party
    parties: dict[str, dict[str, Any]] = field(default_factory=dict)
    lobbies: dict[str, dict[str, Any] | None] = field(default_factory=dict)  # None: closed
    chats: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    disagreements: list[str] = field(default_factory=list)
    unread: set[str] = field(default_factory=set)  # players and lobbies whose final read got no answer

    def final(self, key: Key) -> Final | None:
        if key[0] == PARTY:
            party = self.parties.get(key[1])
            return Final(party["version"], frozenset(party_members(party))) if party else None
        lobby = self.lobbies.get(key[1])
        return Final(lobby["version"], frozenset(lobby_members(lobby))) if lobby else None


def party_members(party: dict[str, Any]) -> list[str]:
    return [m["player_id"] for m in party["members"]]


def lobby_members(lobby: dict[str, Any]) -> list[str]:
    return [m["user_id"] for m in lobby["members"]]


async def read_truth(players: list[Player], world: World) -> Truth:
    """Each player's party, every lobby created (read by players in turn: reads have a quota), each party's chat."""
    truth = Truth()
    answers = await for_each(players, lambda p: p.call("final: GET /me/party", "GET", "/me/party"))
    for player, answer in zip(players, answers, strict=True):
        truth.party_of[player.id] = str(answer.body["party_id"]) if answer.ok else None
        if not answer.ok and answer.status != 404:
            truth.unread.add(player.id)
        if answer.ok:
            first = truth.parties.setdefault(answer.body["party_id"], answer.body)
            if (first["version"], party_members(first)) != (answer.body["version"], party_members(answer.body)):
                truth.disagreements.append(f"{player.id}'s GET /me/party differs from another member's")
    lobby_ids = sorted(world.lobbies)
    readers = [(players[n % len(players)], lobby_id) for n, lobby_id in enumerate(lobby_ids)]
    answers = await for_each(readers, lambda r: r[0].call("final: GET /lobbies/{id}", "GET", f"/lobbies/{r[1]}"))
    for lobby_id, answer in zip(lobby_ids, answers, strict=True):
        if answer.ok or answer.status == 404:
            truth.lobbies[lobby_id] = answer.body if answer.ok else None
        else:
            truth.unread.add(lobby_id)
    by_id = {p.id: p for p in players}
    party_ids = sorted(truth.parties)
    leaders = [(by_id[truth.parties[pid]["leader_id"]], pid) for pid in party_ids]
    path = "/parties/{}/chat?after_seq=0"
    answers = await for_each(leaders, lambda r: r[0].call("final: GET chat", "GET", path.format(r[1])))
    truth.chats = {pid: a.body["messages"] for pid, a in zip(party_ids, answers, strict=True) if a.ok}
    truth.unread |= {pid for pid, a in zip(party_ids, answers, strict=True) if not a.ok}
    return truth
