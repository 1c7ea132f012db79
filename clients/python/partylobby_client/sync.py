"""Keeps the client's view of its party and lobbies in step: applies pushes, spots version gaps, resyncs.

A resync reads the party (`GET /me/party`) and each lobby held (`GET /lobbies/{id}`), catches chat up (after the
last seq seen) and raises On*InfoUpdated; a ResyncHint (a push too large to send) resyncs what it names; a 401
during a resync goes to `on_refused` (the realtime half stops: the token was refused)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from partylobby_client.bookkeeping import ChatCursor, Deferred, moment
from partylobby_client.errors import AuthError, PartyLobbyError
from partylobby_client.event_base import Event
from partylobby_client.lobby_events import LobbyEvent, OnLobbyInviteReceived
from partylobby_client.models import ChatMsgInfo, LobbyDetails, PartyInfo
from partylobby_client.party_events import OnReceivePartyChatMsg, OnReceivePartyInvitation, PartyEvent
from partylobby_client.sdk_events import OnLobbyInfoUpdated, OnPartyInfoUpdated, ResyncReason
from partylobby_client.socket_events import ResyncHint
from partylobby_client.state import (
    Verdict,
    apply_lobby_event,
    apply_party_event,
    changes_lobby,
    changes_party,
    ends_my_lobby,
    ends_my_party,
    verdict,
)

logger = logging.getLogger("partylobby_client")
DISCOVERY_DELAY = 1.0  # seconds


class Reader(Protocol):
    """The reads a resync makes, without side effects on the state."""

    async def fetch_current_party(self) -> PartyInfo | None: ...
    async def fetch_chat(self, party_id: str, after_seq: int) -> list[ChatMsgInfo]: ...
    async def fetch_lobby(self, lobby_id: str) -> LobbyDetails | None: ...


class SyncEngine:
    def __init__(
        self,
        me: str,
        reader: Reader,
        emit: Callable[[Event], Awaitable[None]],
        on_refused: Callable[[AuthError], Awaitable[None]] | None = None,
    ) -> None:
        self.me = me
        self.party: PartyInfo | None = None
        self.lobbies: dict[str, LobbyDetails] = {}
        self.chat = ChatCursor()
        self._reader = reader
        self._emit = emit
        self._on_refused = on_refused
        self._lock = asyncio.Lock()
        self.deferred = Deferred(DISCOVERY_DELAY)

    # -- what call answers tell ------------------------------------------------------

    def observe_party(self, info: PartyInfo, *, created: bool = False) -> None:
        if self.party is None or self.party.party_id != info.party_id:
            self.chat.restart(created)
            self.party = info
        elif info.version >= self.party.version:
            self.party = info

    def forget_party(self, party_id: str) -> None:
        if self.party is not None and self.party.party_id == party_id:
            self.party = None

    def observe_chat(self, message: ChatMsgInfo) -> None:
        self.chat.see(message.seq)

    def observe_lobby(self, details: LobbyDetails) -> None:
        known = self.lobbies.get(details.lobby_id)
        if self.me not in details.member_ids:
            return
        if known is None or details.version >= known.version:
            self.lobbies[details.lobby_id] = details

    def forget_lobby(self, lobby_id: str) -> None:
        self.lobbies.pop(lobby_id, None)

    # -- pushes ------------------------------------------------------------------------

    async def handle(self, event: Event) -> None:
        """Apply one push, deliver it, then resync or catch chat up if it showed something was missed."""
        if isinstance(event, ResyncHint):
            await self._hinted(event)
            return
        resync_party, resync_lobby, chat_after = False, None, None
        if isinstance(event, OnReceivePartyChatMsg) and event.seq in self.chat:
            return  # delivered already (by a catch-up)
        if isinstance(event, PartyEvent) and not isinstance(event, OnReceivePartyInvitation):
            resync_party, chat_after = self._party_push(event)
        elif isinstance(event, LobbyEvent) and not isinstance(event, OnLobbyInviteReceived):
            resync_lobby = event.lobby_id if self._lobby_push(event) else None
        await self._emit(event)
        if chat_after is not None and self.party is not None:
            await self.catch_up_chat(self.party, chat_after)
        if resync_party:
            await self.resync_party(ResyncReason.VERSION_GAP)
        if resync_lobby is not None:
            await self.resync_lobby(resync_lobby, ResyncReason.VERSION_GAP)

    async def _hinted(self, hint: ResyncHint) -> None:
        """A push sent slim (too large for the socket): the state it changed is read rather than applied. The
        version known then moves on with the read; a failed read leaves it, so the next push is a gap."""
        if hint.event in (OnReceivePartyInvitation.name, OnLobbyInviteReceived.name):
            logger.warning("an invitation too large to push (%s): read the invitations to see it", hint.event)
            return  # it changes nothing the SDK holds: no resync would bring it
        if hint.party_id is not None:
            party = self.party
            if party is None or party.party_id != hint.party_id:
                self._discover_party(hint.party_id)
            elif hint.version >= party.version:  # the same version: a second event of one change, or chat
                await self.resync_party(ResyncReason.OVERSIZED_PUSH)
        if hint.lobby_id is not None:
            lobby = self.lobbies.get(hint.lobby_id)
            if lobby is None:
                self._discover_lobby(hint.lobby_id)
            elif hint.version >= lobby.version:
                await self.resync_lobby(hint.lobby_id, ResyncReason.OVERSIZED_PUSH)

    def _discover_party(self, party_id: str) -> None:
        self.deferred.resync_unless(
            lambda: self.party is not None and self.party.party_id == party_id,
            lambda: self.resync_party(ResyncReason.DISCOVERED),
        )

    def _discover_lobby(self, lobby_id: str) -> None:
        self.deferred.resync_unless(
            lambda: lobby_id in self.lobbies, lambda: self.resync_lobby(lobby_id, ResyncReason.DISCOVERED)
        )

    async def aclose(self) -> None:
        self.deferred.cancel()

    def _party_push(self, event: PartyEvent) -> tuple[bool, int | None]:
        party = self.party
        if party is None or party.party_id != event.party_id:  # a party this client does not hold
            if not ends_my_party(event, self.me):
                self._discover_party(event.party_id)
            return False, None
        judged = verdict(party.version, event.version, changes_party(event))
        chat_after = None
        if isinstance(event, OnReceivePartyChatMsg):
            chat_after = self.chat.gap_before(event.seq)
            self.chat.see(event.seq)
        elif judged is Verdict.APPLY:
            self.party = apply_party_event(party, event, self.me)
        return judged is Verdict.GAP, chat_after

    def _lobby_push(self, event: LobbyEvent) -> bool:
        lobby = self.lobbies.get(event.lobby_id)
        if lobby is None:
            if not ends_my_lobby(event, self.me):
                self._discover_lobby(event.lobby_id)
            return False
        judged = verdict(lobby.version, event.version, changes_lobby(event))
        if judged is Verdict.APPLY:
            after = apply_lobby_event(lobby, event, self.me)
            if after is None:
                self.forget_lobby(event.lobby_id)
            else:
                self.lobbies[event.lobby_id] = after
        return judged is Verdict.GAP

    # -- resyncs -------------------------------------------------------------------------

    async def resync(self, reason: ResyncReason) -> None:
        await self.resync_party(reason)
        for lobby_id in list(self.lobbies):
            await self.resync_lobby(lobby_id, reason)

    async def resync_party(self, reason: ResyncReason) -> None:
        async with self._lock:
            before = self.party
            try:
                info = await self._reader.fetch_current_party()
            except PartyLobbyError as error:
                await self._failed(f"party resync ({reason.value})", error)
                return
            if info is None:
                if before is not None and self.party is before:
                    self.party = None
            else:
                self.observe_party(info)
                if self.party is not None and self.party.enable_chatting:
                    await self.catch_up_chat(self.party, self.chat.high or 0)
            if before is not None or info is not None:
                party_id = info.party_id if info is not None else before.party_id if before else None
                await self._emit(OnPartyInfoUpdated(party_id=party_id, party=info, reason=reason))

    async def resync_lobby(self, lobby_id: str, reason: ResyncReason) -> None:
        async with self._lock:
            try:
                details = await self._reader.fetch_lobby(lobby_id)
            except PartyLobbyError as error:
                await self._failed(f"lobby resync ({reason.value})", error)
                return
            if details is None or self.me not in details.member_ids:
                held = lobby_id in self.lobbies
                self.forget_lobby(lobby_id)
                if held:
                    await self._emit(OnLobbyInfoUpdated(lobby_id=lobby_id, lobby=None, reason=reason))
                return
            self.lobbies[lobby_id] = details
            await self._emit(OnLobbyInfoUpdated(lobby_id=lobby_id, lobby=details, reason=reason))

    async def catch_up_chat(self, party: PartyInfo, after_seq: int) -> None:
        """Deliver the chat messages missed (replayed=True): after `after_seq`, not seen, not our own, and
        (when nothing was seen yet in this party) not older than our joining."""
        try:
            messages = await self._reader.fetch_chat(party.party_id, after_seq)
        except PartyLobbyError as error:
            await self._failed("chat catch-up", error)
            return
        me = party.member(self.me)
        since = moment(me.joined_at) if me is not None and self.chat.high is None else None
        for message in messages:
            if message.seq in self.chat:
                continue
            self.chat.see(message.seq)
            old = since is not None and moment(message.sent_at) < since
            if message.sender_id != self.me and not old:
                data = message.model_dump(mode="json")
                await self._emit(
                    OnReceivePartyChatMsg.model_validate(
                        {**data, "party_id": party.party_id, "version": party.version, "replayed": True}
                    )
                )
        self.chat.caught_up(after_seq, [m.seq for m in messages])

    async def _failed(self, what: str, error: PartyLobbyError) -> None:
        logger.warning("%s failed: %s", what, error)
        if isinstance(error, AuthError) and self._on_refused is not None:
            await self._on_refused(error)
