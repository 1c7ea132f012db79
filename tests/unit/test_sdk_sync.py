"""The SDK's view of a party and its lobbies: pushes applied, version gaps spotted, resyncs and chat catch-up."""

from __future__ import annotations

import asyncio
from typing import Any

from partylobby_client import (
    ChatMsgInfo,
    Event,
    LobbyDetails,
    OnLobbyInfoUpdated,
    OnPartyInfoUpdated,
    OnReceivePartyChatMsg,
    PartyInfo,
    ResyncHint,
    ResyncReason,
    UnknownEvent,
    parse_push,
)
from partylobby_client.state import Verdict, verdict
from partylobby_client.sync import SyncEngine

from tests.unit.test_sdk_http import ALICE, LOBBY, PARTY

BOB = {"player_id": "bob", "joined_at": "2026-01-01T00:01:00.000Z", "online": True}


def party(version: int = 1, **changes: Any) -> PartyInfo:
    return PartyInfo.model_validate({**PARTY, "version": version, **changes})


def chat(seq: int, sender: str = "bob", sent_at: str = "2026-01-01T00:02:00.000Z") -> ChatMsgInfo:
    return ChatMsgInfo(msg_id=f"m{seq}", seq=seq, sender_id=sender, type="text", content=f"#{seq}", sent_at=sent_at)


def push(event: str, **data: Any) -> Event:
    return parse_push({"event": event, "ts": "2026-01-01T00:03:00.000Z", "data": data})


class FakeReader:
    def __init__(self) -> None:
        self.party: PartyInfo | None = None
        self.chat: list[ChatMsgInfo] = []
        self.lobby: LobbyDetails | None = None
        self.reads: list[str] = []

    async def fetch_current_party(self) -> PartyInfo | None:
        self.reads.append("party")
        return self.party

    async def fetch_chat(self, party_id: str, after_seq: int) -> list[ChatMsgInfo]:
        self.reads.append(f"chat>{after_seq}")
        return [m for m in self.chat if m.seq > after_seq]

    async def fetch_lobby(self, lobby_id: str) -> LobbyDetails | None:
        self.reads.append(f"lobby {lobby_id}")
        return self.lobby


def engine() -> tuple[SyncEngine, FakeReader, list[Event]]:
    emitted: list[Event] = []

    async def emit(event: Event) -> None:
        emitted.append(event)

    reader = FakeReader()
    return SyncEngine("alice", reader, emit), reader, emitted


def test_verdicts() -> None:
    assert verdict(3, 4, changing=True) is Verdict.APPLY
    assert verdict(3, 3, changing=True) is Verdict.APPLY  # a second event of one change (leader left)
    assert verdict(3, 2, changing=True) is Verdict.STALE
    assert verdict(3, 5, changing=True) is Verdict.GAP
    assert verdict(3, 3, changing=False) is Verdict.APPLY  # chat does not change the party
    assert verdict(3, 4, changing=False) is Verdict.GAP


def test_pushes_in_order_are_applied_without_any_read() -> None:
    sync, reader, emitted = engine()
    sync.observe_party(party(1), created=True)

    async def pushes() -> None:
        await sync.handle(push("OnPartyMemberJoined", party_id="p1", version=2, player_id="bob"))
        await sync.handle(
            push("OnPartyLeaderTransferred", party_id="p1", version=3, old_leader_id="alice", new_leader_id="bob")
        )
        await sync.handle(push("OnReceivePartyChatMsg", party_id="p1", version=3, **chat(1).model_dump(mode="json")))
        await sync.handle(push("OnPartyMemberLeft", party_id="p1", version=4, player_id="bob", reason="left"))
        await sync.handle(
            push("OnPartyLeaderTransferred", party_id="p1", version=4, old_leader_id="bob", new_leader_id="alice")
        )

    asyncio.run(pushes())
    assert reader.reads == []
    assert sync.party is not None and sync.party.version == 4
    assert (sync.party.leader_id, sync.party.member_ids) == ("alice", ["alice"])
    assert [e.event for e in emitted][-1] == "OnPartyLeaderTransferred"


def test_a_version_gap_resyncs_and_raises_on_party_info_updated() -> None:
    sync, reader, emitted = engine()
    sync.observe_party(party(1), created=True)
    reader.party = party(4, members=[ALICE, BOB], leader_id="bob")

    asyncio.run(
        sync.handle(
            push("OnPartyLeaderTransferred", party_id="p1", version=4, old_leader_id="alice", new_leader_id="bob")
        )
    )

    assert reader.reads[0] == "party"
    updated = [e for e in emitted if isinstance(e, OnPartyInfoUpdated)]
    assert len(updated) == 1 and updated[0].reason is ResyncReason.VERSION_GAP and updated[0].party == reader.party
    assert sync.party == reader.party


def test_a_chat_seq_gap_catches_up_the_missed_messages_once() -> None:
    sync, reader, emitted = engine()
    sync.observe_party(party(1), created=True)
    reader.chat = [chat(1), chat(2, sender="alice"), chat(3), chat(4)]
    sync.observe_chat(chat(2, sender="alice"))  # alice's own message: the answer to her send

    asyncio.run(sync.handle(push("OnReceivePartyChatMsg", party_id="p1", version=1, **chat(4).model_dump(mode="json"))))

    messages = [e for e in emitted if isinstance(e, OnReceivePartyChatMsg)]
    assert [(m.seq, m.replayed) for m in messages] == [(4, False), (1, True), (3, True)]
    assert sync.chat.high == 4


def test_after_joining_catch_up_skips_messages_from_before_the_join() -> None:
    sync, reader, emitted = engine()
    sync.observe_party(
        party(
            2,
            members=[
                {**BOB, "joined_at": "2026-01-01T00:00:00.000Z"},
                {**ALICE, "joined_at": "2026-01-01T00:01:30.000Z"},
            ],
        )
    )
    reader.chat = [chat(1, sent_at="2026-01-01T00:01:00.000Z"), chat(2), chat(3)]

    asyncio.run(sync.handle(push("OnReceivePartyChatMsg", party_id="p1", version=2, **chat(3).model_dump(mode="json"))))

    assert [(e.seq, e.replayed) for e in emitted if isinstance(e, OnReceivePartyChatMsg)] == [(3, False), (2, True)]


def test_a_push_of_a_party_not_held_resyncs_after_a_moment_but_being_kicked_forgets_it() -> None:
    sync, reader, emitted = engine()
    sync.deferred.delay = 0.05
    reader.party = party(2)

    async def pushes() -> None:
        await sync.handle(push("OnPartyMemberJoined", party_id="p1", version=2, player_id="bob"))
        assert reader.reads == []  # the answer to our own join may be on its way
        await asyncio.sleep(0.2)
        assert sync.party == reader.party
        assert isinstance(emitted[-1], OnPartyInfoUpdated) and emitted[-1].reason is ResyncReason.DISCOVERED
        await sync.handle(push("OnPartyMemberLeft", party_id="p1", version=3, player_id="alice", reason="kicked"))

    asyncio.run(pushes())
    assert sync.party is None and reader.reads == ["party", "chat>0"]


def test_a_push_of_a_lobby_joined_by_our_own_call_does_not_resync() -> None:
    sync, reader, _ = engine()
    sync.deferred.delay = 0.05

    async def pushes() -> None:
        await sync.handle(
            push(
                "OnLobbyMemberStatusReceived", lobby_id="l1", version=1, target_user_id="alice", status="EOS_LMS_JOINED"
            )
        )
        sync.observe_lobby(LobbyDetails.model_validate(LOBBY))  # the answer to join_lobby, just after its push
        await asyncio.sleep(0.2)

    asyncio.run(pushes())
    assert reader.reads == []


def test_a_chat_push_already_caught_up_is_not_delivered_twice() -> None:
    sync, reader, emitted = engine()
    sync.observe_party(party(1), created=True)
    reader.chat = [chat(1), chat(2)]

    async def pushes() -> None:
        await sync.handle(push("OnReceivePartyChatMsg", party_id="p1", version=1, **chat(2).model_dump(mode="json")))
        await sync.handle(push("OnReceivePartyChatMsg", party_id="p1", version=1, **chat(1).model_dump(mode="json")))

    asyncio.run(pushes())
    assert [(e.seq, e.replayed) for e in emitted if isinstance(e, OnReceivePartyChatMsg)] == [(2, False), (1, True)]


def test_lobby_pushes_track_versions_and_a_gap_resyncs_the_lobby() -> None:
    sync, reader, emitted = engine()
    sync.observe_lobby(LobbyDetails.model_validate(LOBBY))
    asyncio.run(
        sync.handle(
            push("OnLobbyMemberStatusReceived", lobby_id="l1", version=2, target_user_id="bob", status="EOS_LMS_JOINED")
        )
    )
    assert sync.lobbies["l1"].member_ids == ["alice", "bob"] and reader.reads == []

    reader.lobby = LobbyDetails.model_validate({**LOBBY, "version": 5})
    asyncio.run(sync.handle(push("OnLobbyUpdateReceived", lobby_id="l1", version=5)))
    assert reader.reads == ["lobby l1"] and sync.lobbies["l1"].version == 5
    assert isinstance(emitted[-1], OnLobbyInfoUpdated) and emitted[-1].lobby == reader.lobby

    asyncio.run(
        sync.handle(
            push(
                "OnLobbyMemberStatusReceived", lobby_id="l1", version=6, target_user_id="alice", status="EOS_LMS_KICKED"
            )
        )
    )
    assert sync.lobbies == {}


def test_unknown_pushes_are_delivered_as_unknown_events() -> None:
    event = parse_push({"event": "OnSomethingNew", "ts": "t", "data": {"x": 1}})
    assert event.event == "OnSomethingNew" and event.model_dump()["data"] == {"x": 1}


def hint(event: str, **ids: Any) -> Event:
    """A push too large for the socket, as the service sends it instead: the ids and version only."""
    return push(event, **ids, resync=True)


def test_an_oversized_push_comes_as_a_hint_not_as_its_typed_event() -> None:
    hinted = hint("OnCustomDataChanged", party_id="p1", version=12)
    assert isinstance(hinted, ResyncHint) and (hinted.event, hinted.party_id, hinted.version) == (
        "OnCustomDataChanged",
        "p1",
        12,
    )
    assert isinstance(hint("OnCustomDataChanged", version=12), UnknownEvent)  # names nothing to resync


def test_a_resync_hint_reads_the_party_raises_on_party_info_updated_and_moves_the_version_on() -> None:
    sync, reader, emitted = engine()
    sync.observe_party(party(11), created=True)
    reader.party = party(12, custom_data={"global": "x" * 200_000, "players": {"alice": ""}})

    async def pushes() -> None:
        await sync.handle(hint("OnCustomDataChanged", party_id="p1", version=12))
        await sync.handle(push("OnPartyMemberJoined", party_id="p1", version=13, player_id="bob"))

    asyncio.run(pushes())
    assert reader.reads == ["party", "chat>0"]  # one read: the next push is no gap
    assert [e.event for e in emitted] == ["OnPartyInfoUpdated", "OnPartyMemberJoined"]
    updated = emitted[0]
    assert isinstance(updated, OnPartyInfoUpdated) and updated.reason is ResyncReason.OVERSIZED_PUSH
    assert sync.party is not None and sync.party.version == 13
    assert sync.party.custom_data.global_ == "x" * 200_000 and sync.party.member_ids == ["alice", "bob"]


def test_a_resync_hint_of_a_held_lobby_reads_it_and_a_stale_one_reads_nothing() -> None:
    sync, reader, emitted = engine()
    sync.observe_lobby(LobbyDetails.model_validate({**LOBBY, "version": 4}))
    reader.lobby = LobbyDetails.model_validate({**LOBBY, "version": 5})

    asyncio.run(sync.handle(hint("OnLobbyUpdateReceived", lobby_id="l1", version=5)))
    assert reader.reads == ["lobby l1"] and sync.lobbies["l1"].version == 5
    (info,) = emitted
    assert isinstance(info, OnLobbyInfoUpdated) and info.reason is ResyncReason.OVERSIZED_PUSH

    asyncio.run(sync.handle(hint("OnLobbyUpdateReceived", lobby_id="l1", version=3)))  # a resync holds it
    assert reader.reads == ["lobby l1"] and len(emitted) == 1
