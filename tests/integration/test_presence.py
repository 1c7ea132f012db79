"""Presence records and the sharded offline index on AWS's own engine."""

from __future__ import annotations

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.party.model import NewParty
from partylobby.store import keys
from tests.support.fakes import FakeClock

pytestmark = pytest.mark.integration

GRACE = 60  # Settings' default offline grace


def test_offline_members_in_every_shard_are_swept_and_a_reconnected_one_keeps_the_seat(
    services: Container, clock: FakeClock
) -> None:
    players = [f"player-{n}" for n in range(40)]
    for player in players:
        services.parties.create(player, NewParty())
    assert {keys.offline_shard(p) for p in players} == set(keys.offline_shards())
    services.sessions.connected("player-0", "socket-0")
    clock.advance(GRACE + 1)

    assert services.sessions.sweep() == sorted(players[1:])
    assert services.parties.current("player-0").party.member_ids == {"player-0"}
    assert [services.sessions.presence.get(p).memberships for p in players[1:]] == [{}] * 39
    assert services.sessions.presence.offline_before(clock()) == []


def test_a_player_joining_while_online_is_never_marked_offline(services: Container, clock: FakeClock) -> None:
    services.sessions.connected("bob", "bob-socket")
    party = services.parties.create("alice", NewParty()).party
    services.parties.join("bob", party.party_id)

    presence = services.sessions.presence.get("bob")
    assert (presence.online, presence.offline_since, presence.party_id()) == (True, None, party.party_id)
    assert services.sessions.presence.get("alice").offline_since == clock()  # never connected: grace from now
