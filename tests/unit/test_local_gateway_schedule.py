"""The template's schedules run locally on a short timer, with EventBridge's scheduled event."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from local_gateway.schedule import Schedule, scheduled_functions


class CountingFunction:
    def __init__(self, fail: bool = False) -> None:
        self.events: list[dict[str, Any]] = []
        self.fail = fail
        self.third_call = threading.Event()

    def invoke(self, event: dict[str, Any], request_id: str) -> Any:
        self.events.append(event)
        if len(self.events) >= 3:
            self.third_call.set()
        if self.fail:
            raise RuntimeError("a failed run")
        return {"removed": 0}


def test_the_sweeper_is_the_templates_scheduled_function() -> None:
    assert scheduled_functions() == {"SweeperFunction": "party-lobby-local-SweeperFunctionEveryMinute"}


def test_schedule_invokes_on_every_tick_until_stopped() -> None:
    function = CountingFunction()
    schedule = Schedule(function, "rule", interval=0.01)
    schedule.start()
    assert function.third_call.wait(5)
    schedule.stop()
    count = len(function.events)
    time.sleep(0.05)
    assert len(function.events) == count  # nothing after stop
    assert {e["detail-type"] for e in function.events} == {"Scheduled Event"}
    assert len({e["id"] for e in function.events}) == count


def test_a_failing_run_does_not_stop_the_schedule(capsys: pytest.CaptureFixture[str]) -> None:
    function = CountingFunction(fail=True)
    schedule = Schedule(function, "rule", interval=0.01)
    schedule.start()
    assert function.third_call.wait(5)
    schedule.stop()
    assert "a failed run" in capsys.readouterr().err


def test_stopping_a_schedule_that_never_started_returns_and_runs_nothing() -> None:
    function = CountingFunction()
    Schedule(function, "rule", interval=0.01).stop()
    assert function.events == []
