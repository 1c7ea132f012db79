"""The party commands of the mix: create, join (from the board or invited), chat, custom data, invite, kick,
transfer, leave, and bring the party into a lobby; a refusal that says a player's belief is stale makes it resync
its party."""

from __future__ import annotations

from bench.loadtest.beliefs import LOBBY_SIGNAL
from bench.loadtest.ledger import Chat
from bench.loadtest.lobby_actions import BUCKET, search
from bench.loadtest.player import Player
from bench.loadtest.stats import Answer
from bench.loadtest.views import PartyView

NOT_IN_PARTY = frozenset({"kBackendNotPartyMember", "kBackendPartyNotFound", "kBackendPartyDuplicated"})


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
