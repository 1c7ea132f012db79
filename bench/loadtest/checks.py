"""The end of a run: the final state as the service holds it, and the checks of what the players observed.

- event integrity: every version of every stay seen or resynced past (see ledger.py); every chat message
  reached every member but its sender, by push or by the catch-up after a reconnect;
- invariants: one party per player, no party over max_player or lobby over max_members, the leader and the
  owner members, at most 16 lobbies per player, every member's GET /me/party the same party;
- nothing answered 2xx lost: every stay a player's answers and the pushes say still lasts is in the final state
  (and no other), every custom data value and lobby attribute is the last one answered 2xx, every chat message
  answered 2xx is in the party's chat history (its last 100).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bench.loadtest.ledger import LOBBY, PARTY, Chat, Final, Key, Stay
from bench.loadtest.player import Player, for_each
from bench.loadtest.world import World

CHAT_HISTORY = 100
MAX_LOBBIES_PER_PLAYER = 16
SHOWN = 8


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


@dataclass
class Check:
    name: str
    summary: str
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def party_members(party: dict[str, Any]) -> list[str]:
    return [m["player_id"] for m in party["members"]]


def lobby_members(lobby: dict[str, Any]) -> list[str]:
    return [m["user_id"] for m in lobby["members"]]


def attribute(attributes: Iterable[dict[str, Any]], key: str) -> Any:
    return next((a["value"] for a in attributes if a["key"] == key), None)


# -- the final state ------------------------------------------------------------


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


# -- event integrity ------------------------------------------------------------


def left_out(world: World, truth: Truth, player: str, key: Key) -> bool:
    """A stay the checks cannot judge: a command of the player on it got no answer (it failed the run already),
    or the final state of it could not be read."""
    if (player, None) in world.unanswered or (player, key[1]) in world.unanswered or key[1] in truth.unread:
        return True
    return key[0] == PARTY and player in truth.unread and key[1] not in truth.parties


def all_stays(world: World, truth: Truth) -> tuple[dict[Key, list[tuple[str, Stay]]], list[str], int]:
    """Every player's stays, by aggregate; the memberships the final state contradicts; how many were left out."""
    pairs = set(world.ledger.facts)
    pairs |= {(m, (PARTY, pid)) for pid, party in truth.parties.items() for m in party_members(party)}
    pairs |= {(m, (LOBBY, lid)) for lid, lobby in truth.lobbies.items() if lobby for m in lobby_members(lobby)}
    judged = {pair for pair in pairs if not left_out(world, truth, *pair)}
    stays: dict[Key, list[tuple[str, Stay]]] = defaultdict(list)
    contradicted: list[str] = []
    for player, key in sorted(judged):
        found, problem = world.ledger.stays(player, key, truth.final(key))
        stays[key].extend((player, stay) for stay in found)
        if problem:
            contradicted.append(f"{player} in {key[0]} {key[1]}: {problem}")
    return stays, contradicted, len(pairs) - len(judged)


def check_versions(world: World, stays: dict[Key, list[tuple[str, Stay]]], left: int) -> Check:
    problems: list[str] = []
    versions = bounded = covered = count = 0
    for key, entries in stays.items():
        for player, stay in entries:
            count, versions = count + 1, versions + stay.last - stay.first + 1
            bounded, covered = bounded + stay.bounded, covered + stay.covered
            missing = world.ledger.missing(player, key, stay)
            if missing:
                seen = sorted(world.ledger.seen[player, key])
                problems.append(
                    f"{player} missed {key[0]} {key[1]} v{missing} of its stay v{stay.first}..v{stay.last} "
                    f"(saw {seen}, resynced to {world.ledger.resyncs[player, key]})"
                )
    summary = (
        f"{count:,} stays, {versions:,} versions, each seen or resynced past ({bounded} stays end at a bound: "
        f"a departure no push named; {covered} found over by a resync; {left} left out after a command or a "
        "final read with no answer)"
    )
    return Check("event integrity: versions", summary, problems)


def check_chat_delivery(world: World, stays: dict[Key, list[tuple[str, Stay]]]) -> Check:
    ledger, problems = world.ledger, []
    deliveries = unverifiable = 0
    for msg_id, chat in sorted(ledger.chats.items()):
        version = ledger.chat_versions.get(msg_id)
        if version is None:
            unverifiable += 1
            continue
        for player, stay in stays.get(chat.key, []):
            if player == chat.sender or stay.covered or not stay.first <= version <= stay.member_until:
                continue
            deliveries += 1
            if msg_id not in ledger.chat_received[player]:
                problems.append(
                    f"{player} never got chat seq {chat.seq} of party {chat.key[1]} (v{version}) by {chat.sender}, "
                    f"msg_id {msg_id}, in its stay v{stay.first}..v{stay.last}"
                )
    summary = f"{deliveries:,} deliveries to members ({unverifiable} messages nobody was sent: no other member)"
    return Check("event integrity: chat", summary, problems)


# -- invariants -----------------------------------------------------------------


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


# -- nothing answered 2xx lost ----------------------------------------------------


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


def run_checks(world: World, truth: Truth) -> list[Check]:
    stays, contradicted, left = all_stays(world, truth)
    return [
        check_versions(world, stays, left),
        check_chat_delivery(world, stays),
        check_invariants(truth),
        check_promises(world, truth, contradicted),
    ]
