"""The pure pay and agency calculation (finance.model.pay_agency), worked by hand: agency's
share of the pay bill year to date and in the month, a month without a return, the system
as the partners added up, and the flags against a ceiling and the plan."""

from __future__ import annotations

from decimal import Decimal

from openbook.finance.model.finance_return import FinanceReturn, ReturnLine
from openbook.finance.model.pay_agency import (
    calculate_series,
    calculate_share,
    calculate_system_series,
)
from openbook.kernel.period import FinancialYear

YEAR = FinancialYear(2018)


def _return(month: int, substantive: int, bank: int, agency: int, plan: int) -> FinanceReturn:
    lines = (
        ReturnLine("pay.substantive", actual_ytd=Decimal(substantive)),
        ReturnLine("pay.bank", actual_ytd=Decimal(bank)),
        ReturnLine(
            "pay.agency",
            plan_ytd=Decimal(plan),
            actual_ytd=Decimal(agency),
            forecast_outturn=Decimal(agency * 12 // month),
        ),
    )
    return FinanceReturn("RXX", YEAR, month, lines)


def test_the_share_is_rounded_half_up_to_two_decimals() -> None:
    assert calculate_share(Decimal(12_800_000), Decimal(171_800_000)) == Decimal("7.45")
    assert calculate_share(Decimal(1), Decimal(8)) == Decimal("12.50")
    assert calculate_share(Decimal(1), Decimal(0)) is None


def test_year_to_date_and_in_month_with_a_month_missing() -> None:
    returns = [
        (1, _return(1, 900, 50, 50, 40)),  # 50 of 1,000: 5.00%
        (2, _return(2, 1_800, 100, 100, 80)),  # 100 of 2,000: 5.00%; in month 50 of 1,000
        (3, None),  # no return for M3
        (4, _return(4, 3_600, 200, 200, 220)),  # 200 of 4,000: 5.00%; M3 unknown: no in-month
    ]
    series = calculate_series("RXX", "Trust X", "Partner", returns)
    ytd = [m.agency_pct_ytd for m in series.months]
    assert ytd == [Decimal("5.00"), Decimal("5.00"), None, Decimal("5.00")]
    in_month = [m.agency_pct_in_month for m in series.months]
    assert in_month == [Decimal("5.00"), Decimal("5.00"), None, None]
    assert series.months[1].in_month == {
        "substantive": Decimal(900),
        "bank": Decimal(50),
        "agency": Decimal(50),
    }
    # At M4 agency £200 is under its £220 plan; no ceiling set: not flagged against one.
    assert series.months[-1].agency_over_plan == Decimal(-20)
    assert series.above_plan is False
    assert series.above_ceiling(None) is None
    assert series.above_ceiling(Decimal("4.99")) is True
    assert series.above_ceiling(Decimal("5.00")) is False  # at the ceiling is not above it


def test_the_system_adds_up_the_partners_that_have_a_return() -> None:
    a = calculate_series("RA", "A", "Partner", [(1, _return(1, 900, 50, 50, 40))])
    b = calculate_series("RB", "B", "Partner", [(1, _return(1, 2_700, 150, 150, 200))])
    none = calculate_series("RC", "C", "Partner", [(1, None)])
    system = calculate_system_series("QXX", "System", [a, b, none], [1])
    # (50 + 150) agency of (1,000 + 3,000) pay: 5.00%; plan 240, so 40 under it.
    m1 = system.months[0]
    assert m1.figures is not None and m1.figures.pay_bill_ytd == Decimal(4_000)
    assert m1.agency_pct_ytd == Decimal("5.00")
    assert m1.agency_over_plan == Decimal(-40)
    assert a.above_plan is True and b.above_plan is False and none.above_plan is None
