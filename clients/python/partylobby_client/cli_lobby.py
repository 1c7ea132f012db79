"""The `lobby ...` commands of the terminal client: create, search, join, leave, info, invite, accept, destroy."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from partylobby_client.cli_format import UsageError, lobby_line
from partylobby_client.client import PartyLobbyClient
from partylobby_client.models import AttributeValue, Comparison, SearchParameter

Output = Callable[[str], None]
CONDITION = re.compile(r"^([A-Za-z_][\w.-]*)(>=|<=|!=|=|>|<)(.*)$")
OPS = {
    "=": Comparison.EQUAL,
    "!=": Comparison.NOTEQUAL,
    ">": Comparison.GREATERTHAN,
    ">=": Comparison.GREATERTHANOREQUAL,
    "<": Comparison.LESSTHAN,
    "<=": Comparison.LESSTHANOREQUAL,
}
DEFAULT_MAX_MEMBERS = 4


def parse_value(text: str) -> AttributeValue:
    """`3` -> 3, `1.5` -> 1.5, `true`/`false` -> bool, anything else the string itself."""
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def parse_condition(text: str) -> tuple[str, str, AttributeValue]:
    match = CONDITION.match(text)
    if match is None:
        raise UsageError(f"not a key=value condition: {text!r}")
    key, op, value = match.groups()
    return key, op, parse_value(value)


class LobbyCommands:
    def __init__(self, client: PartyLobbyClient, out: Output) -> None:
        self.client = client
        self.out = out
        self.last_invite: str | None = None  # invite id of the last OnLobbyInviteReceived
        self.last_search: list[str] = []
        self._table: dict[str, Callable[[list[str]], Awaitable[None]]] = {
            "create": self.create,
            "search": self.search,
            "join": self.join,
            "leave": self.leave,
            "info": self.info,
            "invite": self.invite,
            "accept": self.accept,
            "destroy": self.destroy,
        }

    async def run(self, args: list[str], _: str) -> None:
        handler = self._table.get(args[0].lower()) if args else None
        if handler is None:
            raise UsageError(f"lobby {' | '.join(self._table)} (type help)")
        await handler(args[1:])

    def _lobby_id(self, args: list[str]) -> str:
        if args:
            return args[0]
        joined = list(self.client.lobbies)
        if len(joined) != 1:
            raise UsageError("name the lobby: you are in " + (f"{len(joined)} lobbies" if joined else "no lobby"))
        return joined[0]

    async def create(self, args: list[str]) -> None:
        if not args:
            raise UsageError("lobby create <bucket> [max] [key=value]...")
        bucket, rest = args[0], args[1:]
        max_members = int(rest.pop(0)) if rest and rest[0].isdigit() else DEFAULT_MAX_MEMBERS
        attributes: dict[str, AttributeValue] = {}
        for text in rest:
            key, op, value = parse_condition(text)
            if op != "=":
                raise UsageError(f"an attribute is key=value: {text!r}")
            attributes[key] = value
        lobby = await self.client.create_lobby(bucket, max_members, attributes=attributes)
        self.out(f"created {lobby_line(lobby)}")

    async def search(self, args: list[str]) -> None:
        if not args:
            raise UsageError("lobby search <bucket> [key=value|key>n]...")
        parameters = [
            SearchParameter(key=key, op=OPS[op], value=value) for key, op, value in map(parse_condition, args[1:])
        ]
        lobbies = await self.client.search_lobbies(bucket_id=args[0], parameters=parameters)
        self.last_search = [lobby.lobby_id for lobby in lobbies]
        self.out(f"found {len(lobbies)} {'lobby' if len(lobbies) == 1 else 'lobbies'} in bucket {args[0]}")
        for lobby in lobbies:
            self.out(f"  {lobby_line(lobby)}")

    async def join(self, args: list[str]) -> None:
        if not args and not self.last_search:
            raise UsageError("lobby join <lobby_id> (or search first)")
        lobby = await self.client.join_lobby(args[0] if args else self.last_search[0])
        self.out(f"joined {lobby_line(lobby)}")

    async def leave(self, args: list[str]) -> None:
        lobby_id = self._lobby_id(args)
        await self.client.leave_lobby(lobby_id)
        self.out(f"left lobby {lobby_id}")

    async def info(self, args: list[str]) -> None:
        lobby = await self.client.get_lobby(self._lobby_id(args))
        self.out(lobby_line(lobby))
        for member in lobby.members:
            attributes = "".join(f" {a.key}={a.value}" for a in member.attributes)
            self.out(f"  member {member.user_id}{' (owner)' if member.user_id == lobby.owner_id else ''}{attributes}")

    async def invite(self, args: list[str]) -> None:
        if not args:
            raise UsageError("lobby invite <player> [lobby_id]")
        lobby_id = self._lobby_id(args[1:])
        invite_id = await self.client.send_invite(lobby_id, args[0])
        self.out(f"invited {args[0]} to lobby {lobby_id} (invite {invite_id})")

    async def accept(self, args: list[str]) -> None:
        invite_id = args[0] if args else self.last_invite
        if invite_id is None:
            raise UsageError("lobby accept <invite_id> (no invite received yet)")
        self.out(f"joined {lobby_line(await self.client.accept_invite(invite_id))}")

    async def destroy(self, args: list[str]) -> None:
        lobby_id = self._lobby_id(args)
        await self.client.destroy_lobby(lobby_id)
        self.out(f"destroyed lobby {lobby_id}")
