"""The base of every aggregate's domain events: a name, its recipients, and the data pushed to them.

Recipients are part of the rules (the PGOS and EOS event tables say who hears what), so the domain
decides them; push/ only wraps and delivers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, dataclass_transform


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class DomainEvent:
    """Every subclass is a frozen dataclass, named on its class line (`class X(Base, name="OnX"):`), with a
    `recipients` field; every other field is pushed as `data`."""

    name: ClassVar[str] = ""
    recipients: frozenset[str]

    def __init_subclass__(cls, *, name: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.name = name or cls.name
        dataclass(frozen=True)(cls)

    def data(self) -> dict[str, Any]:
        """The `data` object of the push envelope."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "recipients"}  # type: ignore[arg-type]
