"""The lobby commands of the mix: create, search and join, update the lobby (its owner) or one's own member
attributes, leave; a refusal that says a player's belief is stale makes it resync that lobby."""

from __future__ import annotations

from typing import Any

from bench.loadtest.ledger import LOBBY
from bench.loadtest.player import Player
from bench.loadtest.stats import Answer

MODES = ("ctf", "race", "duel")
BUCKET = "load"
NOT_IN_LOBBY = frozenset({"EOS_Lobby_NoPermission", "EOS_NotFound", "EOS_Lobby_NotOwner"})


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
