"""Per-player quotas: the 30th call passes, the 31st is refused with Retry-After, and nothing changes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from partylobby.bootstrap import Container
from partylobby.quotas import Operation, QuotaExceeded, Quotas
from tests.support.fakes import FakeClock
from tests.support.http import Call
from tests.support.quota_window import at_the_start_of_a_minute


def spend(call: Call, player: str, times: int) -> list[int]:
    return [call("POST", "/lobbies/search", player, {"bucket_id": "eu"})[0] for _ in range(times)]


@at_the_start_of_a_minute
def test_the_thirtieth_search_passes_and_the_thirty_first_is_429_with_retry_after(call: Call) -> None:
    assert set(spend(call, "alice", 30)) == {200}
    status, answer = call("POST", "/lobbies/search", "alice", {"bucket_id": "eu"})
    assert (status, answer["err_code"]) == (429, "EOS_TooManyRequests")


@at_the_start_of_a_minute
def test_a_refused_party_call_says_kbackend_and_changes_nothing(call: Call) -> None:
    for n in range(30):
        assert call("PUT", f"/me/friends/friend-{n}", "alice")[0] == 200
    status, answer = call("PUT", "/me/friends/one-too-many", "alice")
    assert (status, answer["err_code"]) == (429, "kBackendTooManyRequests")
    assert "one-too-many" not in call("GET", "/me/friends", "alice")[1]["outgoing"]


@at_the_start_of_a_minute
def test_one_players_quota_never_touches_anothers(call: Call) -> None:
    spend(call, "alice", 31)
    assert spend(call, "bob", 1) == [200]


def test_retry_after_is_the_seconds_until_the_window_frees(services: Container, clock: FakeClock) -> None:
    quotas = Quotas(services.lobbies.lobbies.table, clock, {Operation.CREATE: 2})
    clock.now = clock.now.replace(second=45)
    quotas.spend("alice", Operation.CREATE)
    quotas.spend("alice", Operation.CREATE)
    with pytest.raises(QuotaExceeded) as refused:
        quotas.spend("alice", Operation.CREATE)
    assert refused.value.retry_after == 15
    clock.now += timedelta(seconds=15)  # the next minute: the window has freed
    quotas.spend("alice", Operation.CREATE)


def test_quotas_off_count_nothing(services: Container, clock: FakeClock) -> None:
    table = services.lobbies.lobbies.table
    quotas = Quotas(table, clock, None)
    for _ in range(1000):
        quotas.spend("alice", Operation.CREATE)
    assert table.client.scan(TableName=table.name)["Items"] == []  # not one counter written
