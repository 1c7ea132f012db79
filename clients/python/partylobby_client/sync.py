"""Keeps the client's view of its party and lobbies in step: applies pushes, spots version gaps, resyncs.

A resync reads the party (`GET /me/party`) and each lobby held (`GET /lobbies/{id}`), catches chat up
(`GET /parties/{id}/chat?after_seq=`, last seq seen) and raises OnPartyInfoUpdated / OnLobbyInfoUpdated.
A push too large for the socket comes as a ResyncHint: the SDK resyncs what it names. A 401 during a resync
goes to `on_refused` (the realtime half stops reconnecting and polling: the token was refused).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

from partylobby_client.errors import AuthError, PartyLobbyError
from partylobby_client.events import (
    Event,
    LobbyEvent,
    MemberStatus,
    OnLobbyInfoUpdated,
    OnLobbyInviteReceived,
    OnLobbyMemberStatusReceived,
    OnPartyDismissed,
    OnPartyInfoUpdated,
    OnPartyMemberLeft,
    OnReceivePartyChatMsg,
    OnReceivePartyInvitation,
    PartyEvent,
    ResyncHint,
    ResyncReason,
)
from partylobby_client.models import ChatMsgInfo, LobbyDetails, PartyInfo
from partylobby_client.state import Verdict, apply_lobby_event, apply_party_event, changes_lobby, changes_party, verdict

logger = logging.getLogger("partylobby_client")
SEEN_CHAT_KEPT = 512
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
        self.chat_high: int | None = None  # highest chat seq seen in this party; None: not known yet
        self._chat_seen: dict[int, None] = {}
        self._reader = reader
        self._emit = emit
        self._on_refused = on_refused
        self._lock = asyncio.Lock()
        self._pending: set[asyncio.Task[None]] = set()
        self.discovery_delay = DISCOVERY_DELAY

    # -- what call answers tell ------------------------------------------------------

    def observe_party(self, info: PartyInfo, *, created: bool = False) -> None:
        if self.party is None or self.party.party_id != info.party_id:
            self.chat_high = 0 if created else None
            self._chat_seen.clear()
            self.party = info
        elif info.version >= self.party.version:
            self.party = info

    def forget_party(self, party_id: str) -> None:
        if self.party is not None and self.party.party_id == party_id:
            self.party = None

    def observe_chat(self, message: ChatMsgInfo) -> None:
        self._see(message.seq)

    def _see(self, seq: int) -> None:
        """Mark a chat seq seen; `chat_high` moves up only while every seq up to it has been seen."""
        self._chat_seen[seq] = None
        while len(self._chat_seen) > SEEN_CHAT_KEPT:
            del self._chat_seen[next(iter(self._chat_seen))]
        if self.chat_high is not None:
            while self.chat_high + 1 in self._chat_seen:
                self.chat_high += 1

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
        if isinstance(event, OnReceivePartyChatMsg) and event.seq in self._chat_seen:
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
        self._discover(
            lambda: self.party is not None and self.party.party_id == party_id,
            lambda: self.resync_party(ResyncReason.DISCOVERED),
        )

    def _discover_lobby(self, lobby_id: str) -> None:
        self._discover(lambda: lobby_id in self.lobbies, lambda: self.resync_lobby(lobby_id, ResyncReason.DISCOVERED))

    def _discover(self, held: Callable[[], bool], resync: Callable[[], Awaitable[None]]) -> None:
        """A push of a party or lobby not held: the answer to our own join may still be on its way (pushes go
        out before the answer), so wait a moment, and resync only if it is still not held."""

        async def later() -> None:
            await asyncio.sleep(self.discovery_delay)
            if not held():
                await resync()

        task = asyncio.create_task(later())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def aclose(self) -> None:
        for task in list(self._pending):
            task.cancel()

    def _party_push(self, event: PartyEvent) -> tuple[bool, int | None]:
        party = self.party
        if party is None or party.party_id != event.party_id:  # a party this client does not hold
            gone = isinstance(event, OnPartyDismissed) or (
                isinstance(event, OnPartyMemberLeft) and event.player_id == self.me
            )
            if not gone:
                self._discover_party(event.party_id)
            return False, None
        judged = verdict(party.version, event.version, changes_party(event))
        chat_after = None
        if isinstance(event, OnReceivePartyChatMsg):
            high = self.chat_high
            if high is None or event.seq > high + 1:
                chat_after = high or 0
            self._see(event.seq)
        elif judged is Verdict.APPLY:
            self.party = apply_party_event(party, event, self.me)
        return judged is Verdict.GAP, chat_after

    def _lobby_push(self, event: LobbyEvent) -> bool:
        lobby = self.lobbies.get(event.lobby_id)
        if lobby is None:
            gone = isinstance(event, OnLobbyMemberStatusReceived) and (
                event.status is MemberStatus.CLOSED
                or (event.status in (MemberStatus.LEFT, MemberStatus.KICKED) and event.target_user_id == self.me)
            )
            if not gone:
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
                    await self.catch_up_chat(self.party, self.chat_high or 0)
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
        since = _moment(me.joined_at) if me is not None and self.chat_high is None else None
        for message in messages:
            if message.seq in self._chat_seen:
                continue
            self._see(message.seq)
            old = since is not None and _moment(message.sent_at) < since
            if message.sender_id != self.me and not old:
                data = message.model_dump(mode="json")
                await self._emit(
                    OnReceivePartyChatMsg.model_validate(
                        {**data, "party_id": party.party_id, "version": party.version, "replayed": True}
                    )
                )
        self.chat_high = max([self.chat_high or 0, after_seq, *(m.seq for m in messages)])

    async def _failed(self, what: str, error: PartyLobbyError) -> None:
        logger.warning("%s failed: %s", what, error)
        if isinstance(error, AuthError) and self._on_refused is not None:
            await self._on_refused(error)


def _moment(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return datetime.min
