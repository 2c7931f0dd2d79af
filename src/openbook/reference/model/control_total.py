"""Control totals as versions: the original, then each agreed change with its reason.

A control total is the minimum surplus (positive) or maximum deficit (negative)
an organisation agreed to deliver for the year, measured on adjusted financial
performance excluding sustainability funding.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from openbook.kernel.money import ZERO
from openbook.kernel.period import FinancialYear


@dataclass(frozen=True)
class ControlTotal:
    org_code: str
    financial_year: FinancialYear
    version: int
    amount: Decimal
    reason: str
    decision_ref: str | None = None
    recorded_at: datetime | None = None
    recorded_by: str | None = None
    effective_month: int = 1  # the month from which it applies (M1 for the year's original)


def current_control_total(versions: list[ControlTotal]) -> ControlTotal | None:
    """The latest version is the one in force."""
    return max(versions, key=lambda version: version.version, default=None)


def control_total_in_force(
    versions: list[ControlTotal], month: int, as_at: datetime | None = None
) -> ControlTotal | None:
    """The version that applies to a month, as it was known at `as_at` (now if None): the
    latest version recorded by then whose effective month is not after the month. A change
    agreed at M3 applies from M3 and never rewrites M1-M2."""
    known = [
        v
        for v in versions
        if v.effective_month <= month
        and (as_at is None or v.recorded_at is None or v.recorded_at <= as_at)
    ]
    return max(known, key=lambda version: version.version, default=None)


def calculate_system_control_total(control_totals: list[Decimal]) -> Decimal:
    """The system control total is the sum of its partners' control totals."""
    return sum(control_totals, ZERO)
