from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openbook.kernel.money import format_thousands, money_str, parse_money

pennies = st.integers(min_value=-(10**13), max_value=10**13).map(lambda p: Decimal(p) / 100)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12500", "12500.00"),
        ("12,500.00", "12500.00"),
        ("(1,200)", "-1200.00"),
        ("-1200.5", "-1200.50"),
        ("£1,000", "1000.00"),
        ("0.005", "0.01"),
        ("-0.005", "-0.01"),
    ],
)
def test_parse_money(text: str, value: str) -> None:
    assert parse_money(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "12,5OO", "NaN", "Infinity", "1e", "()", "abc"])
def test_not_money(text: str) -> None:
    assert parse_money(text) is None


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("-1500000", "(1,500)"),
        ("900000", "900"),
        ("499", "0"),
        ("-499", "0"),
        ("1234567.89", "1,235"),
        ("0", "0"),
    ],
)
def test_thousands_with_brackets_for_negatives(value: str, shown: str) -> None:
    assert format_thousands(Decimal(value)) == shown


@given(pennies)
def test_parse_of_formatted_money_round_trips(value: Decimal) -> None:
    assert parse_money(money_str(value)) == value
