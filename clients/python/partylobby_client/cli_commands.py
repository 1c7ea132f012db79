"""The commands of the terminal client (`partylobby`): one line in, the SDK call, one or a few lines out.

Errors of the service are printed as `error <err_code>: <msg>` and never end the session.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from partylobby_client.cli_format import UsageError, custom_data_line, party_details, party_line
from partylobby_client.cli_lobby import LobbyCommands
from partylobby_client.client import PartyLobbyClient
from partylobby_client.errors import PartyLobbyError
from partylobby_client.event_base import Event
from partylobby_client.lobby_events import OnLobbyInviteReceived
from partylobby_client.party_events import OnReceivePartyInvitation
from partylobby_client.sdk_events import ConnectionState

Output = Callable[[str], None]
Handler = Callable[[list[str], str], Awaitable[None]]

HELP = """\
party
  create [name] [max]       create a party (chat on) and lead it
  invite <player>...        invite players to your party
  join [party_id]           join a party (default: the last invitation received)
  leave                     leave your party
  kick <player>             remove a member (leader only)
  transfer <player>         make another member the leader
  dismiss                   dismiss your party (leader only)
  info [party_id]           show your party (or another one)
  chat <text>               send a chat message to your party
  data <text>               set the party's global custom data (leader only)
  mydata <text>             set your own custom data in the party
  invites                   pending party invitations and lobby invites
social
  friends add <player>      send a friend request, or accept theirs
  friends remove <player>   remove a friend
  friends list              friends, incoming and outgoing requests
lobby
  lobby create <bucket> [max] [key=value]...   create a lobby and own it
  lobby search <bucket> [key=value|key>n]...   find lobbies of a bucket
  lobby join [lobby_id]     join a lobby (default: the first one of the last search)
  lobby leave [lobby_id]    leave a lobby (default: the one you are in)
  lobby info [lobby_id]     show a lobby
  lobby invite <player> [lobby_id]   invite a player to a lobby
  lobby accept [invite_id]  accept a lobby invite (default: the last one received)
  lobby destroy [lobby_id]  close a lobby you own
other
  whoami                    your player id and connection
  sleep <seconds>           wait (for scripts piped in)
  help                      this text
  quit                      leave the client (your party and lobbies stay until you go offline)"""


class Commands:
    """The REPL's commands over one signed-in client. `await run(line)` answers False once the user quits."""

    def __init__(self, client: PartyLobbyClient, out: Output) -> None:
        self.client = client
        self.out = out
        self.last_invitation: str | None = None  # party id of the last OnReceivePartyInvitation
        self.lobby = LobbyCommands(client, out)
        self._table: dict[str, Handler] = {
            "create": self.create,
            "invite": self.invite,
            "join": self.join,
            "leave": self.leave,
            "kick": self.kick,
            "transfer": self.transfer,
            "dismiss": self.dismiss,
            "info": self.info,
            "chat": self.chat,
            "data": self.data,
            "mydata": self.mydata,
            "invites": self.invites,
            "friends": self.friends,
            "lobby": self.lobby.run,
            "whoami": self.whoami,
            "sleep": self.sleep,
            "help": self.help,
            "?": self.help,
        }

    def observe(self, event: Event) -> None:
        """Remember what later commands default to (the last invitation, the last lobby invite)."""
        if isinstance(event, OnReceivePartyInvitation):
            self.last_invitation = event.party_id
        elif isinstance(event, OnLobbyInviteReceived):
            self.lobby.last_invite = event.invite_id

    async def run(self, line: str) -> bool:
        name, _, rest = line.strip().partition(" ")
        rest = rest.strip()
        if not name or name.startswith("#"):
            return True
        if name in ("quit", "exit"):
            return False
        handler = self._table.get(name.lower())
        try:
            if handler is None:
                raise UsageError(f"unknown command {name!r} (type help)")
            await handler(rest.split(), rest)
        except PartyLobbyError as error:
            self.out(f"error {error.err_code}: {error.msg}")
        except UsageError as error:
            self.out(f"error usage: {error}")
        except Exception as error:  # a REPL never dies of one command
            self.out(f"error {type(error).__name__}: {error}")
        return True

    # -- party -------------------------------------------------------------------------

    def _party_id(self) -> str:
        party = self.client.party
        if party is None:
            raise UsageError("you are in no party (create or join one)")
        return party.party_id

    async def create(self, args: list[str], _: str) -> None:
        max_player = 0
        if len(args) > 1 and args[-1].isdigit():
            max_player = int(args.pop())
        party = await self.client.create_party(" ".join(args), max_player=max_player, enable_chatting=True)
        self.out(f"created {party_line(party)}")

    async def invite(self, args: list[str], _: str) -> None:
        if not args:
            raise UsageError("invite <player>...")
        party_id = self._party_id()
        await self.client.invite_player_to_party(party_id, args)
        self.out(f"invited {', '.join(args)} to party {party_id}")

    async def join(self, args: list[str], _: str) -> None:
        party_id = args[0] if args else self.last_invitation
        if party_id is None:
            raise UsageError("join <party_id> (no invitation received yet)")
        self.out(f"joined {party_line(await self.client.join_party(party_id))}")

    async def leave(self, _: list[str], __: str) -> None:
        party_id = self._party_id()
        await self.client.leave_party(party_id)
        self.out(f"left party {party_id}")

    async def kick(self, args: list[str], _: str) -> None:
        if len(args) != 1:
            raise UsageError("kick <player>")
        await self.client.kick_party_member(self._party_id(), args[0])
        self.out(f"kicked {args[0]}")

    async def transfer(self, args: list[str], _: str) -> None:
        if len(args) != 1:
            raise UsageError("transfer <player>")
        party = await self.client.transfer_party_leader(self._party_id(), args[0])
        self.out(f"leader is now {party.leader_id}")

    async def dismiss(self, _: list[str], __: str) -> None:
        party_id = self._party_id()
        await self.client.dismiss_party(party_id)
        self.out(f"dismissed party {party_id}")

    async def info(self, args: list[str], _: str) -> None:
        party = await (self.client.get_party_info(args[0]) if args else self.client.get_current_party())
        if party is None:
            self.out("you are in no party")
            return
        for line in party_details(party):
            self.out(line)

    async def chat(self, _: list[str], text: str) -> None:
        if not text:
            raise UsageError("chat <text>")
        message = await self.client.send_party_chat_msg(self._party_id(), text)
        self.out(f"sent #{message.seq} <{message.sender_id}> {message.content}")

    async def data(self, _: list[str], text: str) -> None:
        data = await self.client.set_global_custom_data(self._party_id(), text)
        self.out(f"custom data {custom_data_line(data)}")

    async def mydata(self, _: list[str], text: str) -> None:
        data = await self.client.set_player_custom_data(self._party_id(), text)
        self.out(f"custom data {custom_data_line(data)}")

    async def invites(self, _: list[str], __: str) -> None:
        invitations = await self.client.get_party_invitations()
        lobby_invites = await self.client.query_invites()
        if not invitations and not lobby_invites:
            self.out("no pending invitations")
        for invitation in invitations:
            self.out(
                f'party invitation from {invitation.inviter_id}: party {invitation.party_id} "{invitation.party_name}"'
                f" (until {invitation.expires_at})"
            )
        for invite in lobby_invites:
            self.out(
                f"lobby invite {invite.invite_id} from {invite.from_user_id}: lobby {invite.lobby_id}"
                f" (until {invite.expires_at})"
            )

    # -- social ------------------------------------------------------------------------

    async def friends(self, args: list[str], _: str) -> None:
        match args:
            case ["add", player]:
                self.out(f"friend {player}: {await self.client.add_friend(player)}")
            case ["remove", player]:
                await self.client.remove_friend(player)
                self.out(f"removed friend {player}")
            case ["list"] | []:
                friends = await self.client.get_friends()
                self.out(f"friends: {', '.join(friends.friends) or '-'}")
                self.out(f"incoming requests: {', '.join(friends.incoming) or '-'}")
                self.out(f"outgoing requests: {', '.join(friends.outgoing) or '-'}")
            case _:
                raise UsageError("friends add <player> | friends remove <player> | friends list")

    # -- other -------------------------------------------------------------------------

    async def whoami(self, _: list[str], __: str) -> None:
        state = ConnectionState.CONNECTED if self.client.connected else ConnectionState.DISCONNECTED
        self.out(f"{self.client.player_id} on {self.client.base_url} ({state})")

    async def sleep(self, args: list[str], _: str) -> None:
        try:
            seconds = float(args[0]) if len(args) == 1 else -1.0
        except ValueError:
            seconds = -1.0
        if not 0 <= seconds <= 3600:
            raise UsageError("sleep <seconds>")
        await asyncio.sleep(seconds)

    async def help(self, _: list[str], __: str) -> None:
        self.out(HELP)
