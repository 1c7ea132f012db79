"""What a player does: a weighted choice among what its situation allows, with think time between commands.

Parties form by invitation and by joining from the board (Public parties their members advertise); members
chat and set their custom data; leaders set the global data, invite, kick, transfer, and bring the party into a
lobby (then announce it in the party chat, so a member whose socket was closed learns of it on catching up).
Players create, search, join, update and leave lobbies, and now and then close their socket and reconnect
within the offline grace. Refusals the mix meets (a full party, a member who already left) are part of it.

The commands themselves are in party_actions.py and lobby_actions.py.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from bench.loadtest.lobby_actions import (
    create_lobby,
    leave_lobby,
    search_and_join_lobby,
    update_lobby,
    update_member,
)
from bench.loadtest.party_actions import (
    accept_invitation,
    chat,
    create_party,
    invite,
    join_from_board,
    kick,
    leave_party,
    party_joins_lobby,
    set_global_data,
    set_player_data,
    transfer,
)
from bench.loadtest.player import Player

RECONNECT_PAUSE_SECONDS = (1.0, 4.0)
MAX_LOBBIES = 3

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


async def reconnect(player: Player) -> None:
    await player.reconnect(player.world.rng.uniform(*RECONNECT_PAUSE_SECONDS))
