"""What a player does: a weighted choice among what its situation allows, with think time between commands.

Parties form by invitation and by joining from the board (Public parties their members advertise); members
chat and set their custom data; leaders set the global data, invite, kick, transfer, and bring the party into a
lobby (then announce it in the party chat, so a member whose socket was closed learns of it on catching up).
Players create, search, join, update and leave lobbies, and now and then close their socket and reconnect
within the offline grace. Refusals the mix meets (a full party, a member who already left) are part of it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bench.loadtest.ledger import LOBBY, Chat
from bench.loadtest.player import LOBBY_SIGNAL, PartyView, Player
from bench.loadtest.stats import Answer

RECONNECT_PAUSE_SECONDS = (1.0, 4.0)
MODES = ("ctf", "race", "duel")
BUCKET = "load"
MAX_LOBBIES = 3
NOT_IN_PARTY = frozenset({"kBackendNotPartyMember", "kBackendPartyNotFound", "kBackendPartyDuplicated"})
NOT_IN_LOBBY = frozenset({"EOS_Lobby_NoPermission", "EOS_NotFound", "EOS_Lobby_NotOwner"})

Action = Callable[[Player], Awaitable[None]]


async def play(player: Player, deadline: float) -> None:
    rng = player.world.rng
    think = player.world.think
    await asyncio.sleep(rng.uniform(0, think[1]))
    while time.monotonic() < deadline:
        if player.unsettled:
            await player.settle()
        await player.heal()
        options = choices(player)
        action = rng.choices([a for _, a in options], weights=[w for w, _ in options])[0]
        await action(player)
        await asyncio.sleep(min(rng.uniform(*think), max(0.0, deadline - time.monotonic())))


def choices(player: Player) -> list[tuple[float, Action]]:
    party = player.party
    options: list[tuple[float, Action]] = [(0.4, reconnect)]
    if party is None:
        options += [(2, create_party), (3, join_from_board)]
        options += [(6, accept_invitation)] if player.invitations else []
    else:
        options += [(4, chat), (2, set_player_data), (1.2, leave_party)]
        options += [(2, invite)] if len(party.members) < party.max_player else []
        if party.leader_id == player.id:
            options.append((2, set_global_data))
            options += [(0.8, kick), (0.8, transfer), (0.8, party_joins_lobby)] if len(party.members) > 1 else []
    if len(player.lobbies) < MAX_LOBBIES:
        options += [(3, search_and_join_lobby), (1, create_lobby)]
    if player.lobbies:
        options += [(2, update_member), (1.5, leave_lobby)]
    if any(view.owner for view in player.lobbies.values()):
        options.append((1, update_lobby))
    return options


# -- parties --------------------------------------------------------------------


async def refused_in_party(player: Player, answer: Answer) -> None:
    """A refusal that says its belief is stale (a push still in flight, or lost): read what is true."""
    if answer.err_code in NOT_IN_PARTY or answer.err_code == "kBackendIsNotPartyLeader":
        await player.resync_party("refusal", covering=False)


async def create_party(player: Player) -> None:
    world = player.world
    strategy = world.rng.choice(("Public", "Public", "OnlyInvited"))
    body = {
        "party_name": f"squad {world.unique()}",
        "max_player": world.rng.randint(2, 6),
        "enable_chatting": True,
        "join_strategy": strategy,
    }
    answer = await player.call("CreateParty", "POST", "/parties", body)
    if not answer.ok:
        return await refused_in_party(player, answer)
    party = player.adopt_party(answer.body, joined=True)
    world.promises.global_data[party.party_id] = ""
    if strategy == "Public":
        world.board.add(party.party_id)


async def join_party(player: Player, party_id: str, command: str) -> None:
    answer = await player.call(command, "POST", f"/parties/{party_id}/members")
    if answer.ok:
        player.adopt_party(answer.body, joined=True)
    elif answer.err_code == "kBackendPartyNotFound":
        player.world.board.discard(party_id)
    elif answer.err_code == "kBackendPartyDuplicated":
        await refused_in_party(player, answer)


async def join_from_board(player: Player) -> None:
    if player.world.board:
        await join_party(player, player.world.rng.choice(sorted(player.world.board)), "JoinParty (from the board)")


async def accept_invitation(player: Player) -> None:
    party_id = player.invitations.pop(player.world.rng.randrange(len(player.invitations)))
    await join_party(player, party_id, "JoinParty (invited)")


async def send_chat(player: Player, party: PartyView, kind: str, content: str, command: str) -> None:
    body = {"type": kind, "content": content}
    answer = await player.call(command, "POST", f"/parties/{party.party_id}/chat", body)
    if not answer.ok:
        return await refused_in_party(player, answer)
    sent = Chat(party.key, int(answer.body["seq"]), player.id, content)
    player.world.ledger.chat_sent(str(answer.body["msg_id"]), sent)


async def chat(player: Player) -> None:
    party = mine(player)
    await send_chat(player, party, "text", f"gg {player.world.unique()}", "SendPartyChatTextMsg")


async def set_player_data(player: Player) -> None:
    party, value = mine(player), f"{player.id}:{player.world.unique()}"
    path = f"/parties/{party.party_id}/custom-data/players/me"
    answer = await player.call("SetPlayerCustomData", "PUT", path, {"data": value})
    if answer.ok:
        player.world.promises.player_data[player.id, party.party_id] = value
    else:
        await refused_in_party(player, answer)


async def set_global_data(player: Player) -> None:
    party, value = mine(player), f"global:{player.id}:{player.world.unique()}"
    path = f"/parties/{party.party_id}/custom-data/global"
    answer = await player.call("SetGlobalCustomData", "PUT", path, {"data": value})
    if answer.ok:
        player.world.promises.global_data[party.party_id] = value
    else:
        await refused_in_party(player, answer)


async def invite(player: Player) -> None:
    party, world = mine(player), player.world
    candidates = sorted(world.loners - {player.id})
    if candidates:
        body = {"invitee_player_ids": [world.rng.choice(candidates)]}
        answer = await player.call("InvitePlayerToParty", "POST", f"/parties/{party.party_id}/invitations", body)
        if not answer.ok:
            await refused_in_party(player, answer)


async def kick(player: Player) -> None:
    party = mine(player)
    target = player.world.rng.choice(sorted(party.members - {player.id}))
    answer = await player.call("KickPartyMember", "DELETE", f"/parties/{party.party_id}/members/{target}")
    if answer.ok:
        party.members.discard(target)
    else:
        await refused_in_party(player, answer)


async def transfer(player: Player) -> None:
    party = mine(player)
    body = {"new_leader_id": player.world.rng.choice(sorted(party.members - {player.id}))}
    answer = await player.call("TransferPartyLeader", "PUT", f"/parties/{party.party_id}/leader", body)
    if answer.ok:
        player.adopt_party(answer.body, joined=False)
    else:
        await refused_in_party(player, answer)


async def leave_party(player: Player) -> None:
    party = mine(player)
    answer = await player.call("LeaveParty", "DELETE", f"/parties/{party.party_id}/members/me")
    if not answer.ok:
        return await refused_in_party(player, answer)
    player.world.ledger.left(player.id, party.key)
    if party.members <= {player.id}:
        player.world.board.discard(party.party_id)
    player.drop_party()


async def party_joins_lobby(player: Player) -> None:
    party = mine(player)
    found = await search(player, {"bucket_id": BUCKET, "max_results": 20})
    fits = [lobby for lobby in found if lobby["available_slots"] >= len(party.members)]
    if not fits:
        return
    lobby_id = str(player.world.rng.choice(fits)["lobby_id"])
    body = {"party_id": party.party_id}
    answer = await player.call("JoinLobby (a party)", "POST", f"/lobbies/{lobby_id}/members", body)
    if answer.ok:
        player.joined_lobby(answer.body)
        await send_chat(player, party, "custom", LOBBY_SIGNAL + lobby_id, "SendPartyChatCustomMsg")
    else:
        await refused_in_party(player, answer)


def mine(player: Player) -> PartyView:
    assert player.party is not None, "only offered to a player in a party"
    return player.party


# -- lobbies --------------------------------------------------------------------


async def refused_in_lobby(player: Player, lobby_id: str, answer: Answer) -> None:
    if answer.err_code in NOT_IN_LOBBY:
        await player.resync_lobby(lobby_id, "refusal", covering=False)


async def search(player: Player, body: dict[str, Any]) -> list[dict[str, Any]]:
    """The lobbies found that it is not in."""
    answer = await player.call("LobbySearch_Find", "POST", "/lobbies/search", body)
    found: list[dict[str, Any]] = answer.body["lobbies"] if answer.ok else []
    return [lobby for lobby in found if lobby["lobby_id"] not in player.lobbies]


async def create_lobby(player: Player) -> None:
    world = player.world
    attributes = [
        {"key": "mode", "value": world.rng.choice(MODES), "visibility": "Public"},
        {"key": "round", "value": 0, "visibility": "Public"},
    ]
    body = {
        "max_members": world.rng.randint(2, 8),
        "permission_level": "PublicAdvertised",
        "bucket_id": BUCKET,
        "attributes": attributes,
    }
    answer = await player.call("CreateLobby", "POST", "/lobbies", body)
    if answer.ok:
        world.lobbies.add(str(answer.body["lobby_id"]))
        world.promises.lobby_round[str(answer.body["lobby_id"])] = 0
        player.joined_lobby(answer.body)


async def search_and_join_lobby(player: Player) -> None:
    rng = player.world.rng
    parameters = [{"key": "mode", "op": "EQUAL", "value": rng.choice(MODES)}]
    found = await search(player, {"bucket_id": BUCKET, "parameters": parameters, "max_results": 10})
    if found:
        lobby_id = str(rng.choice(found)["lobby_id"])
        answer = await player.call("JoinLobby", "POST", f"/lobbies/{lobby_id}/members")
        if answer.ok:
            player.joined_lobby(answer.body)


def one_of_mine(player: Player, owned: bool = False) -> str:
    ids = sorted(i for i, view in player.lobbies.items() if view.owner or not owned)
    return player.world.rng.choice(ids)


async def update_lobby(player: Player) -> None:
    lobby_id, value = one_of_mine(player, owned=True), player.world.unique()
    body = {"set_attributes": [{"key": "round", "value": value, "visibility": "Public"}]}
    answer = await player.call("UpdateLobby (owner)", "PATCH", f"/lobbies/{lobby_id}", body)
    if answer.ok:
        player.world.ledger.answered(player.id, (LOBBY, lobby_id), int(answer.body["version"]))
        player.world.promises.lobby_round[lobby_id] = value
    else:
        await refused_in_lobby(player, lobby_id, answer)


async def update_member(player: Player) -> None:
    lobby_id, value = one_of_mine(player), player.world.unique()
    body = {"set_attributes": [{"key": "ready", "value": value, "visibility": "Public"}]}
    answer = await player.call("UpdateLobby (member)", "PATCH", f"/lobbies/{lobby_id}/members/me", body)
    if answer.ok:
        player.world.ledger.answered(player.id, (LOBBY, lobby_id), int(answer.body["version"]))
        player.world.promises.member_ready[player.id, lobby_id] = value
    else:
        await refused_in_lobby(player, lobby_id, answer)


async def leave_lobby(player: Player) -> None:
    lobby_id = one_of_mine(player)
    answer = await player.call("LeaveLobby", "DELETE", f"/lobbies/{lobby_id}/members/me")
    if answer.ok:
        player.world.ledger.left(player.id, (LOBBY, lobby_id))
        player.drop_lobby(lobby_id)
    else:
        await refused_in_lobby(player, lobby_id, answer)


async def reconnect(player: Player) -> None:
    await player.reconnect(player.world.rng.uniform(*RECONNECT_PAUSE_SECONDS))
