"""A party's history costs O(1) per change: a party with 10,000 joins over its life still works, at the same cost."""

from __future__ import annotations

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.party.history import Entered, Exited, HistoryFact
from partylobby.domain.party.model import NewParty
from partylobby.store import keys
from partylobby.store.parties import PartyStore
from partylobby.store.table import Table
from tests.support.capacity import Meter, metered
from tests.support.fakes import FakeClock

pytestmark = pytest.mark.integration

PAST_JOINS = 10_000


def age(party_store: PartyStore, table: Table, party_id: str, joins: int, clock: FakeClock) -> None:
    """Write `joins` past stints (a join and a leave each) as the store would have, and move the version on."""
    stints = range(2, joins + 2)
    entered: list[HistoryFact] = [Entered(f"past-{n}", n, clock()) for n in stints]
    exited: list[HistoryFact] = [Exited(f"past-{n}", n, clock(), "left") for n in stints]
    for facts in (entered, exited):  # a stint's two writes go in separate transactions
        for start in range(0, len(facts), 100):
            table.transact(party_store.histories.writes(party_id, facts[start : start + 100]))
    table.update(keys.party_state(party_id), "SET version = :v", values={":v": joins * 2 + 1})


def join_and_leave(services: Container, party_id: str, player: str) -> Meter:
    with metered(services.parties.parties.table.client) as meter:
        services.parties.join(player, party_id)
        services.parties.leave(player, party_id)
    return meter


def test_a_party_with_ten_thousand_joins_over_its_life_still_works_at_the_same_cost(
    services: Container, party_store: PartyStore, table: Table, clock: FakeClock
) -> None:
    young = services.parties.create("young", NewParty()).party.party_id
    old = services.parties.create("old", NewParty()).party.party_id
    age(party_store, table, old, PAST_JOINS, clock)

    fresh, aged = join_and_leave(services, young, "newcomer-1"), join_and_leave(services, old, "newcomer-2")
    assert aged.requests == fresh.requests
    assert fresh.read_units > 0 and fresh.write_units > 0
    assert (aged.read_units, aged.write_units) == (fresh.read_units, fresh.write_units)

    services.parties.join("last", old)
    services.parties.transfer_leader("old", old, "last")
    services.parties.dismiss("last", old)
    assert party_store.load(old) is None
    history = party_store.history(old)
    assert history is not None
    assert len(history.members) == PAST_JOINS + 3  # the creator, the past, the newcomer, the last
    assert (history.leader_id, history.dismissed_at) == ("last", clock())
    assert [(m.player_id, m.reason) for m in history.members[-2:]] == [("newcomer-2", "left"), ("last", "dismissed")]
