"""The portal's queries on DynamoDB Local among 10,000 party records: what they read depends on the page,
never on the table (no Scan; by player, only that player's entries)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.party.history import Entered, HistoryFact, Opened, Window
from partylobby.store.party_history import PartyHistoryStore
from partylobby.store.table import Table
from tests.support.fakes import FakeClock

if TYPE_CHECKING:
    pass

pytestmark = pytest.mark.integration

RECORDS = 10_000
ALICE_EVERY = 400  # alice is in one party in 400: 25 of them
EVER = Window(FakeClock().now - timedelta(days=1), FakeClock().now + timedelta(days=30))


def write_records(table: Table, clock: FakeClock) -> list[str]:
    """RECORDS parties' heads and creators' entries, as the store writes them, in batches; ids oldest first."""
    histories = PartyHistoryStore(table)
    ids, puts = [], []
    for n in range(RECORDS):
        at = clock.now + timedelta(seconds=n)
        party_id, creator = f"party-{n:05d}", "alice" if n % ALICE_EVERY == 0 else f"player-{n}"
        facts: list[HistoryFact] = [Opened(f"squad {n}", 4, creator, at), Entered(creator, 1, at)]
        puts += [write.request["Put"]["Item"] for write in histories.writes(party_id, facts)]
        ids.append(party_id)
    for start in range(0, len(puts), 25):
        pending: dict[str, Any] = {table.name: [{"PutRequest": {"Item": item}} for item in puts[start : start + 25]]}
        while pending:
            pending = table.client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
    return ids


@pytest.fixture
def services(module_services: Container) -> Container:
    return module_services


@pytest.fixture
def clock(module_services: Container) -> FakeClock:
    assert isinstance(module_services.clock, FakeClock)
    return module_services.clock


@pytest.fixture
def reads(services: Container) -> Iterator[list[tuple[str, int]]]:
    """Each DynamoDB call of the test: its operation and the items it read (Query: ScannedCount)."""
    calls: list[tuple[str, int]] = []

    def record(parsed: dict[str, Any], model: Any, **_: Any) -> None:
        read = parsed.get("ScannedCount", sum(len(v) for v in parsed.get("Responses", {}).values()))
        calls.append((model.name, read))

    client = services.table.client
    client.meta.events.register("after-call.dynamodb.*", record)
    yield calls
    client.meta.events.unregister("after-call.dynamodb.*", record)


@pytest.fixture(scope="module")
def records(module_services: Container) -> list[str]:
    """Written once: the module's tests only read them."""
    assert isinstance(module_services.clock, FakeClock)
    return write_records(module_services.table, module_services.clock)


def test_a_query_by_player_reads_only_that_players_entries_and_their_heads(
    services: Container, records: list[str], reads: list[tuple[str, int]]
) -> None:
    page = services.party_history.parties(EVER, 100, player_id="alice")

    expected = records[::ALICE_EVERY][::-1]
    assert [s.party_id for s in page.parties] == expected and page.position is None
    assert reads == [("Query", len(expected)), ("BatchGetItem", len(expected))]


def test_newest_first_pages_and_windows_read_what_they_list_whatever_the_table(
    services: Container, records: list[str], reads: list[tuple[str, int]], clock: FakeClock
) -> None:
    first = services.party_history.parties(EVER, 20)
    assert [s.party_id for s in first.parties] == records[::-1][:20]
    assert [operation for operation, _ in reads] == ["Query"] * 8  # one per shard
    assert sum(read for _, read in reads) <= 8 * 21

    reads.clear()
    second = services.party_history.parties(EVER, 20, first.position)
    assert [s.party_id for s in second.parties] == records[::-1][20:40]
    assert len(reads) == 8 and sum(read for _, read in reads) <= 8 * 22  # BETWEEN includes the cursor item

    reads.clear()
    window = Window(clock.now + timedelta(seconds=100), clock.now + timedelta(seconds=109))
    in_window = services.party_history.parties(window, 100)
    assert [s.party_id for s in in_window.parties] == records[100:110][::-1]
    assert sum(read for _, read in reads) == 10
