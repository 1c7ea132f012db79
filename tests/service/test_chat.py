"""Party chat on moto: rules, sequence, catch-up after a reconnect, retention."""

from __future__ import annotations

import pytest

from partylobby.domain import errors
from partylobby.domain.party import errors as party_errors
from partylobby.domain.party.chat import ChatType
from tests.service.conftest import World
from tests.support.fakes import FakeClock, RecordingNotifier


def test_chat_reaches_every_member_but_the_sender(world: World, notifier: RecordingNotifier) -> None:
    party = world.party("alice", "bob", "carol", enable_chatting=True)
    message = world.services.chat.send("bob", party.party_id, ChatType.TEXT, "gl hf")
    (event,) = notifier.of("OnReceivePartyChatMsg")
    assert event.recipients == {"alice", "carol"}
    assert event.data()["content"] == "gl hf"
    assert (message.seq, message.sender_id) == (1, "bob")


def test_chat_needs_enable_chatting(world: World) -> None:
    party = world.party("alice", "bob")
    with pytest.raises(party_errors.PartyChatDisabled) as refused:
        world.services.chat.send("bob", party.party_id, ChatType.TEXT, "hi")
    assert refused.value.err_code == "kBackendPartyChatDisabled"


def test_chat_is_for_members_only(world: World) -> None:
    party = world.party("alice", enable_chatting=True)
    with pytest.raises(party_errors.NotPartyMember):
        world.services.chat.send("mallory", party.party_id, ChatType.TEXT, "hi")
    with pytest.raises(party_errors.NotPartyMember):
        world.services.chat.since("mallory", party.party_id, 0)


def test_chat_size_limits_per_type(world: World) -> None:
    party = world.party("alice", enable_chatting=True)
    world.services.chat.send("alice", party.party_id, ChatType.TEXT, "x" * 1024)
    world.services.chat.send("alice", party.party_id, ChatType.CUSTOM, "é" * 2048)
    with pytest.raises(errors.InvalidParams):
        world.services.chat.send("alice", party.party_id, ChatType.TEXT, "x" * 1025)
    with pytest.raises(errors.InvalidParams):
        world.services.chat.send("alice", party.party_id, ChatType.CUSTOM, "é" * 2049)


def test_sequence_grows_and_a_reconnecting_member_catches_up(world: World) -> None:
    party = world.party("alice", "bob", enable_chatting=True)
    for text in ("one", "two", "three"):
        world.services.chat.send("alice", party.party_id, ChatType.TEXT, text)
    missed = world.services.chat.since("bob", party.party_id, 1)
    assert [(m.seq, m.content) for m in missed] == [(2, "two"), (3, "three")]


def test_messages_older_than_a_day_are_not_returned(world: World, clock: FakeClock) -> None:
    party = world.party("alice", enable_chatting=True)
    world.services.chat.send("alice", party.party_id, ChatType.TEXT, "old")
    clock.advance(24 * 3600 + 1)
    world.services.chat.send("alice", party.party_id, ChatType.TEXT, "new")
    assert [m.content for m in world.services.chat.since("alice", party.party_id, 0)] == ["new"]


def test_only_the_last_hundred_messages_are_kept(world: World) -> None:
    party = world.party("alice", enable_chatting=True)
    for n in range(105):
        world.services.chat.send("alice", party.party_id, ChatType.TEXT, str(n))
    kept = world.services.chat.since("alice", party.party_id, 0)
    assert [m.seq for m in kept] == list(range(6, 106))


def test_chat_does_not_change_party_version(world: World) -> None:
    party = world.party("alice", enable_chatting=True)
    world.services.chat.send("alice", party.party_id, ChatType.TEXT, "hi")
    assert world.parties.current("alice").party.version == party.version
