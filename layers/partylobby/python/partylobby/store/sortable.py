"""Attribute values as sort-key text whose order is the values' order: what a Query's key conditions on an
indexed search attribute compare (`BETWEEN`, `<`, `>=`, `begins_with`).

DynamoDB orders string keys by their UTF-8 bytes, which is Python's order of code points. A value's text
ends with `END`, which sorts below everything a value's text can hold, so what follows it in a sort key (the
lobby's age and id) never changes the value's order, and `begins_with(value + END)` is exact equality.

Numbers, exact for every int64 and every finite double (ints past 2**53 included; 3 and 3.0 are one
number, as search compares them): a sign class (`0` negative, `1` zero, `2` positive), then the decimal
exponent in three digits and the significant digits, both complemented for negative numbers, which end
with `~` so that a longer magnitude (more negative) sorts first. `number_of` reads such a text back.
"""

from __future__ import annotations

from decimal import Decimal

END = "\x00\x00"  # two NULs: below anything a value's text holds, where a NUL is written NUL SOH
_ESCAPED_NUL = "\x00\x01"
_EXPONENT_OFFSET = 500  # doubles' exponents run from -324 to 308: three digits, never negative


def sortable(value: str | int | float) -> str:
    """A string's or a number's text (never a bool's: no index holds bools)."""
    return sortable_string(value) if isinstance(value, str) else sortable_number(value)


def sortable_string(value: str) -> str:
    return value.replace("\x00", _ESCAPED_NUL) + END


def sortable_number(value: int | float) -> str:
    number = Decimal(value)  # exact: a float's binary value in full, an int of any size
    if number.is_zero():
        return "1" + END
    sign, digits, _ = number.as_tuple()
    significant = "".join(map(str, digits)).rstrip("0")
    exponent = number.adjusted() + _EXPONENT_OFFSET
    if not sign:
        return f"2{exponent:03d}{significant}{END}"
    return f"0{999 - exponent:03d}{_complemented(significant)}~{END}"


def above(text: str) -> str:
    """The least text above every sort key that starts with the value's `text`: where the next value begins."""
    return text[: -len(END)] + _ESCAPED_NUL


def number_of(key: str) -> Decimal:
    """The number whose sortable_number text `key` starts with (what follows its END is ignored)."""
    text = key[: key.index(END)]
    if text == "1":
        return Decimal(0)
    if text[0] == "2":
        digits, exponent = text[4:], int(text[1:4]) - _EXPONENT_OFFSET
        return Decimal((0, tuple(map(int, digits)), exponent - len(digits) + 1))
    digits, exponent = _complemented(text[4:-1]), 999 - int(text[1:4]) - _EXPONENT_OFFSET
    return Decimal((1, tuple(map(int, digits)), exponent - len(digits) + 1))


def _complemented(digits: str) -> str:
    return "".join(str(9 - int(d)) for d in digits)
