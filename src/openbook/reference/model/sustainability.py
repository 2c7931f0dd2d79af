"""Sustainability funding (STF 2016/17–2017/18, PSF 2018/19).

Paid quarterly on year-to-date performance: the finance element (70%) only if the
organisation meets its control total — a binary switch — and the performance
element (30%) on the A&E 4-hour trajectory.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openbook.kernel.money import ZERO, to_pounds
from openbook.kernel.period import FinancialYear, quarter_of

FINANCE_SHARE = Decimal("0.70")
PERFORMANCE_SHARE = Decimal("0.30")
EVEN_QUARTERS: tuple[Decimal, ...] = (Decimal("0.25"),) * 4


@dataclass(frozen=True)
class SustainabilityAllocation:
    org_code: str
    financial_year: FinancialYear
    annual_amount: Decimal
    finance_share: Decimal = FINANCE_SHARE
    quarterly_phasing: tuple[Decimal, ...] = EVEN_QUARTERS

    @property
    def finance_element(self) -> Decimal:
        return to_pounds(self.annual_amount * self.finance_share)

    @property
    def performance_element(self) -> Decimal:
        return self.annual_amount - self.finance_element

    def available_to_quarter(self, quarter: int) -> Decimal:
        """Cumulative allocation for Q1..quarter."""
        return to_pounds(self.annual_amount * sum(self.quarterly_phasing[:quarter], Decimal(0)))


def calculate_finance_element_at_risk(
    allocation: SustainabilityAllocation | None, meets_control_total: bool
) -> Decimal:
    """The whole year's finance element is lost if the control total is missed."""
    if allocation is None or meets_control_total:
        return ZERO
    return allocation.finance_element


def calculate_earned_to_date(
    allocation: SustainabilityAllocation,
    month: int,
    meets_ytd_control_total: bool,
    meets_ae_trajectory: bool,
) -> Decimal:
    """Funding earned for the complete quarters up to `month`."""
    complete_quarters = quarter_of(month) if month % 3 == 0 else quarter_of(month) - 1
    available = allocation.available_to_quarter(complete_quarters)
    earned = ZERO
    if meets_ytd_control_total:
        earned += to_pounds(available * allocation.finance_share)
    if meets_ae_trajectory:
        earned += to_pounds(available * (1 - allocation.finance_share))
    return earned
