"""Aligned payment and incentive on hand-worked figures: the fixed element in twelfths, the
variable element on elective value above or below the baseline, and the block below the
low-value threshold."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openbook.activity.model.aligned_payment import (
    ContractTerms,
    calculate_aligned_payment,
    check_terms,
)
from openbook.kernel.period import FinancialYear

YEAR = FinancialYear.parse("2024/25")
# Fixed £12,000,000 a year (£1,000,000 a month), funding an elective baseline of
# £3,600,000 a year (£300,000 a month).
TERMS = ContractTerms("11J", "RBD", YEAR, Decimal(12_000_000), Decimal(3_600_000))


def test_above_the_baseline_the_variable_element_pays_at_the_rate() -> None:
    # M3: fixed 3,000,000; baseline 900,000; elective value 960,000 -> +60,000 at 100%
    paid = calculate_aligned_payment(TERMS, 3, Decimal(960_000))
    assert (paid.fixed, paid.baseline, paid.variable, paid.payment, paid.block) == (
        Decimal("3000000.00"),
        Decimal("900000.00"),
        Decimal("60000.00"),
        Decimal("3060000.00"),
        False,
    )


def test_below_the_baseline_it_takes_back_and_the_rate_applies() -> None:
    # M6 at a 75% rate: baseline 1,800,000; value 1,700,000 -> -100,000 x 75% = -75,000
    terms = ContractTerms("11J", "RBD", YEAR, Decimal(12_000_000), Decimal(3_600_000), Decimal(75))
    paid = calculate_aligned_payment(terms, 6, Decimal(1_700_000))
    assert (paid.variable, paid.payment) == (Decimal("-75000.00"), Decimal("5925000.00"))


def test_twelfths_round_to_the_penny_and_m12_is_the_annual_sum() -> None:
    terms = ContractTerms("11J", "RBD", YEAR, Decimal("1000000.00"), Decimal("100000.00"))
    # M1: 1,000,000 / 12 = 83,333.33; baseline 8,333.33; value 8,333.34 -> variable 0.01
    m1 = calculate_aligned_payment(terms, 1, Decimal("8333.34"))
    assert (m1.fixed, m1.baseline, m1.variable) == (
        Decimal("83333.33"),
        Decimal("8333.33"),
        Decimal("0.01"),
    )
    m12 = calculate_aligned_payment(terms, 12, Decimal("100000.00"))
    assert (m12.fixed, m12.variable) == (Decimal("1000000.00"), Decimal("0.00"))


def test_below_the_low_value_threshold_a_block_applies() -> None:
    # £420,000 a year is under the £500,000 threshold: fixed element only, whatever activity.
    small = ContractTerms("11X", "RBD", YEAR, Decimal(420_000), Decimal(100_000))
    paid = calculate_aligned_payment(small, 12, Decimal(250_000))
    assert (paid.block, paid.variable, paid.payment) == (True, Decimal(0), Decimal("420000"))


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        (
            ContractTerms("11J", "RBD", YEAR, Decimal(10), Decimal(5), Decimal(100), Decimal(-1)),
            "low_value_threshold is -1; expected pounds of 0 or more",
        ),
        (
            ContractTerms("11J", "RBD", YEAR, Decimal(10), Decimal("0.001")),
            "elective_baseline is 0.001; expected pounds to the penny at most",
        ),
        (
            ContractTerms("11J", "RBD", YEAR, Decimal(10), Decimal(5), Decimal(120)),
            "variable_rate is 120; expected a % from 0 to 100",
        ),
        (
            ContractTerms("11J", "RBD", YEAR, Decimal(10), Decimal(20)),
            "elective_baseline 20 is more than the fixed element 10; the fixed element funds"
            " the baseline",
        ),
    ],
)
def test_bad_terms_say_which_field_and_why(terms: ContractTerms, message: str) -> None:
    assert check_terms(terms) == [message]
