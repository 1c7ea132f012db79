"""PartyLobbyClient: every SDK call of both seeds, typed answers and errors, and the managed realtime events."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, TypeVar, overload
from urllib.parse import quote

import httpx

from partylobby_client.dev import dev_token, token_subject
from partylobby_client.dispatch import MAX_QUEUED_EVENTS, Dispatcher, EventStream
from partylobby_client.errors import AuthError
from partylobby_client.event_base import Event
from partylobby_client.events import parse_push
from partylobby_client.http import HttpTransport, RetryPolicy, Sleep
from partylobby_client.lobby_api import LobbyCalls
from partylobby_client.models import LobbyDetails, PartyInfo
from partylobby_client.party_api import PartyCalls
from partylobby_client.realtime import Realtime
from partylobby_client.reconnects import RealtimeOptions
from partylobby_client.sdk_events import ConnectionState, OnConnectionStateChanged, ResyncReason
from partylobby_client.sync import SyncEngine

E = TypeVar("E", bound=Event)


@dataclass(frozen=True)
class ClientOptions:
    timeout: float = 10.0  # seconds per HTTP call
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    realtime: RealtimeOptions = field(default_factory=RealtimeOptions)
    max_queued_events: int = MAX_QUEUED_EVENTS  # per event stream; beyond it the oldest go (OnEventsDropped)


class PartyLobbyClient(PartyCalls, LobbyCalls):
    """One signed-in player.

    ```
    async with PartyLobbyClient(base_url, ws_url, token) as client:   # connects the WebSocket
        client.on(OnPartyMemberJoined, lambda e: print(e.player_id))
        party = await client.create_party("squad", enable_chatting=True)
        async for event in client.events(): ...
    ```
    Calls raise PartyError / LobbyError / AuthError / RateLimited (all PartyLobbyError) with `err_code`,
    `status` and `msg`. `client.party` and `client.lobbies` hold what the SDK knows, kept in step by pushes
    and resyncs.
    """

    def __init__(
        self,
        base_url: str,
        ws_url: str | None,
        token: str,
        *,
        player_id: str | None = None,
        options: ClientOptions | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.options = options or ClientOptions()
        self.base_url, self.ws_url = base_url, ws_url
        self._http = HttpTransport(
            base_url, token, timeout=self.options.timeout, retry=self.options.retry, transport=transport, sleep=sleep
        )
        self._dispatcher = Dispatcher(self.options.max_queued_events)
        self._sync = SyncEngine(player_id or token_subject(token), self, self._dispatcher.emit, self._token_refused)
        self._realtime = Realtime(
            self._ws_address, self.options.realtime, self._on_push, self._on_state, self._sync.resync
        )

    @classmethod
    async def sign_in_dev(cls, base_url: str, ws_url: str | None, player_id: str, **kwargs: Any) -> PartyLobbyClient:
        """A client of `player_id` on the local stack, with a token from `POST /dev/token` (not connected)."""
        return cls(base_url, ws_url, await dev_token(base_url, player_id), player_id=player_id, **kwargs)

    # -- state -------------------------------------------------------------------------

    @property
    def party(self) -> PartyInfo | None:
        """The caller's party as last known (answers, pushes applied, resyncs), or None."""
        return self._sync.party

    @property
    def lobbies(self) -> dict[str, LobbyDetails]:
        """The lobbies the caller is in, as last known (pushes bump versions; `get_lobby` for attributes)."""
        return dict(self._sync.lobbies)

    @property
    def connected(self) -> bool:
        return self._realtime.connected.is_set()

    @property
    def realtime(self) -> Realtime:
        """The WebSocket manager (its options, and hooks for tests: drop_connection, drop_next_push)."""
        return self._realtime

    @property
    def connection_state(self) -> ConnectionState | None:
        """The state last raised by OnConnectionStateChanged (None before the first connect)."""
        return self._realtime.state

    def set_token(self, token: str) -> None:
        """A new token for the HTTP calls and the WebSocket's next connect. After `auth_failed` (or
        `socket_limit`, `logged_out`) the WebSocket reconnects at once with it, resyncs and raises `connected`;
        an open socket stays as it is."""
        self._http.set_token(token)
        self._realtime.resume()

    # -- events ------------------------------------------------------------------------

    @overload
    def on(self, name: type[E], callback: Callable[[E], Awaitable[None] | None]) -> Callable[[], None]: ...

    @overload
    def on(self, name: str, callback: Callable[[Event], Awaitable[None] | None]) -> Callable[[], None]: ...

    def on(self, name: str | type[Event], callback: Callable[[Any], Awaitable[None] | None]) -> Callable[[], None]:
        """Call `callback(event)` for each event of this name ("OnPartyMemberJoined") or type, or all with "*".
        Callbacks may be plain functions or coroutine functions. Returns a function that removes it."""
        return self._dispatcher.on(name, callback)

    def events(self) -> EventStream:
        """Every event from now on: `async for event in client.events()`."""
        return self._dispatcher.stream()

    # -- connection --------------------------------------------------------------------

    async def connect(self) -> None:
        """Open the managed WebSocket (after sign-in). Raises AuthError if the token is refused."""
        if self.ws_url is None:
            raise ValueError("this client was made without a ws_url")
        await self._realtime.start()

    async def reconnect(self, timeout: float | None = None) -> None:
        """Reconnect now: after the SDK stopped on its own (`auth_failed`, `socket_limit`, `logged_out`: it does
        not reconnect by itself then), or to cut a backoff wait short. Returns once connected and resynced;
        raises AuthError if the token is refused, TimeoutError after `timeout` (the SDK goes on trying)."""
        if self.ws_url is None:
            raise ValueError("this client was made without a ws_url")
        await asyncio.wait_for(self._realtime.reconnect(), timeout)

    async def wait_connected(self, timeout: float | None = None) -> None:
        await asyncio.wait_for(self._realtime.connected.wait(), timeout)

    async def resync(self) -> None:
        """Read the party and lobbies now; raises OnPartyInfoUpdated / OnLobbyInfoUpdated."""
        await self._sync.resync(ResyncReason.REQUESTED)

    async def close(self) -> None:
        """Close the WebSocket (no reconnect) and the HTTP client; event streams end."""
        was_running = self._realtime.running
        await self._realtime.stop()
        await self._sync.aclose()
        if was_running:
            await self._dispatcher.emit(OnConnectionStateChanged(state=ConnectionState.CLOSED))
        await self._http.aclose()
        self._dispatcher.close()

    async def logout(self) -> None:
        """Logout: leaves every party and lobby and closes the sockets; the WebSocket is not reopened."""
        await self._realtime.stop()
        await super().logout()

    async def __aenter__(self) -> PartyLobbyClient:
        if self.ws_url is not None:
            await self.connect()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.close()

    def _ws_address(self) -> str:
        return f"{(self.ws_url or '').rstrip('/')}/?token={quote(self._http.token, safe='')}"

    async def _on_push(self, push: dict[str, Any]) -> None:
        await self._sync.handle(parse_push(push))

    async def _token_refused(self, error: AuthError) -> None:
        await self._realtime.refuse_token(error)

    async def _on_state(self, state: ConnectionState, error: str | None) -> None:
        await self._dispatcher.emit(OnConnectionStateChanged(state=state, error=error))
