"""Waits on an SDK event stream shared by its unit and e2e tests."""

from __future__ import annotations

from partylobby_client import ConnectionState, EventStream, OnConnectionStateChanged


async def state_changes(stream: EventStream, last: ConnectionState, wait: float) -> list[OnConnectionStateChanged]:
    """The connection state changes up to and with the next change to `last` (each within `wait` seconds)."""
    changes: list[OnConnectionStateChanged] = []
    while not changes or changes[-1].state is not last:
        event = await stream.next(wait)
        if isinstance(event, OnConnectionStateChanged):
            changes.append(event)
    return changes
