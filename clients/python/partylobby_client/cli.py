"""`partylobby`: a terminal client of the Party & Lobby service, to play with the local stack from two terminals.

    partylobby --player alice                      # local stack (`make run`): a token from POST /dev/token
    partylobby --url https://... --ws wss://... --token eyJ...

A REPL with a prompt at the bottom and every push printed live above it, one line each
(`[event] OnPartyMemberJoined bob ...`). Type `help` for the commands. When standard input is not a terminal
(a script piped in, or `--plain`), lines are read plainly and echoed, so sessions can be scripted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
from collections.abc import AsyncIterator, Sequence

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import WordCompleter
from prompt_toolkit.patch_stdout import patch_stdout

from partylobby_client.cli_commands import Commands
from partylobby_client.cli_format import event_line
from partylobby_client.client import PartyLobbyClient
from partylobby_client.dispatch import EventStream
from partylobby_client.errors import PartyLobbyError

DEFAULT_URL = "http://127.0.0.1:3000"
DEFAULT_WS = "ws://127.0.0.1:3001"
WORDS = [
    *("create", "invite", "join", "leave", "kick", "transfer", "dismiss", "info", "chat", "data", "mydata"),
    *("invites", "friends", "add", "remove", "list", "lobby", "search", "accept", "destroy"),
    *("whoami", "sleep", "help", "quit"),
]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="partylobby", description="Terminal client of the Party & Lobby service.")
    parser.add_argument("--url", default=os.environ.get("PARTYLOBBY_URL", DEFAULT_URL), help="HTTP API base URL")
    parser.add_argument("--ws", default=os.environ.get("PARTYLOBBY_WS", DEFAULT_WS), help="WebSocket URL")
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--player", help="sign in as this player id (local stack: POST /dev/token)")
    who.add_argument("--token", help="sign in with this JWT")
    parser.add_argument("--plain", action="store_true", help="read plain lines (no prompt_toolkit), echo them")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    interactive = not args.plain and sys.stdin.isatty() and sys.stdout.isatty()
    try:
        return asyncio.run(session(args, interactive))
    except KeyboardInterrupt:
        return 130


def say(line: str) -> None:
    print(line, flush=True)


def describe(error: BaseException) -> str:
    if isinstance(error, PartyLobbyError):
        return f"error {error.err_code}: {error.msg}"
    return f"error {type(error).__name__}: {error}"


async def session(args: argparse.Namespace, interactive: bool) -> int:
    try:
        if args.token:
            client = PartyLobbyClient(args.url, args.ws, args.token)
        else:
            client = await PartyLobbyClient.sign_in_dev(args.url, args.ws, args.player)
    except Exception as error:  # unreachable stack, refused player id, a token that is no JWT
        say(f"{describe(error)} (signing in on {args.url})")
        return 1
    if interactive:
        with patch_stdout():
            return await connected(client, args, interactive)
    return await connected(client, args, interactive)


async def connected(client: PartyLobbyClient, args: argparse.Namespace, interactive: bool) -> int:
    commands = Commands(client, say)
    printer = asyncio.create_task(print_events(client.events(), commands))
    try:
        try:
            await client.connect()
        except Exception as error:
            say(f"{describe(error)} (connecting to {args.ws})")
            return 1
        say(f"signed in as {client.player_id} on {args.url} - type help")
        lines = prompt_lines(client.player_id) if interactive else plain_lines(client.player_id)
        async for line in lines:
            if not await commands.run(line):
                break
        return 0
    finally:
        await client.close()  # ends the event stream, so the printer ends too
        await printer


async def print_events(stream: EventStream, commands: Commands) -> None:
    async for event in stream:
        commands.observe(event)
        say(event_line(event))


async def prompt_lines(player_id: str) -> AsyncIterator[str]:
    """Lines typed at a prompt kept at the bottom; Ctrl-C clears the line, Ctrl-D quits."""
    prompt: PromptSession[str] = PromptSession(
        completer=WordCompleter(WORDS), complete_while_typing=False, enable_history_search=True
    )
    while True:
        try:
            yield await prompt.prompt_async(f"{player_id}> ")
        except KeyboardInterrupt:
            continue
        except EOFError:
            return


async def plain_lines(player_id: str) -> AsyncIterator[str]:
    """Lines of a standard input that is no terminal, each echoed after a prompt; ends at end of input."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:  # a daemon thread: a blocked read never holds up the exit
        try:
            for line in sys.stdin:
                loop.call_soon_threadsafe(queue.put_nowait, line)
            loop.call_soon_threadsafe(queue.put_nowait, None)
        except RuntimeError:  # the loop closed first
            return

    threading.Thread(target=read, name="partylobby-stdin", daemon=True).start()
    while (line := await queue.get()) is not None:
        say(f"{player_id}> {line.rstrip()}")
        yield line


if __name__ == "__main__":
    sys.exit(main())
