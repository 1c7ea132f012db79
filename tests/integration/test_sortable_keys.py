"""On AWS's engine, sort keys made of sortable values order, range and match as the values do."""

from __future__ import annotations

import pytest

from partylobby.store.sortable import sortable_number, sortable_string
from partylobby.store.table import Table

pytestmark = pytest.mark.integration

NUMBERS = [-1e300, -(2**63), -(2**53 + 1), -2.5, -2, -1e-300, 0, 1e-300, 1, 1.25, 2**53, 2**53 + 1, 2**63 - 1, 1e300]
STRINGS = [
    "",
    "\x00",
    "\x00\x00",
    "\x00\x01",
    "\x00a",
    "\x01",
    "a",
    "a\x00",
    "a#b",
    "ab",
    "b",
    "é",
    "日本",
    "\U0001f600",
]


def keys_in_order(table: Table, pk: str, condition: str = "", **values: str) -> list[str]:
    query = "pk = :pk" + (f" AND {condition}" if condition else "")
    return [item["value"] for item in table.query(query, {":pk": pk, **values})]


def test_numbers_come_back_in_their_order_and_ranges_hold_what_they_should(table: Table) -> None:
    for n, value in enumerate(reversed(NUMBERS)):
        table.put({"pk": "N", "sk": f"{sortable_number(value)}{n:04d}", "value": repr(value)})
    assert keys_in_order(table, "N") == [repr(v) for v in NUMBERS]
    above = keys_in_order(table, "N", "sk >= :low", **{":low": sortable_number(2**53 + 1)})
    assert above == [repr(v) for v in NUMBERS if v >= 2**53 + 1]
    below = keys_in_order(table, "N", "sk < :high", **{":high": sortable_number(-2)})
    assert below == [repr(v) for v in NUMBERS if v < -2]


def test_strings_come_back_in_their_order_and_a_prefix_matches_one_value_exactly(table: Table) -> None:
    for n, value in enumerate(reversed(STRINGS)):
        table.put({"pk": "S", "sk": f"{sortable_string(value)}{n:04d}", "value": value})
    assert keys_in_order(table, "S") == sorted(STRINGS)
    for value in STRINGS:
        assert keys_in_order(table, "S", "begins_with(sk, :v)", **{":v": sortable_string(value)}) == [value]
