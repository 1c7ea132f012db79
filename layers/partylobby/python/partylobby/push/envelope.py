"""The push envelope of the client contract: {event, ts, data}, the same for every aggregate's events."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from partylobby.clock import iso
from partylobby.domain.events import DomainEvent

MAX_PUSH_BYTES = 128 * 1024
"""API Gateway's limit on one WebSocket message (PostToConnection refuses a larger one)."""
RESYNC_KEYS = ("party_id", "lobby_id", "version")


def envelope(event: DomainEvent, now: datetime) -> dict[str, Any]:
    return {"event": event.name, "ts": iso(now), "data": _plain(event.data())}


def encoded(event: DomainEvent, now: datetime) -> bytes:
    """The push as sent. One too large to post goes as a resync hint instead: the same event with only the
    aggregate's id and version and `resync: true`, so the client fetches the state rather than lose it."""
    full = envelope(event, now)
    data = json.dumps(full).encode()
    if len(data) <= MAX_PUSH_BYTES:
        return data
    hint = {k: full["data"][k] for k in RESYNC_KEYS if k in full["data"]}
    return json.dumps({**full, "data": {**hint, "resync": True}}).encode()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
