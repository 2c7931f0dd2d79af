"""One line month by month: each month alone is the difference of consecutive YTD figures,
and the YTD figures are those of each month's return in force."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openbook.finance.line_history import get_line_history, line_history_to_dict
from openbook.finance.model.finance_return import ReturnLine
from openbook.finance.model.line_history import calculate_line_months
from openbook.finance.position_report import get_system_position
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.period import FinancialYear

Y = FinancialYear.parse("2018/19")


def line(plan: int, actual: int, forecast: int = 0) -> ReturnLine:
    return ReturnLine(
        "pay.agency", Decimal(1200), Decimal(plan), Decimal(actual), Decimal(forecast)
    )


def test_each_month_alone_is_the_change_in_the_ytd() -> None:
    months = calculate_line_months(
        {1: (1, line(100, 110)), 2: (2, line(200, 230)), 4: (1, line(400, 390))}, 4
    )
    assert [m.plan_month for m in months] == [100, 100, None, None]
    assert [m.actual_month for m in months] == [110, 120, None, None]
    assert [m.month_variance for m in months] == [10, 20, None, None]
    assert [m.ytd_variance for m in months] == [10, 30, None, -10]
    assert [m.version for m in months] == [1, 2, None, 1] and not months[2].has_return


def test_the_demo_line_adds_up_to_the_ytd(sqlite_demo_db: Database) -> None:
    history = get_line_history(sqlite_demo_db, "RBD", Y, "pay.agency", 11)
    assert history.description == "Pay: agency staff" and len(history.months) == 11
    assert sum(m.actual_month for m in history.months) == history.months[-1].actual_ytd
    assert sum(m.plan_month for m in history.months) == history.months[-1].plan_ytd


def test_the_bottom_line_is_the_positions(sqlite_demo_db: Database) -> None:
    """No transfers were agreed in 2018/19: the control-total line is the position."""
    history = get_line_history(sqlite_demo_db, "RD3", Y, "surplus_deficit.excl_sustainability", 6)
    for entry in history.months:
        report = get_system_position(sqlite_demo_db, "QVV", Y, entry.month)
        position = next(p for p in report.organisations if p.code == "RD3")
        assert position.transfers == 0
        assert (entry.plan_ytd, entry.actual_ytd, entry.forecast_outturn) == (
            position.ytd_plan,
            position.ytd_actual,
            position.forecast_outturn,
        )


def test_the_json_shape(sqlite_demo_db: Database) -> None:
    data = line_history_to_dict(get_line_history(sqlite_demo_db, "RBD", Y, "pay.agency", 2))
    assert data["months"][0]["month"] == "M1" and data["months"][0]["return_version"] == 1
    assert data["months"][1]["plan_ytd"] == "660000.00"
    assert data["months"][1]["plan_month"] == "326667.00"


def test_an_unknown_line_names_the_lines(sqlite_demo_db: Database) -> None:
    with pytest.raises(NotFoundError, match=r"RBD's return has no line 'pay\.robots'") as caught:
        get_line_history(sqlite_demo_db, "RBD", Y, "pay.robots", 2)
    assert "pay.agency" in (caught.value.hint or "")
