"""The forecast bridge: how lines enter the bottom line, a bridge worked by hand, and every
bridge of the demonstration years starting and ending on the positions it is built from."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openbook.finance.bridge import get_forecast_bridge
from openbook.finance.model.account import CONTROL_TOTAL_LINE, provider_chart
from openbook.finance.model.bridge import (
    TRANSFERS_STEP,
    UNEXPLAINED_STEP,
    Bridge,
    BridgeStep,
    calculate_line_weights,
    calculate_org_bridge,
    summarise_steps,
)
from openbook.finance.model.finance_return import FinanceReturn, ReturnLine
from openbook.finance.position_report import get_system_position
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.period import FinancialYear

D = Decimal
YEAR = FinancialYear(2018)
CHART = provider_chart(("11J",))


def test_each_line_enters_the_bottom_line_with_its_sign() -> None:
    weights = calculate_line_weights(CHART)
    assert weights["income.patient_care.11J"] == 1
    assert weights["pay.agency"] == -1 and weights["non_pay"] == -1
    assert weights["finance_costs"] == -1 and weights["technical_adjustments"] == 1
    # income, but outside the control-total basis: +1 through income, -1 by exclusion
    assert "income.sustainability_funding" not in weights
    assert CONTROL_TOTAL_LINE not in weights  # subtotals are not steps


def a_return(month: int, forecasts: dict[str, int]) -> FinanceReturn:
    lines = tuple(ReturnLine(code, forecast_outturn=D(v)) for code, v in forecasts.items())
    return FinanceReturn("RD3", YEAR, month, lines)


def test_a_bridge_by_line_worked_by_hand() -> None:
    # Agency up £280k and non-pay up £420k take (£5,000k) to (£5,700k); a £100k transfer
    # agreed in the month brings it back to (£5,600k).
    before = a_return(
        5, {"pay.agency": 3_000_000, "non_pay": 50_000_000, CONTROL_TOTAL_LINE: -5_000_000}
    )
    after = a_return(
        6, {"pay.agency": 3_280_000, "non_pay": 50_420_000, CONTROL_TOTAL_LINE: -5_700_000}
    )
    bridge = calculate_org_bridge(
        code="RD3",
        name="Poole",
        month=6,
        chart=CHART,
        before=before,
        after=after,
        transfers_before=D(0),
        transfers_after=D(100_000),
    )
    assert bridge.start == D(-5_000_000) and bridge.end == D(-5_600_000)
    assert [(s.code, s.amount) for s in bridge.steps] == [
        ("pay.agency", D(-280_000)),
        ("non_pay", D(-420_000)),
        (TRANSFERS_STEP, D(100_000)),
    ]


def test_what_the_lines_do_not_explain_is_a_step_of_its_own() -> None:
    before = a_return(5, {"non_pay": 10, CONTROL_TOTAL_LINE: -100})
    after = a_return(6, {"non_pay": 10, CONTROL_TOTAL_LINE: -150})
    bridge = calculate_org_bridge(
        code="RD3",
        name="Poole",
        month=6,
        chart=CHART,
        before=before,
        after=after,
        transfers_before=D(0),
        transfers_after=D(0),
    )
    assert [(s.code, s.amount) for s in bridge.steps] == [(UNEXPLAINED_STEP, D(-50))]


def test_a_chart_keeps_the_largest_steps_and_the_sum() -> None:
    steps = tuple(BridgeStep(f"l{i}", f"line {i}", D(i) * (-1) ** i) for i in range(1, 12))
    bridge = Bridge("RD3", "Poole", 6, D(0), sum((s.amount for s in steps), D(0)), steps)
    kept = summarise_steps(bridge, keep=3)
    assert [s.code for s in kept] == ["l9", "l10", "l11", "other"]
    assert sum((s.amount for s in kept), D(0)) == bridge.change
    assert summarise_steps(Bridge("X", "X", 6, D(0), D(0), steps[:4]), keep=3) == steps[:4]


@pytest.mark.parametrize("year", [FinancialYear(2017), FinancialYear(2018)])
def test_every_bridge_starts_and_ends_on_the_positions(
    sqlite_demo_db: Database, year: FinancialYear
) -> None:
    positions = {m: get_system_position(sqlite_demo_db, "QVV", year, m) for m in range(1, 13)}
    for month in range(2, 13):
        found = get_forecast_bridge(sqlite_demo_db, "QVV", year, month)
        before, after = positions[month - 1], positions[month]
        for bridge in (found.system, found.system_by_line):
            assert bridge.start == before.position.forecast_outturn
            assert bridge.end == after.position.forecast_outturn
            assert sum((s.amount for s in bridge.steps), D(0)) == bridge.change
        for bridge in found.organisations:
            last = next(
                p for p in [*before.organisations, *before.associates] if p.code == bridge.code
            )
            now = next(
                p for p in [*after.organisations, *after.associates] if p.code == bridge.code
            )
            assert (bridge.start, bridge.end) == (last.forecast_outturn, now.forecast_outturn)
            assert sum((s.amount for s in bridge.steps), D(0)) == bridge.change
            assert all(s.code != UNEXPLAINED_STEP for s in bridge.steps)  # the lines explain it
        by_partner = {s.code: s.amount for s in found.system.steps}
        for partner in found.organisations:
            if partner.code in by_partner:
                assert by_partner[partner.code] == partner.change


def test_the_demo_bridge_names_the_lines_that_moved(sqlite_demo_db: Database) -> None:
    rd3 = get_forecast_bridge(sqlite_demo_db, "QVV", YEAR, 6).bridge_for("RD3")
    assert {s.code: s.amount for s in rd3.steps} == {
        "pay.agency": D(-280_000),
        "non_pay": D(-420_000),
    }


def test_there_is_no_bridge_into_m1(sqlite_demo_db: Database) -> None:
    with pytest.raises(NotFoundError, match="no bridge into M1"):
        get_forecast_bridge(sqlite_demo_db, "QVV", YEAR, 1)
