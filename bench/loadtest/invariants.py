"""The check of the invariants in the final state: one party per player, no party over max_player or lobby over
max_members, the leader and the owner members, at most 16 lobbies per player, every GET /me/party consistent."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bench.loadtest.truth import Truth, lobby_members, party_members
from bench.loadtest.verdict import Check

MAX_LOBBIES_PER_PLAYER = 16


def check_invariants(truth: Truth) -> Check:
    problems = list(truth.disagreements)
    seats = Counter(m for party in truth.parties.values() for m in party_members(party))
    problems += [f"{player} is a member of {n} parties" for player, n in seats.items() if n > 1]
    for party_id, party in truth.parties.items():
        members = party_members(party)
        if len(members) > party["max_player"]:
            problems.append(f"party {party_id} holds {len(members)} members, max_player {party['max_player']}")
        if party["leader_id"] not in members:
            problems.append(f"party {party_id}'s leader {party['leader_id']} is not a member")
    for player, named in truth.party_of.items():
        if named is not None and player not in party_members(truth.parties[named]):
            problems.append(f"{player}'s GET /me/party names {named}, which does not list them")
    lobbies = [lobby for lobby in truth.lobbies.values() if lobby]
    for lobby in lobbies:
        problems += lobby_problems(lobby)
    memberships = Counter(m for lobby in lobbies for m in lobby_members(lobby))
    problems += [f"{p} is in {n} lobbies" for p, n in memberships.items() if n > MAX_LOBBIES_PER_PLAYER]
    summary = f"{len(truth.parties)} parties and {len(lobbies)} lobbies at the end"
    return Check("invariants", summary, problems)


def lobby_problems(lobby: dict[str, Any]) -> list[str]:
    members, lobby_id, most = lobby_members(lobby), lobby["lobby_id"], lobby["max_members"]
    problems = [f"lobby {lobby_id} holds {len(members)} members, max_members {most}"] if len(members) > most else []
    if lobby["owner_id"] not in members:
        problems.append(f"lobby {lobby_id}'s owner {lobby['owner_id']} is not a member")
    if len(set(members)) != len(members) or lobby["available_slots"] != most - len(members):
        problems.append(f"lobby {lobby_id} lists {members} with {lobby['available_slots']} free of {most}")
    return problems
