"""The check that nothing answered 2xx was lost: every custom data value and lobby attribute in the final state is
the last one answered 2xx, and every chat message answered 2xx is in its party's chat history (its last 100).
The memberships' part is found with the stays (integrity.all_stays) and handed in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from bench.loadtest.ledger import Chat
from bench.loadtest.truth import Truth, party_members
from bench.loadtest.verdict import Check
from bench.loadtest.world import World

CHAT_HISTORY = 100


def attribute(attributes: Iterable[dict[str, Any]], key: str) -> Any:
    return next((a["value"] for a in attributes if a["key"] == key), None)


def check_promises(world: World, truth: Truth, contradicted: list[str]) -> Check:
    problems = contradicted + custom_data_problems(world, truth) + attribute_problems(world, truth)
    problems += chat_history_problems(world, truth)
    summary = "memberships, custom data, lobby attributes and chat history as answered"
    return Check("nothing answered 2xx lost", summary, problems)


def unsure(world: World, aggregate_id: str, player: str | None = None) -> bool:
    """Whether a command on it (or by that player, on an aggregate it created) got no answer."""
    return any(a == aggregate_id or (p == player and a is None) for p, a in world.unanswered)


def custom_data_problems(world: World, truth: Truth) -> list[str]:
    promises, problems = world.promises, []
    for party_id, party in truth.parties.items():
        if unsure(world, party_id):
            continue
        data, wanted = party["custom_data"], promises.global_data.get(party_id, "")
        if data["global"] != wanted:
            problems.append(f"party {party_id} global data {data['global']!r}, answered {wanted!r}")
        for member in party_members(party):
            if unsure(world, party_id, member):
                continue
            wanted, held = promises.player_data.get((member, party_id), ""), data["players"].get(member, "")
            if held != wanted:
                problems.append(f"party {party_id}: {member}'s data {held!r}, answered {wanted!r}")
    return problems


def attribute_problems(world: World, truth: Truth) -> list[str]:
    promises, problems = world.promises, []
    for lobby_id, lobby in truth.lobbies.items():
        if lobby is None or unsure(world, lobby_id):
            continue
        held = attribute(lobby["attributes"], "round")
        if held != promises.lobby_round.get(lobby_id):
            problems.append(f"lobby {lobby_id} round {held}, answered {promises.lobby_round.get(lobby_id)}")
        for member in lobby["members"]:
            user_id, ready = member["user_id"], attribute(member["attributes"], "ready")
            if not unsure(world, lobby_id, user_id) and ready != promises.member_ready.get((user_id, lobby_id)):
                wanted = promises.member_ready.get((user_id, lobby_id))
                problems.append(f"lobby {lobby_id}: {user_id}'s ready {ready}, answered {wanted}")
    return problems


def chat_history_problems(world: World, truth: Truth) -> list[str]:
    sent: dict[str, list[tuple[str, Chat]]] = defaultdict(list)
    for msg_id, chat in world.ledger.chats.items():
        sent[chat.key[1]].append((msg_id, chat))
    problems = []
    for party_id, messages in truth.chats.items():
        if unsure(world, party_id):
            continue
        held = {m["msg_id"]: m for m in messages}
        seqs = [m["seq"] for m in messages]
        if seqs != list(range(seqs[0], seqs[0] + len(seqs)) if seqs else []):
            problems.append(f"party {party_id}'s chat history has sequence numbers {seqs}")
        top = max([chat.seq for _, chat in sent[party_id]] + seqs, default=0)
        for msg_id, chat in sent[party_id]:
            kept = held.get(msg_id)
            as_sent = kept is not None and (kept["seq"], kept["content"]) == (chat.seq, chat.content)
            if chat.seq > top - CHAT_HISTORY and not as_sent:
                problems.append(f"party {party_id}: chat seq {chat.seq} by {chat.sender} answered 2xx, history {kept}")
    return problems
