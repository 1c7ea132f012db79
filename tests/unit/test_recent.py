"""What a container keeps of the lobbies its searches read: for a moment, never past a change it commits."""

from __future__ import annotations

from partylobby.store.recent import MOST, Recent


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def recent(seconds: float = 1.0) -> tuple[Recent, Ticks]:
    ticks = Ticks()
    return Recent(seconds, ticks), ticks


def test_an_item_read_is_kept_until_a_moment_after_its_read_began() -> None:
    kept, ticks = recent()
    kept.keep({"a": {"v": 1}}, read_at=ticks())
    ticks.now += 0.9
    assert kept.fresh(["a", "b"]) == {"a": {"v": 1}}
    ticks.now += 0.1
    assert kept.fresh(["a"]) == {}


def test_a_change_here_drops_the_item_at_once() -> None:
    kept, ticks = recent()
    kept.keep({"a": {"v": 1}}, read_at=ticks())
    kept.changed("a")
    assert kept.fresh(["a"]) == {}


def test_a_read_that_began_before_a_change_here_is_not_kept() -> None:
    kept, ticks = recent()
    read_at = ticks()  # a search's read begins; a command commits and marks the change; the read ends
    ticks.now += 0.01
    kept.changed("a")
    kept.keep({"a": {"v": "before"}}, read_at=read_at)
    assert kept.fresh(["a"]) == {}
    kept.keep({"a": {"v": "after"}}, read_at=ticks() + 0.01)
    assert kept.fresh(["a"]) == {"a": {"v": "after"}}


def test_nothing_is_kept_with_no_seconds_to_keep_it() -> None:
    kept, ticks = recent(seconds=0)
    kept.keep({"a": {}}, read_at=ticks())
    kept.changed("a")
    assert kept.fresh(["a"]) == {}


def test_memory_stays_bounded_by_the_most_kept_and_the_changes_of_the_last_moment() -> None:
    kept, ticks = recent()
    for n in range(3 * MOST):
        kept.keep({f"l{n}": {}}, read_at=ticks())
        kept.changed(f"c{n}")
        ticks.now += 0.001
    assert len(kept._kept) == MOST and len(kept._changed) <= 1_001
    ticks.now += 2
    kept.changed("last")
    kept.keep({"x": {}}, read_at=ticks())
    assert len(kept._changed) == 1 and list(kept._kept) == ["x"]
