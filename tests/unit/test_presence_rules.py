"""Which sockets the cap closes, and what the last push before a close says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from partylobby.domain.presence import CloseReason, ConnectionClosed, sockets_over_the_cap

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def opened(*offsets: int) -> dict[str, datetime | None]:
    return {f"s{n}": T0 + timedelta(seconds=n) for n in offsets}


def test_within_the_cap_nothing_closes() -> None:
    assert sockets_over_the_cap(opened(0, 1, 2), cap=3, newest="s2") == []


def test_past_the_cap_the_oldest_close_first() -> None:
    assert sockets_over_the_cap(opened(0, 1, 2, 3), cap=2, newest="s3") == ["s0", "s1"]


def test_the_socket_opening_never_closes_even_when_its_clock_is_behind() -> None:
    sockets = opened(1, 2) | {"new": T0}
    assert sockets_over_the_cap(sockets, cap=2, newest="new") == ["s1"]


def test_a_socket_whose_record_expired_counts_as_the_oldest() -> None:
    assert sockets_over_the_cap(opened(0, 1) | {"stale": None}, cap=2, newest="s1") == ["stale"]


def test_the_closing_notice_names_the_reason_and_for_the_cap_the_cap() -> None:
    assert ConnectionClosed(frozenset({"p"}), CloseReason.SOCKET_LIMIT, 10).data() == {
        "reason": "socket_limit",
        "max_sockets": 10,
    }
    assert ConnectionClosed(frozenset({"p"}), CloseReason.LOGOUT, 10).data() == {"reason": "logout"}
