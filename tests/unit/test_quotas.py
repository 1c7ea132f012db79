"""The quota window: whole minutes, and the seconds until the next one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from partylobby.quotas import DEFAULT_LIMITS, Operation, window_at

NOON = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("second", "retry_after"), [(0.0, 60), (0.4, 60), (1.0, 59), (59.0, 1), (59.9, 1)])
def test_retry_after_is_the_whole_seconds_until_the_window_frees(second: float, retry_after: int) -> None:
    window = window_at(datetime.fromtimestamp(NOON.timestamp() + second, UTC))
    assert window.retry_after == retry_after
    assert window.ends_at == NOON.timestamp() + 60


def test_the_default_limits_are_the_eos_tables() -> None:
    assert DEFAULT_LIMITS[Operation.CREATE] == DEFAULT_LIMITS[Operation.JOIN] == DEFAULT_LIMITS[Operation.KICK] == 30
    assert DEFAULT_LIMITS[Operation.READ] == DEFAULT_LIMITS[Operation.UPDATE] == 100
    assert DEFAULT_LIMITS[Operation.CHAT] == 60
