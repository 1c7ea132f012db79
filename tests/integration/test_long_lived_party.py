"""A party's history costs O(1) per change: a party with 10,000 joins over its life still works, at the same cost."""

from __future__ import annotations

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.party.model import NewParty
from partylobby.store.parties import PartyStore
from tests.support.aging import age
from tests.support.capacity import Meter, metered
from tests.support.fakes import FakeClock

pytestmark = pytest.mark.integration

PAST_JOINS = 10_000


def join_and_leave(services: Container, party_id: str, player: str) -> Meter:
    with metered(services.parties.parties.table.client) as meter:
        services.parties.join(player, party_id)
        services.parties.leave(player, party_id)
    return meter


def test_a_party_with_ten_thousand_joins_over_its_life_still_works_at_the_same_cost(
    services: Container, party_store: PartyStore, clock: FakeClock
) -> None:
    young = services.parties.create("young", NewParty()).party.party_id
    old = services.parties.create("old", NewParty()).party.party_id
    age(party_store, old, PAST_JOINS, clock())

    fresh, aged = join_and_leave(services, young, "newcomer-1"), join_and_leave(services, old, "newcomer-2")
    assert aged.requests == fresh.requests
    assert fresh.read_units > 0 and fresh.write_units > 0
    assert (aged.read_units, aged.write_units) == (fresh.read_units, fresh.write_units)

    services.parties.join("last", old)
    services.parties.transfer_leader("old", old, "last")
    services.parties.dismiss("last", old)
    assert party_store.load(old) is None
    history = party_store.histories.history(old)
    assert history is not None
    assert len(history.members) == PAST_JOINS + 3  # the creator, the past, the newcomer, the last
    assert (history.leader_id, history.dismissed_at) == ("last", clock())
    assert [(m.player_id, m.reason) for m in history.members[-2:]] == [("newcomer-2", "left"), ("last", "dismissed")]
