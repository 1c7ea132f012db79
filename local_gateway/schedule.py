"""The template's `Schedule` events, run locally on a one-second timer instead of their rate."""

from __future__ import annotations

import threading
import traceback

from local_gateway import template
from local_gateway.http_gateway import Function
from local_gateway.ws_events import new_id, scheduled_event

LOCAL_INTERVAL_SECONDS = 1.0


def scheduled_functions() -> dict[str, str]:
    """Logical id of each function with a `Schedule` event, and that event's rule name."""
    found = {}
    for name, function in template.resources("AWS::Serverless::Function").items():
        for event_name, event in function["Properties"].get("Events", {}).items():
            if event["Type"] == "Schedule":
                found[name] = f"party-lobby-local-{name}{event_name}"
    return found


class Schedule:
    """Invokes one function with a scheduled event every interval until stopped; a failed run is only logged."""

    def __init__(self, function: Function, rule_name: str, interval: float = LOCAL_INTERVAL_SECONDS) -> None:
        self.function = function
        self.rule_name = rule_name
        self.interval = interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"schedule-{rule_name}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stopping.wait(self.interval):
            try:
                self.function.invoke(scheduled_event(self.rule_name), new_id())
            except Exception:
                traceback.print_exc()
