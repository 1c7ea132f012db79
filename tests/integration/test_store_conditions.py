"""The store's conditions and records, checked by AWS's own engine rather than moto's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TypeVar

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.membership import Entering, Entrant
from partylobby.domain.party import rules
from partylobby.domain.party.errors import PartyNotFound
from partylobby.domain.party.model import Change, JoinStrategy, Member, NewParty
from partylobby.store.parties import PartyStore
from partylobby.store.table import SlotTaken, Table, VersionConflict
from tests.support.fakes import FakeClock, RecordingNotifier

pytestmark = pytest.mark.integration

T = TypeVar("T")


def test_committing_a_change_made_from_a_stale_version_is_a_version_conflict(
    services: Container, party_store: PartyStore
) -> None:
    party_id = services.parties.create("lead", NewParty()).party.party_id
    loaded = party_store.load(party_id)
    assert loaded is not None
    first = rules.set_strategy(loaded, "lead", JoinStrategy.ONLY_INVITED, None)
    stale = rules.set_global_data(loaded, "lead", "from the past")
    party_store.commit(first)

    with pytest.raises(VersionConflict):
        party_store.commit(stale)

    stored = party_store.load(party_id)
    assert stored is not None
    assert (stored.version, stored.join_strategy, stored.global_data) == (2, JoinStrategy.ONLY_INVITED, "")


def test_a_join_over_capacity_is_refused_by_the_table_even_at_the_right_version(
    services: Container, party_store: PartyStore, clock: FakeClock
) -> None:
    party_id = services.parties.create("lead", NewParty(max_player=2)).party.party_id
    services.parties.join("second", party_id)
    full = party_store.load(party_id)
    assert full is not None
    # Skip the domain's capacity guard: only `size(members) < max_player` stands in the way.
    third = Member("third", clock(), seat=full.version + 1)
    over = replace(full, version=full.version + 1, members=(*full.members, third))
    change = Change(over, entered=(Entering("third", None),))

    with pytest.raises(VersionConflict):
        party_store.commit(change)

    stored = party_store.load(party_id)
    assert stored is not None
    assert stored.version == full.version
    assert stored.member_ids == {"lead", "second"}
    assert party_store.presence.get("third").party_id() is None


def test_a_join_by_a_player_holding_another_party_lock_is_refused_by_the_table(
    services: Container, party_store: PartyStore, clock: FakeClock
) -> None:
    home = services.parties.create("busy", NewParty()).party.party_id
    other = services.parties.create("host", NewParty()).party.party_id
    loaded = party_store.load(other)
    assert loaded is not None
    # A stale read of the joiner's partition: the domain believes "busy" holds no lock.
    change = rules.join(loaded, Entrant("busy", groups=0), clock())

    with pytest.raises(SlotTaken):  # the service replays: the domain then answers PartyDuplicated
        party_store.commit(change)

    assert party_store.presence.get("busy").party_id() == home
    stored = party_store.load(other)
    assert stored is not None
    assert stored.version == 1
    assert stored.member_ids == {"host"}


def test_creating_a_party_under_an_existing_id_is_refused(
    services: Container, party_store: PartyStore, clock: FakeClock
) -> None:
    party_id = services.parties.create("first", NewParty()).party.party_id
    again = rules.create_party(
        party_id=party_id, creator=Entrant("second"), settings=NewParty(max_player=4), now=clock()
    )

    with pytest.raises(VersionConflict):
        party_store.commit(again)

    stored = party_store.load(party_id)
    assert stored is not None
    assert stored.leader_id == "first"
    assert party_store.presence.get("second").party_id() is None


def test_every_committed_change_bumps_version_by_one_and_history_survives_dismissal(
    services: Container,
    party_store: PartyStore,
    table: Table,
    clock: FakeClock,
    notifier: RecordingNotifier,
) -> None:
    parties = services.parties
    start = clock()

    def at(seconds: int) -> datetime:
        return start + timedelta(seconds=seconds)

    def step(seconds: int, expected_version: int, command: Callable[[], T]) -> T:
        clock.now = at(seconds)
        notifier.clear()
        result = command()
        assert notifier.events, "a committed command publishes its events"
        assert {e.version for e in notifier.events} == {expected_version}
        stored = party_store.load(party_id)
        assert stored is None or stored.version == expected_version
        return result

    party_id = parties.create("lead", NewParty(party_name="history")).party.party_id
    assert parties.get("lead", party_id).party.version == 1
    step(10, 2, lambda: parties.join("a", party_id))
    step(20, 3, lambda: parties.join("b", party_id))
    step(30, 4, lambda: parties.set_strategy("lead", party_id, JoinStrategy.ONLY_INVITED, None))
    step(40, 5, lambda: parties.set_global_data("lead", party_id, "map=dust"))
    step(50, 6, lambda: parties.set_player_data("a", party_id, "ready"))
    step(60, 7, lambda: parties.transfer_leader("lead", party_id, "a"))
    step(70, 7, lambda: parties.invite("a", party_id, ["c"]))  # inviting changes nothing
    step(80, 8, lambda: parties.kick("a", party_id, "b"))
    step(90, 9, lambda: parties.join("c", party_id))
    step(100, 10, lambda: parties.leave("lead", party_id))
    step(110, 11, lambda: parties.dismiss("a", party_id))

    assert party_store.load(party_id) is None
    with pytest.raises(PartyNotFound):
        parties.get("a", party_id)
    assert [party_store.presence.get(p).party_id() for p in ("lead", "a", "b", "c")] == [None] * 4
    history = party_store.histories.history(party_id)
    assert history is not None
    assert (history.party_name, history.max_player, history.leader_id) == ("history", 4, "a")
    assert (history.created_at, history.dismissed_at) == (start, at(110))
    assert [(e.player_id, e.joined_at, e.left_at) for e in history.members] == [
        ("lead", start, at(100)),
        ("a", at(10), at(110)),
        ("b", at(20), at(80)),
        ("c", at(90), at(110)),
    ]
