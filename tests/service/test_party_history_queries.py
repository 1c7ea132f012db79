"""The portal's queries: parties newest first, overall or by player, in a time window, page by page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.party.errors import PartyNotFound
from partylobby.domain.party.history import Summary, Window
from partylobby.domain.party.model import LeaveReason
from partylobby.services.party_history import PartyHistoryService
from tests.service.conftest import World
from tests.support.fakes import FakeClock

EVER = Window(datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))


@pytest.fixture
def history(services: Container) -> PartyHistoryService:
    return services.party_history


def parties_made(world: World, clock: FakeClock, count: int, leader: str = "p") -> list[str]:
    """`count` parties a minute apart, each dismissed at once; their ids, oldest first."""
    ids = []
    for n in range(count):
        clock.advance(60)
        party = world.party(f"{leader}{n}")
        world.parties.dismiss(f"{leader}{n}", party.party_id)
        ids.append(party.party_id)
    return ids


def every_page(history: PartyHistoryService, limit: int, **query: object) -> Iterator[list[Summary]]:
    below = None
    while True:
        page = history.parties(EVER, limit, below, **query)  # type: ignore[arg-type]
        yield page.parties
        if page.position is None:
            return
        below = page.position


def test_pages_list_every_party_once_newest_first(world: World, clock: FakeClock, history: PartyHistoryService) -> None:
    ids = parties_made(world, clock, 25)

    pages = list(every_page(history, 10))

    assert [len(p) for p in pages] == [10, 10, 5]
    assert [s.party_id for page in pages for s in page] == ids[::-1]


def test_a_window_holds_the_parties_created_in_it_ends_included(
    world: World, clock: FakeClock, history: PartyHistoryService
) -> None:
    start = clock.now
    ids = parties_made(world, clock, 6)
    created = [start + timedelta(minutes=n + 1) for n in range(6)]

    page = history.parties(Window(created[1], created[3]), 10)

    assert [s.party_id for s in page.parties] == [ids[3], ids[2], ids[1]]
    assert page.position is None


def test_a_summary_carries_name_capacity_leader_and_times(
    world: World, clock: FakeClock, history: PartyHistoryService
) -> None:
    party = world.party("alice", "bob", party_name="squad", max_player=6)
    world.parties.transfer_leader("alice", party.party_id, "bob")
    clock.advance(5)
    world.parties.dismiss("bob", party.party_id)

    (summary,) = history.parties(EVER, 10).parties

    assert (summary.party_name, summary.max_player, summary.leader_id) == ("squad", 6, "bob")
    assert summary.dismissed_at == clock.now and summary.created_at == clock.now - timedelta(seconds=5)


def test_by_player_lists_only_the_parties_they_joined_newest_join_first(
    world: World, clock: FakeClock, history: PartyHistoryService
) -> None:
    first = world.party("alice", "carol")
    world.parties.leave("carol", first.party_id)
    clock.advance(60)
    world.party("bob")  # carol never joined it
    clock.advance(60)
    second = world.party("dave", "carol")
    world.parties.leave("carol", second.party_id)
    clock.advance(60)
    world.parties.join("carol", first.party_id)  # a rejoin: listed once, at the latest join

    listed = [s.party_id for page in every_page(history, 1, player_id="carol") for s in page]

    assert listed == [first.party_id, second.party_id]


def test_a_player_with_no_parties_gets_an_empty_last_page(history: PartyHistoryService) -> None:
    page = history.parties(EVER, 10, player_id="nobody")
    assert (page.parties, page.position) == ([], None)


def test_a_party_record_shows_every_stint_with_times_and_reasons(world: World, history: PartyHistoryService) -> None:
    party = world.party("alice", "bob", "carol")
    world.parties.kick("alice", party.party_id, "bob")
    world.parties.leave("carol", party.party_id, LeaveReason.LEFT)
    world.parties.dismiss("alice", party.party_id)

    record = history.get(party.party_id)

    assert [(m.player_id, m.reason) for m in record.members] == [
        ("alice", "dismissed"),
        ("bob", "kicked"),
        ("carol", "left"),
    ]
    assert all(m.joined_at and m.left_at for m in record.members)


def test_an_unknown_party_is_not_found(history: PartyHistoryService) -> None:
    with pytest.raises(PartyNotFound):
        history.get("no-such-party")
