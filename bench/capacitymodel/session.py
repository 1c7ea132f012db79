"""The commands of one player's game session, each run on DynamoDB Local through the production services.

A session is one match, about 20 minutes: the player connects, gets into a party (a quarter create one,
the rest join), sets their party data twice and chats six times; then looks for a lobby (six searches in
three minutes: two with no parameters, two EQUAL on the mode, two DISTANCE on the skill level), joins one
(one in eight creates it), readies up and changes their member attributes four times (the owner changes
the lobby's twice), plays, leaves the lobby and the party, and disconnects. Per-player quotas allow far
more (30 commands a minute); this is what a player does, not what they may do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bench.lobbysearch.searches import KINDS, Kind
from partylobby.bootstrap import Container
from partylobby.domain.lobby.model import Attribute, AttributeUpdate, LobbyUpdate, NewLobby, PermissionLevel
from partylobby.domain.lobby.search import Query
from partylobby.domain.party.chat import ChatType
from partylobby.domain.party.model import NewParty

SESSION_MINUTES = 20
HOT_BUCKET = "ranked:eu"
SEARCHES = {"no parameters": 2.0, "EQUAL mode=ctf (~10%)": 2.0, "DISTANCE level 50": 2.0}


@dataclass(frozen=True)
class Command:
    name: str
    per_session: float  # times one player runs it in a session
    run: Callable[[int], object]  # its i-th run, on actors of its own
    reads_the_bucket: bool = False  # a search: what it costs may depend on the bucket's size
    lobby_api: bool = False  # served by the lobby API's function (whose containers keep the lobbies shown)


@dataclass
class Actors:
    """The parties and lobbies that the commands after their creation act in, by run number."""

    container: Container
    parties: dict[int, str] = field(default_factory=dict)
    lobbies: dict[int, str] = field(default_factory=dict)

    def online(self, runs: int) -> None:
        """Every actor of `runs` runs connected (not counted: "connect" is a command of its own)."""
        for i in range(runs):
            for player in (f"leader{i}", f"joiner{i}", f"owner{i}", f"member{i}"):
                self.container.sessions.connected(player, f"conn-{player}")

    def create_party(self, i: int) -> None:
        self.parties[i] = self.container.parties.create(
            f"leader{i}", NewParty(max_player=4, enable_chatting=True)
        ).party.party_id

    def create_lobby(self, i: int) -> None:
        attributes = (Attribute("mode", "ctf"), Attribute("level", 40 + i % 20), Attribute("region", "eu-west"))
        created = self.container.lobbies.create(
            f"owner{i}", NewLobby(8, PermissionLevel.PUBLIC_ADVERTISED, HOT_BUCKET, attributes=attributes)
        )
        self.lobbies[i] = created.lobby.lobby_id

    def join_party(self, i: int) -> None:
        self.container.parties.join(f"joiner{i}", self.parties[i])

    def join_lobby(self, i: int) -> None:
        self.container.lobbies.join(f"member{i}", self.lobbies[i])


def bucket_search(services: Container, kind: Kind) -> Command:
    """A search of the hot bucket, as a command of its own (run the kind once per run)."""
    query = Query(bucket_id=HOT_BUCKET, parameters=kind.parameters, max_results=10)

    def find(_: int) -> object:
        return services.lobby_search.find("searcher", query)

    return Command(kind.label, 1, find, reads_the_bucket=True, lobby_api=True)


def commands(actors: Actors) -> list[Command]:
    """In the order they must run: each acts on what the ones before it made."""
    services = actors.container
    ready = AttributeUpdate((Attribute("ready", True), Attribute("hero", "mage")))

    searches = [
        replace(bucket_search(services, kind), name=f"search, {kind.label}", per_session=SEARCHES[kind.label])
        for kind in KINDS
        if kind.label in SEARCHES
    ]
    return [
        Command("connect", 1, lambda i: services.sessions.connected(f"player{i}", f"conn-player{i}")),
        Command("create party", 0.25, actors.create_party),
        Command("join party", 0.75, actors.join_party),
        Command(
            "set party data", 2, lambda i: services.parties.set_player_data(f"joiner{i}", actors.parties[i], "x" * 200)
        ),
        Command("party chat", 6, lambda i: services.chat.send(f"joiner{i}", actors.parties[i], ChatType.TEXT, "gg")),
        *searches,
        Command("create lobby", 1 / 8, actors.create_lobby, lobby_api=True),
        Command("join lobby", 7 / 8, actors.join_lobby, lobby_api=True),
        Command(
            "member attributes",
            4,
            lambda i: services.lobbies.update_member(f"member{i}", actors.lobbies[i], ready),
            lobby_api=True,
        ),
        Command(
            "lobby attributes",
            2 / 8,
            lambda i: services.lobbies.update(
                f"owner{i}", actors.lobbies[i], LobbyUpdate(set_attributes=(Attribute("map", f"map{i % 4}"),))
            ),
            lobby_api=True,
        ),
        Command("leave lobby", 1, lambda i: services.lobbies.leave(f"member{i}", actors.lobbies[i]), lobby_api=True),
        Command("leave party", 1, lambda i: services.parties.leave(f"joiner{i}", actors.parties[i])),
        Command("disconnect", 1, lambda i: services.sessions.disconnected(f"conn-player{i}", f"player{i}")),
    ]
