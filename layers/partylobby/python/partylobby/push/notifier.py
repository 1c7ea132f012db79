"""Where committed events go. The WebSocket fan-out implements this same protocol."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from partylobby.domain.events import DomainEvent


class Notifier(Protocol):
    def publish(self, events: Sequence[DomainEvent]) -> None: ...


class NullNotifier:
    """Delivers nothing: for deployments or tools that run without pushes."""

    def publish(self, events: Sequence[DomainEvent]) -> None:
        return None
