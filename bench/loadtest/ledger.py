"""What every player observed of every party and lobby, and the event-integrity check on it.

Per player and aggregate: the versions it saw (its pushes, and the PartyInfo or LobbyDetails its own commands
answered) and the versions its resyncs brought. Per aggregate, the facts that bound each player's stays, seen by
anyone: OnPartyMemberJoined/Left, EOS_LMS_JOINED/LEFT/KICKED/CLOSED, and the actor's own answers. A stay runs
from the version the player joined at to the one before its departure (to the departure itself when the
player is told of it: a kick, a lobby closing), or to the final state's version while it lasts; every version
of it must have been seen, or lie at or below what a resync during the stay brought.
A departure nobody saw pushed (the last member leaving a party pushes nothing; a leaver's 204 names no
version) is bounded by the highest version the leaver had seen, until a push by anyone names it. A stay that
a gap or reconnect resync found over (the player was kicked while its socket was closed) is covered whole.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

PARTY, LOBBY = "party", "lobby"
Key = tuple[str, str]  # (PARTY or LOBBY, its id)
INVITATIONS = frozenset({"OnReceivePartyInvitation", "OnLobbyInviteReceived"})  # to a non-member
CHAT = "OnReceivePartyChatMsg"
LOBBY_STATUS = "OnLobbyMemberStatusReceived"


class FactKind(IntEnum):
    JOIN = 0
    LEFT = 1  # its version is known: the stay ends just before it
    TOLD = 2  # a departure the player is told of (kicked): the stay ends with it
    CLOSED = 3  # a party dismissed at that version: every stay still open ends just before it
    CLOSED_TOLD = 4  # a lobby closed at that version: every stay still open ends with it (all are told)
    LEFT_AFTER = 5  # only bounded: the stay ends at the bound (at = bound + 0.5)
    GONE = 6  # a resync found the player out: bounded too, and the stay is covered


KNOWN_ENDS = {FactKind.LEFT: -1, FactKind.TOLD: 0, FactKind.CLOSED: -1, FactKind.CLOSED_TOLD: 0}


@dataclass(frozen=True, order=True)
class Fact:
    at: float
    kind: FactKind


@dataclass
class Stay:
    first: int
    last: int
    covered: bool = False
    bounded: bool = False  # its last version is a bound, not a departure seen pushed
    told: bool = False  # its last version is the departure the player was told of

    @property
    def member_until(self) -> int:
        """The last version the player was a member at."""
        return self.last - 1 if self.told else self.last


@dataclass(frozen=True)
class Final:
    version: int
    members: frozenset[str]


@dataclass(frozen=True)
class Chat:
    key: Key
    seq: int
    sender: str
    content: str


def key_of(data: dict[str, Any]) -> Key | None:
    if "party_id" in data:
        return PARTY, str(data["party_id"])
    if "lobby_id" in data:
        return LOBBY, str(data["lobby_id"])
    return None


@dataclass
class Ledger:
    seen: defaultdict[tuple[str, Key], set[int]] = field(default_factory=lambda: defaultdict(set))
    resyncs: defaultdict[tuple[str, Key], list[int]] = field(default_factory=lambda: defaultdict(list))
    facts: defaultdict[tuple[str, Key], set[Fact]] = field(default_factory=lambda: defaultdict(set))
    closes: defaultdict[Key, set[Fact]] = field(default_factory=lambda: defaultdict(set))
    chats: dict[str, Chat] = field(default_factory=dict)  # msg_id -> the message a sender was answered 2xx for
    chat_versions: dict[str, int] = field(default_factory=dict)  # msg_id -> the party version its push carried
    chat_received: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    pushes: Counter[str] = field(default_factory=Counter)
    resync_reasons: Counter[str] = field(default_factory=Counter)

    # -- what a player observed ---------------------------------------------------

    def push(self, player: str, message: dict[str, Any]) -> Key | None:
        """Record one push; the aggregate it is about, if any."""
        event, data = str(message.get("event")), message.get("data") or {}
        self.pushes[event] += 1
        key, version = key_of(data), data.get("version")
        if key is None or not isinstance(version, int) or event in INVITATIONS:
            return key
        self.seen[player, key].add(version)
        self._membership(key, event, data, version)
        if event == CHAT:
            self.chat_versions[str(data["msg_id"])] = version
            self.chat_received[player].add(str(data["msg_id"]))
        return key

    def _membership(self, key: Key, event: str, data: dict[str, Any], version: int) -> None:
        status, target = data.get("status"), str(data.get("player_id") or data.get("target_user_id"))
        if event == "OnPartyMemberJoined" or status == "EOS_LMS_JOINED":
            self._fact(target, key, version, FactKind.JOIN)
        elif event == "OnPartyMemberLeft" or status in ("EOS_LMS_LEFT", "EOS_LMS_KICKED"):
            kicked = data.get("reason") == "kicked" or status == "EOS_LMS_KICKED"
            self._fact(target, key, version, FactKind.TOLD if kicked else FactKind.LEFT)
        elif event == "OnPartyDismissed":
            self.closes[key].add(Fact(version, FactKind.CLOSED))
        elif status == "EOS_LMS_CLOSED":
            self.closes[key].add(Fact(version, FactKind.CLOSED_TOLD))

    def _fact(self, player: str, key: Key, at: float, kind: FactKind) -> None:
        self.facts[player, key].add(Fact(at, kind))

    def answered(self, player: str, key: Key, version: int, joined: bool = False) -> None:
        """A version in the player's own command's answer; `joined` when that command made it a member."""
        self.seen[player, key].add(version)
        if joined:
            self._fact(player, key, version, FactKind.JOIN)

    def left(self, player: str, key: Key) -> None:
        """The player was answered 204 for leaving: the version it left at is not known."""
        self._fact(player, key, self._bound(player, key) + 0.5, FactKind.LEFT_AFTER)

    def resynced(self, player: str, key: Key, version: int, reason: str) -> None:
        self.resyncs[player, key].append(version)
        self.resync_reasons[reason] += 1

    def gone(self, player: str, key: Key, reason: str, covering: bool) -> None:
        """A read found the player no longer in it; `covering` for a resync after a gap or a reconnect."""
        self._fact(player, key, self._bound(player, key) + 0.5, FactKind.GONE if covering else FactKind.LEFT_AFTER)
        self.resync_reasons[reason] += 1

    def _bound(self, player: str, key: Key) -> int:
        """The highest version the player knew of: seen, resynced to, or joined at."""
        joins = [int(f.at) for f in self.facts[player, key] if f.kind is FactKind.JOIN]
        return max([*self.seen[player, key], *self.resyncs[player, key], *joins], default=0)

    def chat_sent(self, msg_id: str, chat: Chat) -> None:
        self.chats[msg_id] = chat

    # -- the check ------------------------------------------------------------------

    def stays(self, player: str, key: Key, final: Final | None) -> tuple[list[Stay], str]:
        """The player's stays in it, and what is wrong with its membership at the end ("" if nothing)."""
        stays: list[Stay] = []
        first: int | None = None
        extendable = False  # the last stay ended at a bound that a departure seen later may push further
        for fact in sorted(self.facts[player, key] | self.closes[key]):
            shift = KNOWN_ENDS.get(fact.kind)
            if fact.kind is FactKind.JOIN:
                if first is None:
                    first, extendable = int(fact.at), False
            elif first is not None:
                last = int(fact.at) + (shift or 0)
                told = shift == 0
                stays.append(Stay(first, last, fact.kind is FactKind.GONE, bounded=shift is None, told=told))
                first, extendable = None, shift is None
            elif extendable and fact.kind in (FactKind.LEFT, FactKind.TOLD) and shift is not None:
                stays[-1].last = max(stays[-1].last, int(fact.at) + shift)
                stays[-1].bounded, stays[-1].told, extendable = False, shift == 0, False
        member = final is not None and player in final.members
        if first is not None and final is not None and member:
            stays.append(Stay(first, final.version))
        elif first is not None:
            return stays, "in it by its answers and the pushes, not in the final state"
        elif member:
            return stays, "in the final state, never seen joining it (or seen leaving)"
        return stays, ""

    def missing(self, player: str, key: Key, stay: Stay) -> list[int]:
        """The versions of a stay the player neither saw nor resynced past."""
        if stay.covered:
            return []
        synced = (r for r in self.resyncs[player, key] if stay.first <= r <= stay.last)
        start = max(stay.first, max(synced, default=stay.first - 1) + 1)
        seen = self.seen[player, key]
        return [v for v in range(start, stay.last + 1) if v not in seen]
