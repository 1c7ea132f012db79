"""Typed attributes: what a valid one is, and applying a modification all or nothing."""

from __future__ import annotations

import math
from collections.abc import Iterable
from types import MappingProxyType

from partylobby.domain.limits import utf8_size
from partylobby.domain.lobby import errors, limits
from partylobby.domain.lobby.model import Attribute, Attributes, AttributeValue


def kind_of(value: AttributeValue) -> str:
    """`bool`, `number` or `string`: what comparisons may mix (an int and a float may; a bool and 1 may not)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return "string"


def check_value(key: str, value: AttributeValue, stored: bool = True) -> None:
    """A value to store, or (not `stored`) one to compare with: any finite float compares."""
    if isinstance(value, str) and len(value) > limits.STRING_VALUE_MAX_CHARS:
        raise errors.InvalidParameters(f"{key}: at most {limits.STRING_VALUE_MAX_CHARS} characters")
    if isinstance(value, int) and not isinstance(value, bool) and not limits.INT_MIN <= value <= limits.INT_MAX:
        raise errors.InvalidParameters(f"{key}: an int value must fit in 64 bits")
    if isinstance(value, float) and not math.isfinite(value):
        raise errors.InvalidParameters(f"{key}: a float value must be finite")
    if isinstance(value, float) and stored and not _storable(value):
        raise errors.InvalidParameters(
            f"{key}: a float value is 0 or of magnitude {limits.FLOAT_MIN_MAGNITUDE}..{limits.FLOAT_MAX_MAGNITUDE}"
        )


def check_key(key: str) -> None:
    if not 0 < len(key) <= limits.ATTRIBUTE_KEY_MAX_CHARS:
        raise errors.InvalidParameters(f"an attribute key holds 1..{limits.ATTRIBUTE_KEY_MAX_CHARS} characters")


def size_of(attributes: Iterable[Attribute]) -> int:
    """What the attributes weigh in the lobby's item, at least: keys and values as UTF-8, and their map."""
    return sum(utf8_size(a.key) + utf8_size(str(a.value)) + limits.ATTRIBUTE_OVERHEAD_BYTES for a in attributes)


def modified(
    current: Attributes, set_attributes: Iterable[Attribute], remove_keys: Iterable[str], max_bytes: int
) -> Attributes:
    """`current` with the removals and settings applied; refused whole if any is invalid or a cap is passed."""
    setting = list(set_attributes)
    removing = set(remove_keys)
    for attribute in setting:
        check_key(attribute.key)
        check_value(attribute.key, attribute.value)
    for key in removing:
        check_key(key)
    keys = [a.key for a in setting]
    if len(keys) != len(set(keys)):
        raise errors.InvalidParameters("an attribute key is set twice")
    if removing & set(keys):
        raise errors.InvalidParameters("an attribute key is both set and removed")
    after = {k: a for k, a in current.items() if k not in removing} | {a.key: a for a in setting}
    if len(after) > limits.MAX_ATTRIBUTES:
        raise errors.LimitExceeded(f"at most {limits.MAX_ATTRIBUTES} attributes")
    if size_of(after.values()) > max_bytes:
        raise errors.LimitExceeded(f"at most {max_bytes} bytes of attribute data")
    return MappingProxyType(after)


def _storable(value: float) -> bool:
    magnitude = abs(value)
    return magnitude == 0 or limits.FLOAT_MIN_MAGNITUDE <= magnitude <= limits.FLOAT_MAX_MAGNITUDE
