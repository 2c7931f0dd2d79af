"""The small chart of a service against its plan: what its caption says, what it draws."""

from __future__ import annotations

from decimal import Decimal

from openbook.activity.model.summary import MonthActivity, SeriesSummary
from openbook.activity.plan_chart import VEGA_LITE_V6, describe_plan_chart, plan_chart_spec
from openbook.kernel.period import FinancialYear

YEAR = FinancialYear.parse("2018/19")


def test_the_caption_gives_the_year_to_date_against_plan() -> None:
    # Plan 1,000 + 1,000; actual 1,050 + 980 = 2,030: +30 on 2,000 is +1.5%.
    summary = SeriesSummary(
        "RBD",
        "E.M.10b",
        (MonthActivity(1, 1000, 1050, None), MonthActivity(2, 1000, 980, None)),
    )
    assert describe_plan_chart(summary, YEAR) == (
        "Day case operations at RBD, April to May 2018/19: the actual count each month (solid"
        " blue line) against the plan (dashed grey line); year to date (YTD) 2,030 against a"
        " plan of 2,000, +1.5%"
    )
    spec = plan_chart_spec(summary, YEAR)
    assert spec["$schema"] == VEGA_LITE_V6
    assert spec["title"] == {"text": "Day case operations", "subtitle": "E.M.10b"}
    assert [layer["transform"][0]["filter"]["equal"] for layer in spec["layer"]] == [
        "plan",
        "actual",
    ]
    assert spec["data"]["values"][:2] == [
        {"month": "2018-04-01", "measure": "actual", "count": 1050},
        {"month": "2018-04-01", "measure": "plan", "count": 1000},
    ]
    assert summary.ytd.percent == Decimal("1.5")


def test_without_a_plan_only_the_actual_is_drawn() -> None:
    summary = SeriesSummary("R0D", "OPPROC", (MonthActivity(1, None, 1200, None),))
    assert describe_plan_chart(summary, FinancialYear.parse("2024/25")).endswith(
        "no plan is held for these months"
    )
    spec = plan_chart_spec(summary, FinancialYear.parse("2024/25"))
    assert len(spec["layer"]) == 1
