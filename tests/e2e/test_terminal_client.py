"""The terminal client (`partylobby`, clients/python/partylobby_client/cli.py) driven in two pseudo-terminals.

Two players each type at their own prompt, as two people at two terminals would, against the session's stack:
invite -> the invitation shows live -> join -> the join shows live -> chat both ways -> kick, seen by both;
a lobby created in one terminal and found (and joined) from the other; and bad commands print an error
without ending the client.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import uuid4

import pexpect
import pytest

from tests.e2e.conftest import Stack

pytestmark = pytest.mark.e2e

WAIT = 10.0  # seconds for one expected line
UUID = r"[0-9a-f-]{36}"


def partylobby_command() -> str:
    """The console script installed next to the Python running the tests (the project's venv)."""
    beside = Path(sys.executable).parent / "partylobby"
    found = str(beside) if beside.exists() else shutil.which("partylobby")
    if found is None:
        pytest.fail("the partylobby command is not installed: pip install -e clients/python")
    return found


class Terminal:
    """One `partylobby` in its own pseudo-terminal (so it runs its interactive prompt, not the plain mode)."""

    def __init__(self, stack: Stack, player_id: str) -> None:
        self.player_id = player_id
        env = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1"}
        args = ["--url", stack.url, "--ws", stack.ws_url, "--player", player_id]
        self.child = pexpect.spawn(
            partylobby_command(), args, env=env, encoding="utf-8", timeout=WAIT, dimensions=(50, 300)
        )
        self.expect(f"signed in as {player_id}")

    def type(self, line: str) -> None:
        self.child.sendline(line)

    def expect(self, text: str) -> None:
        """Wait for this exact text in the output (events included), failing with what was seen instead."""
        self.child.expect_exact(text)

    def expect_all(self, *texts: str) -> None:
        """Wait for each of these texts, in any order (a command's answer and the push it causes race)."""
        waiting = list(texts)
        while waiting:
            del waiting[self.child.expect_exact(waiting)]

    def expect_re(self, pattern: str) -> re.Match[str]:
        self.child.expect(pattern)
        match = self.child.match
        assert isinstance(match, re.Match)
        return match

    def quit(self) -> int | None:
        self.type("quit")
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus


@pytest.fixture
def terminal(stack: Stack) -> Iterator[Callable[[str], Terminal]]:
    opened: list[Terminal] = []

    def open_terminal(name: str) -> Terminal:
        opened.append(Terminal(stack, f"{name}-{uuid4().hex[:8]}"))
        return opened[-1]

    yield open_terminal
    for term in opened:
        if term.child.isalive():
            term.child.close(force=True)


def test_two_terminals_invite_join_chat_kick_and_lobbies(terminal: Callable[[str], Terminal]) -> None:
    alice, bob = terminal("alice"), terminal("bob")

    alice.type("create squad")
    party_id = alice.expect_re(rf'created party ({UUID}) "squad" v1: leader {alice.player_id}').group(1)
    alice.type(f"invite {bob.player_id}")
    alice.expect(f"invited {bob.player_id} to party {party_id}")

    bob.expect(f'[event] OnReceivePartyInvitation from {alice.player_id} to party {party_id} "squad"')
    bob.type("join")  # the party of the last invitation
    bob.expect(f"joined party {party_id}")
    alice.expect(f"[event] OnPartyMemberJoined {bob.player_id} (party {party_id}, v2)")

    alice.type("chat hello bob")
    alice.expect(f"sent #1 <{alice.player_id}> hello bob")
    bob.expect(f"[event] OnReceivePartyChatMsg <{alice.player_id}> hello bob")
    bob.type("chat hi alice")
    bob.expect(f"sent #2 <{bob.player_id}> hi alice")
    alice.expect(f"[event] OnReceivePartyChatMsg <{bob.player_id}> hi alice")

    alice.type("data map=dust")
    bob.expect("[event] OnCustomDataChanged global='map=dust'")

    alice.type(f"kick {bob.player_id}")
    kicked = f"[event] OnPartyMemberLeft {bob.player_id} kicked (party {party_id}"
    alice.expect_all(f"kicked {bob.player_id}", kicked)
    bob.expect(kicked)

    bucket = f"bucket-{uuid4().hex[:8]}"
    alice.type(f"lobby create {bucket} 4 mode=duo level=3")
    lobby_id = alice.expect_re(rf"created lobby ({UUID}) v1: owner {alice.player_id}").group(1)
    bob.type(f"lobby search {bucket} level>2 mode=duo")
    bob.expect(f"found 1 lobby in bucket {bucket}")
    bob.expect(f"lobby {lobby_id} v1: owner {alice.player_id}, 1/4 members")
    bob.type("lobby join")  # the first lobby of the last search
    bob.expect(f"joined lobby {lobby_id}")
    alice.expect(f"[event] OnLobbyMemberStatusReceived {bob.player_id} joined (lobby {lobby_id}")

    assert alice.quit() == 0
    assert bob.quit() == 0


def test_bad_commands_print_errors_and_the_client_goes_on(terminal: Callable[[str], Terminal]) -> None:
    carol = terminal("carol")

    carol.type("frobnicate")
    carol.expect("error usage: unknown command 'frobnicate' (type help)")
    carol.type("leave")
    carol.expect("error usage: you are in no party")
    carol.type("join no-such-party")
    carol.expect_re(r"error kBackend\w+: ")
    carol.type("lobby join no-such-lobby")
    carol.expect_re(r"error EOS_\w+: ")

    carol.type("whoami")
    carol.expect(f"{carol.player_id} on http")
    assert carol.child.isalive()
    assert carol.quit() == 0
