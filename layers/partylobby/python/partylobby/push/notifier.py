"""Where committed events go. The WebSocket fan-out implements this same protocol."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from partylobby.domain.events import DomainEvent

Sockets = Mapping[str, frozenset[str]]
"""Open connection ids per player, read once per command (see services/commands.py Publisher)."""


class Notifier(Protocol):
    def publish(self, events: Sequence[DomainEvent], sockets: Sockets) -> None: ...


class NullNotifier:
    """Delivers nothing: for deployments or tools that run without pushes."""

    def publish(self, events: Sequence[DomainEvent], sockets: Sockets) -> None:
        return None
