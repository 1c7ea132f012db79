"""The checks of event integrity: every version of every stay seen or resynced past (see ledger.py), and every
chat message delivered to every member but its sender, by push or by the catch-up after a reconnect."""

from __future__ import annotations

from collections import defaultdict

from bench.loadtest.ledger import LOBBY, PARTY, Key, Stay
from bench.loadtest.truth import Truth, lobby_members, party_members
from bench.loadtest.verdict import Check
from bench.loadtest.world import World


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
