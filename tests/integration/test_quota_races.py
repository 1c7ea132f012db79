"""Concurrent requests never overshoot a quota: the count is one atomic, conditioned update."""

from __future__ import annotations

from functools import partial

import pytest

from partylobby.quotas import Operation, QuotaExceeded, Quotas
from partylobby.store.table import Table
from tests.integration.conftest import Race
from tests.support.fakes import FakeClock

pytestmark = pytest.mark.integration


def test_forty_concurrent_requests_on_a_quota_of_thirty_pass_exactly_thirty(
    table: Table, clock: FakeClock, race: Race
) -> None:
    quotas = Quotas(table, clock, {Operation.JOIN: 30})

    outcomes = race([partial(quotas.spend, "alice", Operation.JOIN) for _ in range(40)])

    assert sum(o.ok for o in outcomes) == 30
    assert all(isinstance(o.error, QuotaExceeded) for o in outcomes if not o.ok)
