"""DynamoDB's real limits (400 KB items, 100-item transactions) and the replay bound, on AWS's engine."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import partial

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.limits import PLAYER_ID_MAX_CHARS
from partylobby.domain.party.limits import CUSTOM_DATA_MAX_BYTES, MAX_PLAYER_LIMIT, PARTY_NAME_MAX_CHARS
from partylobby.domain.party.model import NewParty
from partylobby.store import table as table_module
from partylobby.store.parties import PartyStore
from tests.integration.conftest import Race

pytestmark = pytest.mark.integration


def fill_party(services: Container, players: Sequence[str]) -> str:
    party_id = services.parties.create(players[0], NewParty(max_player=len(players))).party.party_id
    for player in players[1:]:
        services.parties.join(player, party_id)
    return party_id


def test_a_full_party_with_the_largest_custom_data_fits_one_item_and_dismisses_in_one_transaction(
    services: Container, party_store: PartyStore
) -> None:
    players = [f"{i:03}".ljust(PLAYER_ID_MAX_CHARS, "x") for i in range(MAX_PLAYER_LIMIT)]
    leader = players[0]
    party_id = services.parties.create(
        leader, NewParty(party_name="n" * PARTY_NAME_MAX_CHARS, max_player=MAX_PLAYER_LIMIT)
    ).party.party_id
    for player in players[1:]:
        services.parties.join(player, party_id)
    services.parties.set_global_data(leader, party_id, "g" * CUSTOM_DATA_MAX_BYTES)
    largest = "é" * (CUSTOM_DATA_MAX_BYTES // 2)  # two UTF-8 bytes each
    for player in players:
        services.parties.set_player_data(player, party_id, largest)

    full = party_store.load(party_id)
    assert full is not None
    assert len(full.members) == MAX_PLAYER_LIMIT
    assert all(m.custom_data == largest for m in full.members)

    services.parties.dismiss(leader, party_id)  # state + 64 locks + history: 66 items

    assert party_store.load(party_id) is None
    assert all(party_store.presence.get(p).party_id() is None for p in players)


def test_every_member_of_a_full_party_setting_their_own_custom_data_at_once_succeeds(
    services: Container, party_store: PartyStore, race: Race
) -> None:
    players = [f"member-{i:02}" for i in range(MAX_PLAYER_LIMIT)]
    party_id = fill_party(services, players)

    outcomes = race([partial(services.parties.set_player_data, p, party_id, f"ready {p}") for p in players])

    assert Counter(type(o.error).__name__ for o in outcomes if not o.ok) == Counter()
    stored = party_store.load(party_id)
    assert stored is not None
    assert stored.version == MAX_PLAYER_LIMIT + MAX_PLAYER_LIMIT  # create + 63 joins + 64 changes


def test_create_cancelled_by_a_transaction_conflict_is_retried(
    services: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DynamoDB Local serialises transactions and never reports TransactionConflict; AWS does.
    real_transact = table_module.Table.transact
    calls: list[int] = []

    def conflict_once(self: table_module.Table, writes: Sequence[table_module.Write]) -> None:
        calls.append(len(writes))
        if len(calls) == 1:
            raise table_module.TransactionCancelled(failed=frozenset())  # no failed condition: a TransactionConflict
        real_transact(self, writes)

    monkeypatch.setattr(table_module.Table, "transact", conflict_once)

    party = services.parties.create("alice", NewParty()).party

    assert services.parties.current("alice").party.party_id == party.party_id
