"""The push envelope of the client contract: {event, ts, data}, the same for every aggregate's events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from partylobby.clock import iso
from partylobby.domain.events import DomainEvent


def envelope(event: DomainEvent, now: datetime) -> dict[str, Any]:
    return {"event": event.name, "ts": iso(now), "data": _plain(event.data())}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
