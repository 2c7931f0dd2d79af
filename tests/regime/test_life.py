"""A merger at any month: the predecessor's months and the successor's add up to the year,
each month once (the demonstration's returns for organisations that exist part of a year)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from openbook.demo import recent_data as data
from openbook.demo.generator import (
    build_returns,
    provider_outturn_lines,
    provider_plan_lines,
    provider_risks,
)
from openbook.demo.recent_life import trim_to_life
from openbook.finance.model.account import CONTROL_TOTAL_LINE, provider_chart
from openbook.finance.model.finance_return import FinanceReturn
from openbook.kernel.period import FinancialYear

YEAR = FinancialYear(2020)
CHART = provider_chart(("11J",))
PROFILE = next(p for p in data.providers("2020/21") if p.org_code == "R0D")
PLAN = provider_plan_lines(PROFILE, data.contract_value("R0D", "2020/21"), "11J")
RETURNS = build_returns(
    "R0D", YEAR, CHART, PLAN, provider_outturn_lines(PLAN, PROFILE), provider_risks(PROFILE)
)


def _ytd(returns: list[FinanceReturn], column: str = "actual_ytd") -> Decimal:
    return returns[-1].amount(CONTROL_TOTAL_LINE, column)


@given(st.integers(min_value=2, max_value=12))
def test_the_months_before_and_after_a_merger_add_up_to_the_year(first: int) -> None:
    before = trim_to_life(RETURNS, (1, first - 1), CHART)
    after = trim_to_life(RETURNS, (first, 12), CHART)
    assert [r.month for r in before] == list(range(1, first))
    assert [r.month for r in after] == list(range(first, 13))
    assert _ytd(before) + _ytd(after) == _ytd(RETURNS)
    # Each forecasts its own months: at its last month, what it has.
    assert _ytd(before, "forecast_outturn") == _ytd(before)
    assert _ytd(after, "forecast_outturn") == _ytd(after)
