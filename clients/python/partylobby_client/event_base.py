"""The base of every event (`Event`: its name, `ts`, `replayed`) and `UnknownEvent`, a push this SDK does not know."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field


class Event(BaseModel):
    """Every event. `replayed` marks one the SDK recovered rather than received live (chat catch-up)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    name: ClassVar[str] = "*"
    ts: str = ""
    replayed: bool = False

    @property
    def event(self) -> str:
        """The event's name (the push's `event`), also for events the SDK does not know."""
        return self.name


class UnknownEvent(Event):
    """A push of a name this SDK version does not know; its data is kept as extra fields and in `data`."""

    event_name: str
    data: dict[str, Any] = Field(default_factory=dict)

    @property
    def event(self) -> str:
        return self.event_name
