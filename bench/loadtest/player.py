"""One simulated player: its own keep-alive HTTP connection and WebSocket, what it believes it is in, and resyncs.

The socket is read in a task that records every push in the ledger. A player watches the versions of what it is
in: a push beyond a missing version is a gap, and a gap still open GAP_WAIT_SECONDS later (pushes of one
aggregate may come from two functions) makes it resync (GET the party or lobby). Reconnecting resyncs
everything it is in and catches up on the party's chat. Beliefs steer what it does next; the checks never
trust them, only the ledger and the final state.

A Player is built in layers, each in its module: beliefs.py (what it believes, and the pushes that change it),
connection.py (its HTTP connection and WebSocket), and here the resyncs that set its beliefs right.
"""

from __future__ import annotations

import asyncio
import time

from bench.loadtest.beliefs import HINT
from bench.loadtest.connection import Connected
from bench.loadtest.ledger import LOBBY, PARTY

GAP_WAIT_SECONDS = 2.0


class Player(Connected):
    """A connected player that resyncs: after a gap, a reconnect, a command with no answer."""

    async def reconnect(self, pause: float) -> None:
        """Closed for `pause` seconds (within the offline grace), then everything it is in resynced."""
        # Chat pushes after the reconnect move last_seq on: the catch-up starts from the last one seen before.
        resume = (self.party.party_id, self.party.last_seq) if self.party else None
        await self.disconnect()
        await asyncio.sleep(pause)
        if not await self.connect("WebSocket reconnect"):
            return
        await self.resync_party("reconnect")
        for lobby_id in list(self.lobbies):
            await self.resync_lobby(lobby_id, "reconnect")
        if self.party is not None:
            same = resume is not None and resume[0] == self.party.party_id
            await self.catch_up_chat(resume[1] if resume and same else 0)

    async def heal(self) -> None:
        """Resync what has had a gap for GAP_WAIT_SECONDS; read the lobbies the party's chat announced."""
        now = time.monotonic()
        for key, since in list(self.suspected.items()):
            if now - since >= GAP_WAIT_SECONDS:
                del self.suspected[key]
                if since == HINT or self.holes(key):
                    await (self.resync_party("gap") if key[0] == PARTY else self.resync_lobby(key[1], "gap"))
        for lobby_id in list(self.signals):
            self.signals.discard(lobby_id)
            if lobby_id not in self.lobbies:
                await self.resync_lobby(lobby_id, "lobby announced in party chat")

    async def settle(self) -> None:
        """After a command with no answer (it may or may not have committed), read what is true."""
        self.unsettled = False
        await self.resync_party("no answer", covering=False)
        for lobby_id in list(self.lobbies):
            await self.resync_lobby(lobby_id, "no answer", covering=False)

    async def resync_party(self, reason: str, covering: bool = True) -> None:
        """`covering`: a resync after a gap or a reconnect, whose answer stands for the pushes it missed."""
        answer = await self.call("resync: GET /me/party", "GET", "/me/party")
        ledger, old = self.world.ledger, self.party
        if answer.ok:
            if old is not None and old.party_id != answer.body["party_id"]:
                ledger.gone(self.id, old.key, reason, covering)
            ledger.resynced(self.id, (PARTY, str(answer.body["party_id"])), int(answer.body["version"]), reason)
            self.adopt_party(answer.body, joined=False).synced_to = int(answer.body["version"])
        elif answer.status == 404 and old is not None:
            ledger.gone(self.id, old.key, reason, covering)
            self.drop_party()

    async def resync_lobby(self, lobby_id: str, reason: str, covering: bool = True) -> None:
        answer = await self.call("resync: GET /lobbies/{id}", "GET", f"/lobbies/{lobby_id}")
        if not answer.ok and answer.status != 404:
            return
        details = answer.body if answer.ok else {"members": []}
        key, ledger = (LOBBY, lobby_id), self.world.ledger
        if any(m["user_id"] == self.id for m in details["members"]):
            ledger.resynced(self.id, key, int(details["version"]), reason)
            view = self.adopt_lobby(lobby_id, details["owner_id"] == self.id, int(details["version"]), new_stay=False)
            view.owner, view.synced_to = details["owner_id"] == self.id, int(details["version"])
        elif lobby_id in self.lobbies:
            ledger.gone(self.id, key, reason, covering)
            self.drop_lobby(lobby_id)
        else:
            ledger.resync_reasons[reason] += 1

    async def catch_up_chat(self, after_seq: int) -> None:
        party = self.party
        if party is None:
            return
        path = f"/parties/{party.party_id}/chat?after_seq={after_seq}"
        answer = await self.call("chat catch-up: GET /parties/{id}/chat", "GET", path)
        for message in answer.body["messages"] if answer.ok else []:
            self.world.ledger.chat_received[self.id].add(str(message["msg_id"]))
            self.chat_seen(message)

    async def close(self) -> None:
        await self.disconnect()
        await self.http.aclose()
