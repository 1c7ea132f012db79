"""Fakes for the service tier: a clock that only moves when told, a notifier that records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from partylobby.domain.events import PartyEvent


class FakeClock:
    def __init__(self, start: datetime = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class RecordingNotifier:
    def __init__(self) -> None:
        self.events: list[PartyEvent] = []

    def publish(self, events: Sequence[PartyEvent]) -> None:
        self.events.extend(events)

    def names(self) -> list[str]:
        return [e.name for e in self.events]

    def of(self, name: str) -> list[PartyEvent]:
        return [e for e in self.events if e.name == name]

    def clear(self) -> None:
        self.events.clear()
