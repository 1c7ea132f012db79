"""The push envelope of API.md: {event, ts, data: {party_id, version, ...}}; recipients stay out of it."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from partylobby.domain.party.events import (
    CustomDataChanged,
    InvitationReceived,
    LeaderTransferred,
    MemberJoined,
    MemberLeft,
    PartyDismissed,
    PartyEvent,
    StrategyChanged,
)
from partylobby.push.websocket import MAX_PUSH_BYTES, encoded, envelope
from tests.support.builders import at

WHO = frozenset({"alice", "bob"})
EVENTS: list[tuple[PartyEvent, dict[str, object]]] = [
    (
        StrategyChanged("p1", 2, WHO, join_strategy="OnlyInvited", invite_strategy="AllMembersCanInvite"),
        {"join_strategy": "OnlyInvited", "invite_strategy": "AllMembersCanInvite"},
    ),
    (MemberJoined("p1", 2, WHO, player_id="carol"), {"player_id": "carol"}),
    (MemberLeft("p1", 2, WHO, player_id="carol", reason="kicked"), {"player_id": "carol", "reason": "kicked"}),
    (PartyDismissed("p1", 2, WHO, reason="dismissed"), {"reason": "dismissed"}),
    (
        LeaderTransferred("p1", 2, WHO, old_leader_id="alice", new_leader_id="bob"),
        {"old_leader_id": "alice", "new_leader_id": "bob"},
    ),
    (
        InvitationReceived("p1", 2, frozenset({"carol"}), inviter_id="alice", party_name="Raid", expires_at=at(300)),
        {"inviter_id": "alice", "party_name": "Raid", "expires_at": "2026-01-01T12:05:00.000Z"},
    ),
    (
        CustomDataChanged("p1", 2, WHO, custom_data={"global": "go", "players": {"alice": "ready"}}),
        {"custom_data": {"global": "go", "players": {"alice": "ready"}}},
    ),
]


@pytest.mark.parametrize(("event", "extra"), EVENTS, ids=[e.name for e, _ in EVENTS])
def test_envelope_carries_name_time_and_data_without_recipients(event: PartyEvent, extra: dict[str, object]) -> None:
    pushed = envelope(event, at(1))
    assert pushed == {
        "event": event.name,
        "ts": "2026-01-01T12:00:01.000Z",
        "data": {"party_id": "p1", "version": 2, **extra},
    }
    assert "recipients" not in json.dumps(pushed)


def test_envelope_time_is_iso_8601_utc() -> None:
    ts = envelope(MemberJoined("p1", 2, WHO, player_id="c"), at(0))["ts"]
    assert datetime.fromisoformat(ts.replace("Z", "+00:00")) == at(0)
    assert ts.endswith("Z")


def test_event_names_are_the_pgos_ones() -> None:
    assert [e.name for e, _ in EVENTS] == [
        "OnPartyStrategyChanged",
        "OnPartyMemberJoined",
        "OnPartyMemberLeft",
        "OnPartyDismissed",
        "OnPartyLeaderTransferred",
        "OnReceivePartyInvitation",
        "OnCustomDataChanged",
    ]


def test_a_push_too_large_to_post_goes_as_a_resync_hint_with_the_same_name_and_version() -> None:
    players = {f"p{n}": "x" * 4096 for n in range(40)}
    event = CustomDataChanged("p1", 7, WHO, custom_data={"global": "go", "players": players})
    sent = json.loads(encoded(event, at(1)))
    assert sent == {
        "event": "OnCustomDataChanged",
        "ts": "2026-01-01T12:00:01.000Z",
        "data": {"party_id": "p1", "version": 7, "resync": True},
    }


def test_a_push_that_fits_goes_whole() -> None:
    event = CustomDataChanged("p1", 7, WHO, custom_data={"global": "x" * 4096, "players": {}})
    sent = encoded(event, at(1))
    assert len(sent) <= MAX_PUSH_BYTES
    assert json.loads(sent) == envelope(event, at(1))
