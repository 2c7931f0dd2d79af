"""Positions: the system control total is the sum of the partners' control totals, and the
system position is the sum of their positions; RAG follows the documented thresholds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openbook.finance.model.account import CONTROL_TOTAL_LINE, provider_chart
from openbook.finance.model.finance_return import FinanceReturn, ReturnLine, RiskItem, RiskKind
from openbook.finance.model.position import (
    Position,
    Rag,
    calculate_position,
    calculate_rag,
    calculate_system_position,
)
from openbook.kernel.period import FinancialYear
from openbook.reference.model.sustainability import SustainabilityAllocation

YEAR = FinancialYear(2017)
amounts = st.integers(min_value=-5 * 10**9, max_value=5 * 10**9).map(lambda p: Decimal(p) / 100)


def a_position(
    code: str,
    control_total: Decimal,
    forecast: Decimal,
    ytd_plan: Decimal,
    ytd_actual: Decimal,
    risks: Decimal = Decimal(0),
    transfers: Decimal = Decimal(0),
) -> Position:
    line = ReturnLine(CONTROL_TOTAL_LINE, control_total, ytd_plan, ytd_actual, forecast)
    finance_return = FinanceReturn(
        code, YEAR, 6, (line,), (RiskItem("1", RiskKind.RISK, "winter", risks * 2, Decimal(50)),)
    )
    return calculate_position(
        code=code,
        name=code,
        financial_year=YEAR,
        month=6,
        finance_return=finance_return,
        return_version=1,
        control_total=control_total,
        transfers=transfers,
        allocation=SustainabilityAllocation(code, YEAR, Decimal(1_000_000)),
    )


@given(st.lists(st.tuples(amounts, amounts, amounts, amounts), min_size=1, max_size=8))
@settings(max_examples=60)
def test_system_is_the_sum_of_its_partners(figures: list[tuple[Decimal, ...]]) -> None:
    members = [a_position(f"R{i}", *f) for i, f in enumerate(figures)]
    system = calculate_system_position(
        code="QVV", name="QVV", financial_year=YEAR, month=6, members=members
    )
    assert system.control_total == sum(m.control_total or 0 for m in members)
    assert system.forecast_outturn == sum(m.forecast_outturn for m in members)
    assert system.ytd_plan == sum(m.ytd_plan for m in members)
    assert system.ytd_actual == sum(m.ytd_actual for m in members)
    assert system.ytd_variance == sum(m.ytd_variance for m in members)
    assert system.gap == sum(m.gap or 0 for m in members)


def test_system_control_total_is_unknown_if_a_partner_has_none() -> None:
    known = a_position("RBD", Decimal(-2_000_000), Decimal(0), Decimal(0), Decimal(0))
    unknown = calculate_position(
        code="RD3",
        name="RD3",
        financial_year=YEAR,
        month=6,
        finance_return=None,
        return_version=None,
        control_total=None,
        transfers=Decimal(0),
        allocation=None,
    )
    system = calculate_system_position(
        code="QVV", name="QVV", financial_year=YEAR, month=6, members=[known, unknown]
    )
    assert system.control_total is None and system.rag is Rag.GREY
    assert not system.has_return


@pytest.mark.parametrize(
    ("has_return", "control_total", "forecast", "risk_adjusted", "rag"),
    [
        (True, "-1000", "-1000", "-1000", Rag.GREEN),  # exactly on the control total
        (True, "-1000", "-500", "-900", Rag.GREEN),
        (True, "-1000", "-500", "-1001", Rag.AMBER),  # only the risks take it below
        (True, "-1000", "-1001", "-500", Rag.RED),  # forecast below: red whatever else
        (False, "-1000", "0", "0", Rag.GREY),  # no return: no judgement
        (True, None, "0", "0", Rag.GREY),  # no control total: no judgement
    ],
)
def test_rag_thresholds(
    has_return: bool, control_total: str | None, forecast: str, risk_adjusted: str, rag: Rag
) -> None:
    ct = None if control_total is None else Decimal(control_total)
    assert calculate_rag(has_return, ct, Decimal(forecast), Decimal(risk_adjusted)) is rag


def test_transfers_count_in_actual_and_forecast_not_plan() -> None:
    before = a_position(
        "RD3", Decimal(-3_300_000), Decimal(-4_800_000), Decimal(-3_300_000), Decimal(-4_800_000)
    )
    after = a_position(
        "RD3",
        Decimal(-3_300_000),
        Decimal(-4_800_000),
        Decimal(-3_300_000),
        Decimal(-4_800_000),
        transfers=Decimal(1_500_000),
    )
    assert before.rag is Rag.RED and before.sustainability_at_risk == Decimal("700000.00")
    assert after.gap == 0 and after.rag is Rag.GREEN and after.sustainability_at_risk == 0
    assert after.ytd_plan == before.ytd_plan
    assert after.ytd_variance - before.ytd_variance == Decimal(1_500_000)


def test_chart_subtotals_reference_real_lines() -> None:
    chart = provider_chart(("11J",))
    codes = {line.line_code for line in chart}
    for line in chart:
        assert {code for code, _ in line.parts} <= codes, line.line_code
