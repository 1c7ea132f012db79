"""One simulated player: its own keep-alive HTTP connection and WebSocket, what it believes it is in, and resyncs.

The socket is read in a task that records every push in the ledger. A player watches the versions of what it is
in: a push beyond a missing version is a gap, and a gap still open GAP_WAIT_SECONDS later (pushes of one
aggregate may come from two functions) makes it resync (GET the party or lobby). Reconnecting resyncs
everything it is in and catches up on the party's chat. Beliefs steer what it does next; the checks never
trust them, only the ledger and the final state.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from bench.loadtest.ledger import LOBBY, PARTY, Key
from bench.loadtest.stats import Answer
from bench.loadtest.world import World

GAP_WAIT_SECONDS = 2.0
HTTP_TIMEOUT_SECONDS = 30.0  # API Gateway's own limit on an integration
LOBBY_SIGNAL = "lobby:"  # a party chat custom message: the leader brought the party into this lobby
HINT = -1.0  # a push too large to send came as a resync hint: resync at once
PARALLEL = 20  # sign-ins, connects and final reads at once
TRAIL = 300  # what a player did and got last, for the report of a failed check

AGGREGATE_PATH = re.compile(r"^/(?:parties|lobbies)/([^/?]+)")

T = TypeVar("T")
R = TypeVar("R")


def aggregate_in(path: str) -> str | None:
    """The party or lobby a command's path names (None for a create: the new id never came back)."""
    found = AGGREGATE_PATH.match(path)
    return found.group(1) if found else None


async def for_each(items: Sequence[T], work: Callable[[T], Awaitable[R]], parallel: int = PARALLEL) -> list[R]:
    """`work` on every item, `parallel` at a time; the results in order."""
    gate = asyncio.Semaphore(parallel)

    async def one(item: T) -> R:
        async with gate:
            return await work(item)

    return list(await asyncio.gather(*(one(item) for item in items)))


@dataclass
class PartyView:
    party_id: str
    leader_id: str
    members: set[str]
    max_player: int
    since: int  # the version its stay began at, or that it first learned of it at
    synced_to: int = 0
    last_seq: int = 0  # the last chat message it saw

    @property
    def key(self) -> Key:
        return PARTY, self.party_id


@dataclass
class LobbyView:
    lobby_id: str
    owner: bool
    since: int
    synced_to: int = 0


@dataclass
class Player:
    id: str
    world: World
    http: httpx.AsyncClient = field(init=False)
    socket: ClientConnection | None = None
    reader: asyncio.Task[None] | None = None
    closing: bool = False
    party: PartyView | None = None
    lobbies: dict[str, LobbyView] = field(default_factory=dict)
    invitations: list[str] = field(default_factory=list)  # party ids
    suspected: dict[Key, float] = field(default_factory=dict)  # a gap, since when
    signals: set[str] = field(default_factory=set)  # lobbies the party's chat announced
    token: str = ""
    unsettled: bool = False  # a command got no answer: what it believes may be wrong
    trail: deque[str] = field(default_factory=lambda: deque(maxlen=TRAIL))

    def note(self, text: str) -> None:
        self.trail.append(f"{time.monotonic() - self.world.started:8.3f} {text}")

    def __post_init__(self) -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        self.http = httpx.AsyncClient(base_url=self.world.http_url, timeout=HTTP_TIMEOUT_SECONDS, limits=limits)
        self.world.loners.add(self.id)

    # -- connections ------------------------------------------------------------

    async def sign_in(self) -> None:
        response = await self.http.post("/dev/token", json={"player_id": self.id})
        response.raise_for_status()
        self.token = str(response.json()["token"])
        self.http.headers["Authorization"] = f"Bearer {self.token}"

    async def call(self, command: str, method: str, path: str, body: Any = None) -> Answer:
        started = time.perf_counter()
        try:
            answer = Answer.of(await self.http.request(method, path, json=body))
        except httpx.TimeoutException:
            answer = Answer(0, problem="timeout")
        except httpx.TransportError as error:
            answer = Answer(0, problem=type(error).__name__)
        self.world.stats.record(command, answer, (time.perf_counter() - started) * 1000, f"{method} {path}")
        self.note(f"{method} {path} {json.dumps(body) if body else ''} -> {answer.status} {answer.summary}")
        if (answer.status == 0 or answer.status >= 500) and method != "GET" and path != "/lobbies/search":
            self.world.unanswered.add((self.id, aggregate_in(path)))
            self.unsettled = True
        return answer

    async def connect(self, command: str = "WebSocket connect") -> bool:
        started = time.perf_counter()
        try:
            socket = await connect(f"{self.world.ws_url}/?token={self.token}", open_timeout=10, ping_interval=None)
        except InvalidStatus as refused:
            answer = Answer.of(
                httpx.Response(refused.response.status_code, content=bytes(refused.response.body or b""))
            )
        except (OSError, TimeoutError, InvalidHandshake) as error:
            answer = Answer(0, problem=type(error).__name__)
        else:
            answer = Answer(101)
            self.socket, self.closing = socket, False
            self.reader = asyncio.create_task(self._read(socket))
        self.world.stats.record(command, answer, (time.perf_counter() - started) * 1000, "GET /")
        self.note(f"{command} -> {answer.status}")
        return answer.ok

    async def disconnect(self) -> None:
        self.note("closing its socket")
        self.closing = True
        if self.socket is not None:
            await self.socket.close()
        if self.reader is not None:
            await self.reader
        self.socket = self.reader = None

    async def _read(self, socket: ClientConnection) -> None:
        try:
            async for raw in socket:
                self.on_push(json.loads(raw))
        except ConnectionClosed:
            pass
        except ValueError:
            self.world.stats.failure(f"WebSocket of {self.id}: a push that is not JSON")
        if not self.closing:
            self.world.stats.failure(f"WebSocket of {self.id} closed by the server: {socket.close_code}")

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

    # -- pushes -----------------------------------------------------------------

    def on_push(self, message: dict[str, Any]) -> None:
        if self.world.drop_pushes and self.world.rng.random() < self.world.drop_pushes:
            self.note(f"dropped (--drop-pushes) {message.get('event')} {json.dumps(message.get('data'))[:120]}")
            return  # as if the push had been lost, to see the checks catch it
        key = self.world.ledger.push(self.id, message)
        data = message.get("data") or {}
        self.note(f"push {message.get('event')} {json.dumps(data)[:160]}")
        if key is None:
            return
        if key[0] == PARTY:
            self._party_push(str(message.get("event")), data)
        else:
            self._lobby_push(data)
        if data.get("resync"):
            self.suspected[key] = HINT
        elif key not in self.suspected and self.holes(key):
            self.suspected[key] = time.monotonic()

    def _party_push(self, event: str, data: dict[str, Any]) -> None:
        party = self.party
        if event == "OnReceivePartyInvitation":
            self.invitations.append(str(data["party_id"]))
        if party is None or data["party_id"] != party.party_id:
            return
        if event == "OnPartyMemberJoined":
            party.members.add(data["player_id"])
        elif (event == "OnPartyMemberLeft" and data["player_id"] == self.id) or event == "OnPartyDismissed":
            self.drop_party()
        elif event == "OnPartyMemberLeft":
            party.members.discard(data["player_id"])
        elif event == "OnPartyLeaderTransferred":
            party.leader_id = data["new_leader_id"]
        elif event == "OnReceivePartyChatMsg":
            self.chat_seen(data)

    def _lobby_push(self, data: dict[str, Any]) -> None:
        lobby_id, status, target = data["lobby_id"], data.get("status"), data.get("target_user_id")
        view = self.lobbies.get(lobby_id)
        if status == "EOS_LMS_JOINED" and target == self.id and view is None:
            self.adopt_lobby(lobby_id, owner=False, since=data["version"], new_stay=True)
        elif status == "EOS_LMS_CLOSED" or (status == "EOS_LMS_KICKED" and target == self.id):
            self.drop_lobby(lobby_id)
        elif status == "EOS_LMS_PROMOTED" and view is not None:
            view.owner = target == self.id

    def chat_seen(self, message: dict[str, Any]) -> None:
        if self.party is not None:
            self.party.last_seq = max(self.party.last_seq, int(message["seq"]))
        content = str(message.get("content", ""))
        if message.get("type") == "custom" and content.startswith(LOBBY_SIGNAL):
            self.signals.add(content.removeprefix(LOBBY_SIGNAL))

    # -- beliefs ----------------------------------------------------------------

    def adopt_party(self, info: dict[str, Any], joined: bool) -> PartyView:
        party_id, version = str(info["party_id"]), int(info["version"])
        self.world.ledger.answered(self.id, (PARTY, party_id), version, joined)
        members = {m["player_id"] for m in info["members"]}
        if joined or self.party is None or self.party.party_id != party_id:
            self.party = PartyView(party_id, info["leader_id"], members, info["max_player"], since=version)
        else:
            self.party.leader_id, self.party.members = info["leader_id"], members
        if joined:
            self.world.promises.player_data[self.id, party_id] = ""
            self.invitations = [p for p in self.invitations if p != party_id]
        self.world.loners.discard(self.id)
        return self.party

    def drop_party(self) -> None:
        if self.party is not None:
            self.world.promises.player_data.pop((self.id, self.party.party_id), None)
        self.party = None
        self.world.loners.add(self.id)

    def adopt_lobby(self, lobby_id: str, owner: bool, since: int, new_stay: bool) -> LobbyView:
        view = self.lobbies.setdefault(lobby_id, LobbyView(lobby_id, owner, since))
        if new_stay:
            self.world.promises.member_ready.pop((self.id, lobby_id), None)
        return view

    def joined_lobby(self, details: dict[str, Any]) -> None:
        """Its own create or join was answered with these details."""
        lobby_id, version = str(details["lobby_id"]), int(details["version"])
        new = lobby_id not in self.lobbies
        self.world.ledger.answered(self.id, (LOBBY, lobby_id), version, joined=new)
        view = self.adopt_lobby(lobby_id, details["owner_id"] == self.id, version, new_stay=new)
        view.owner = details["owner_id"] == self.id

    def drop_lobby(self, lobby_id: str) -> None:
        self.lobbies.pop(lobby_id, None)
        self.world.promises.member_ready.pop((self.id, lobby_id), None)

    # -- gaps and resyncs -------------------------------------------------------

    def view(self, key: Key) -> PartyView | LobbyView | None:
        if key[0] == LOBBY:
            return self.lobbies.get(key[1])
        return self.party if self.party is not None and self.party.party_id == key[1] else None

    def holes(self, key: Key) -> list[int]:
        """The versions missing between the start of what it knows and the last version it saw."""
        view = self.view(key)
        if view is None:
            return []
        seen = self.world.ledger.seen[self.id, key]
        floor = max(view.since, view.synced_to)
        return [v for v in range(floor + 1, max(seen, default=floor)) if v not in seen]

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
