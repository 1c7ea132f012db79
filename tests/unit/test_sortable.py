"""Sort-key text of attribute values: ordered as the values are, equal exactly when they are."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from partylobby.store.sortable import END, above, number_of, sortable_number, sortable_string

INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
TEXT = st.text(alphabet=st.sampled_from("\x00\x01a#~é\U0001f600"), max_size=6)  # NULs and neighbours often
NUMBERS = st.one_of(INT64, st.floats(allow_nan=False, allow_infinity=False))


@given(NUMBERS, NUMBERS)
def test_numbers_sort_as_their_values(a: int | float, b: int | float) -> None:
    assert (sortable_number(a) < sortable_number(b)) == (a < b)
    assert (sortable_number(a) == sortable_number(b)) == (a == b)


@given(NUMBERS, NUMBERS, st.text(max_size=8), st.text(max_size=8))
def test_what_follows_a_number_in_a_key_never_changes_its_order(a: float, b: float, x: str, y: str) -> None:
    if a < b:
        assert sortable_number(a) + x < sortable_number(b) + y


def test_ints_past_two_to_the_53_and_floats_keep_their_exact_order() -> None:
    values = [
        -1.7e308,
        -1e300,
        -(2**63),
        -(2**53 + 1),
        -(2**53),
        -1.5,
        -1,
        -5e-324,
        0,
        5e-324,
        1,
        1.5,
        2**53,
        2**53 + 1,
        2**63 - 1,
        1.7e308,
    ]
    assert sorted(values, key=sortable_number) == values
    assert sortable_number(3) == sortable_number(3.0) and sortable_number(-0.0) == sortable_number(0)


@given(TEXT, TEXT, st.text(max_size=8), st.text(max_size=8))
def test_strings_sort_as_their_values_whatever_follows_them(a: str, b: str, x: str, y: str) -> None:
    if a < b:
        assert sortable_string(a) + x < sortable_string(b) + y


@given(TEXT, TEXT)
def test_a_prefix_of_value_and_end_matches_that_value_only(a: str, b: str) -> None:
    assert (sortable_string(a) + "rest").startswith(sortable_string(b)) == (a == b)
    assert sortable_string(a).endswith(END)


@given(NUMBERS, st.text(max_size=8))
def test_a_numbers_text_reads_back_as_exactly_that_number(a: int | float, rest: str) -> None:
    assert number_of(sortable_number(a) + rest) == Decimal(a)


@given(st.one_of(NUMBERS.map(sortable_number), TEXT.map(sortable_string)), st.text(max_size=8))
def test_above_a_value_lies_past_its_keys_and_below_every_greater_value(text: str, rest: str) -> None:
    assert text + rest < above(text)


@given(NUMBERS, NUMBERS, st.text(max_size=8))
def test_every_greater_number_lies_at_or_above_where_the_value_ends(a: float, b: float, rest: str) -> None:
    if a < b:
        assert sortable_number(b) + rest >= above(sortable_number(a))


@given(TEXT, TEXT, st.text(max_size=8))
def test_every_greater_string_lies_at_or_above_where_the_value_ends(a: str, b: str, rest: str) -> None:
    if a < b:
        assert sortable_string(b) + rest >= above(sortable_string(a))
