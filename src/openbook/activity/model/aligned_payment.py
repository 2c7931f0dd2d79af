"""Aligned payment and incentive (API) contracts, as the NHS Payment Scheme sets them from
2023/24: a fixed element, and a variable element that pays elective activity at unit
prices above the agreed baseline (and takes it back below it) at the variable rate. A
commissioner-provider pair whose contract is below the low-value threshold is paid a block
(the fixed element only), whatever its activity.

payment to date = fixed element to date + variable element to date
variable element to date = (elective value to date - baseline value to date) x rate
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openbook.kernel.money import ZERO, to_pounds
from openbook.kernel.period import FinancialYear

LOW_VALUE_THRESHOLD = Decimal(500_000)  # the scheme's £0.5m a year
FULL_RATE = Decimal(100)  # % of unit price paid for activity above the baseline


@dataclass(frozen=True)
class ContractTerms:
    """The agreed terms of one commissioner-provider aligned payment contract for a year."""

    commissioner_code: str
    provider_code: str
    financial_year: FinancialYear
    fixed_element: Decimal  # pounds a year, paid in twelfths
    elective_baseline: Decimal  # pounds a year: the elective value the fixed element funds
    variable_rate: Decimal = FULL_RATE  # % of unit price, above or below the baseline
    low_value_threshold: Decimal = LOW_VALUE_THRESHOLD
    version: int = 0  # 0 until stored

    @property
    def is_block(self) -> bool:
        """Below the low-value threshold a block applies: the fixed element, no variable."""
        return self.fixed_element < self.low_value_threshold


def check_terms(terms: ContractTerms) -> list[str]:
    """Every problem with the terms at once, each naming the field and what is expected."""
    problems = []
    for name in ("fixed_element", "elective_baseline", "low_value_threshold"):
        value: Decimal = getattr(terms, name)
        if value < 0:
            problems.append(f"{name} is {value}; expected pounds of 0 or more")
        if value != to_pounds(value):
            problems.append(f"{name} is {value}; expected pounds to the penny at most")
    if not 0 <= terms.variable_rate <= 100:
        problems.append(f"variable_rate is {terms.variable_rate}; expected a % from 0 to 100")
    if terms.elective_baseline > terms.fixed_element:
        problems.append(
            f"elective_baseline {terms.elective_baseline} is more than the fixed element"
            f" {terms.fixed_element}; the fixed element funds the baseline"
        )
    return problems


def phased(annual: Decimal, month: int) -> Decimal:
    """Twelfths to date, the last month taking the rounding so M12 is the annual sum."""
    return annual if month == 12 else to_pounds(annual * month / 12)


@dataclass(frozen=True)
class AlignedPayment:
    provider_code: str
    commissioner_code: str
    month: int  # year to date to this month
    fixed: Decimal
    elective_value: Decimal  # actual elective activity at unit prices, year to date
    baseline: Decimal  # the baseline's twelfths to date
    variable: Decimal  # 0 under a block
    block: bool

    @property
    def payment(self) -> Decimal:
        return self.fixed + self.variable


def calculate_aligned_payment(
    terms: ContractTerms, month: int, elective_value: Decimal
) -> AlignedPayment:
    """What the contract pays to date for the elective value done to date."""
    fixed = phased(terms.fixed_element, month)
    baseline = phased(terms.elective_baseline, month)
    variable = (
        ZERO
        if terms.is_block
        else to_pounds((elective_value - baseline) * terms.variable_rate / 100)
    )
    return AlignedPayment(
        terms.provider_code,
        terms.commissioner_code,
        month,
        fixed,
        elective_value,
        baseline,
        variable,
        terms.is_block,
    )
