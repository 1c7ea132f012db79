"""Races with real threads against DynamoDB Local: the invariants hold in the table's conditions."""

from __future__ import annotations

from functools import partial

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.party.errors import NotPartyMember, PartyDuplicated, PartyFull
from partylobby.domain.party.model import NewParty
from partylobby.store import keys
from partylobby.store.parties import PartyStore
from partylobby.store.table import Table
from tests.integration.conftest import Race
from tests.support.fakes import RecordingNotifier

pytestmark = pytest.mark.integration


def stored_party_ids(table: Table) -> set[str]:
    """Every party state item in the table (a Scan: fine for a test's own table)."""
    response = table.client.scan(
        TableName=table.name,
        FilterExpression="sk = :state",
        ExpressionAttributeValues={":state": {"S": keys.PARTY_STATE}},
        ConsistentRead=True,
    )
    return {item["party_id"]["S"] for item in response["Items"]}


def test_twelve_players_racing_for_three_seats_exactly_three_join(
    services: Container, party_store: PartyStore, notifier: RecordingNotifier, race: Race
) -> None:
    party = services.parties.create("leader", NewParty(max_player=4)).party
    racers = [f"racer-{i:02}" for i in range(12)]

    outcomes = race([partial(services.parties.join, p, party.party_id) for p in racers])

    joined = {p for p, o in zip(racers, outcomes, strict=True) if o.ok}
    assert len(joined) == 3
    assert all(isinstance(o.error, PartyFull) for o in outcomes if not o.ok)
    stored = party_store.load(party.party_id)
    assert stored is not None
    assert stored.member_ids == {"leader", *joined}
    assert len(stored.members) == stored.max_player == 4
    assert stored.version == 1 + 3
    holders = {p: party_store.presence.get(p).party_id() for p in racers}
    assert holders == {p: party.party_id if p in joined else None for p in racers}
    assert sorted(e.version for e in notifier.of("OnPartyMemberJoined")) == [2, 3, 4]


def test_eight_concurrent_creates_by_one_player_make_exactly_one_party(
    services: Container, party_store: PartyStore, table: Table, race: Race
) -> None:
    outcomes = race([partial(services.parties.create, "solo", NewParty(party_name=f"try {i}")) for i in range(8)])

    created = [o.value.party for o in outcomes if o.ok]
    assert len(created) == 1
    assert all(isinstance(o.error, PartyDuplicated) for o in outcomes if not o.ok)
    assert stored_party_ids(table) == {created[0].party_id}
    assert party_store.presence.get("solo").party_id() == created[0].party_id


@pytest.mark.parametrize("round_no", range(8))
def test_leader_leaving_while_transferring_leaves_a_member_leading_and_one_version_per_change(
    services: Container, party_store: PartyStore, notifier: RecordingNotifier, race: Race, round_no: int
) -> None:
    """The leader leaves and hands over to B while B leaves too: any order ends with A alone, leading."""
    party_id = services.parties.create("lead", NewParty()).party.party_id
    services.parties.join("a", party_id)
    services.parties.join("b", party_id)
    before = 3
    notifier.clear()

    outcomes = race(
        [
            partial(services.parties.leave, "lead", party_id),
            partial(services.parties.transfer_leader, "lead", party_id, "b"),
            partial(services.parties.leave, "b", party_id),
        ]
    )

    left, transfer, b_left = outcomes
    assert left.ok and b_left.ok, (left.error, b_left.error)
    assert transfer.ok or isinstance(transfer.error, NotPartyMember), transfer.error
    committed = sum(o.ok for o in outcomes)
    stored = party_store.load(party_id)
    assert stored is not None
    assert stored.member_ids == {"a"}
    assert stored.leader_id == "a"
    assert stored.version == before + committed
    assert {e.version for e in notifier.events} == set(range(before + 1, stored.version + 1))
    assert [party_store.presence.get(p).party_id() for p in ("lead", "a", "b")] == [None, party_id, None]


@pytest.mark.parametrize("round_no", range(6))
def test_one_party_per_player_when_create_and_joins_race(
    services: Container, party_store: PartyStore, race: Race, round_no: int
) -> None:
    first = services.parties.create("host-1", NewParty()).party.party_id
    second = services.parties.create("host-2", NewParty()).party.party_id

    outcomes = race(
        [
            partial(services.parties.create, "p", NewParty()),
            partial(services.parties.join, "p", first),
            partial(services.parties.join, "p", second),
        ]
    )

    won = [o.value.party for o in outcomes if o.ok]
    assert len(won) == 1
    assert all(isinstance(o.error, PartyDuplicated) for o in outcomes if not o.ok)
    holding = party_store.presence.get("p").party_id()
    assert holding == won[0].party_id
    member_of = {
        pid
        for pid in (first, second, won[0].party_id)
        if (party := party_store.load(pid)) is not None and party.is_member("p")
    }
    assert member_of == {holding}
