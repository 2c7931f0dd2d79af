"""Plans from last year's actuals: flat, or with growth, per series and month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from openbook.activity.model.activity import ActivityCount, PlanBasis, Variance, calculate_plan
from openbook.activity.model.plan import build_plans
from openbook.activity.model.summary import summarise_activity
from openbook.kernel.period import FinancialYear

LAST_YEAR = [
    ActivityCount("RBD", "", "E.M.6", date(2017, 4, 1), 3000, "1", 150, 900),
    ActivityCount("RBD", "", "E.M.6", date(2017, 4, 1), 1000, "other", 0, 0),
    ActivityCount("RBD", "11J", "E.M.11", date(2017, 5, 1), 2711),
]


def test_a_flat_plan_is_last_year_month_by_month_with_ae_types_summed() -> None:
    plans = build_plans(LAST_YEAR, PlanBasis.FLAT)
    assert [(p.pod, p.commissioner_code, p.period_start, p.count) for p in plans] == [
        ("E.M.6", "", date(2018, 4, 1), 4000),
        ("E.M.11", "11J", date(2018, 5, 1), 2711),
    ]


@pytest.mark.parametrize(
    ("last_year", "growth", "plan"),
    [(2711, "2.5", 2779), (1000, "-1.5", 985), (2, "25", 3), (0, "10", 0)],
)
def test_growth_rounds_half_up(last_year: int, growth: str, plan: int) -> None:
    assert calculate_plan(last_year, PlanBasis.GROWTH, Decimal(growth)) == plan


def test_variance_and_year_to_date_like_for_like() -> None:
    assert Variance(1000, 1025).percent == Decimal("2.5")
    assert Variance(0, 10).percent is None
    year = FinancialYear.parse("2018/19")
    actuals = [
        ActivityCount("RBD", "", "E.M.6", date(2018, 4, 1), 4100, "1", 205, 0),
        ActivityCount("RBD", "", "E.M.6", date(2018, 5, 1), 4300, "1", 430, 0),
    ]
    (summary,) = summarise_activity(actuals, build_plans(LAST_YEAR[:2], PlanBasis.FLAT), year, 2)
    # Only April has a plan, so only April counts towards the like-for-like variance.
    assert summary.ytd == Variance(4000, 4100)
    assert summary.ytd_actual == 8400
    assert summary.months[1].four_hour == Decimal(1) - Decimal(430) / Decimal(4300)
    assert summary.ytd_four_hour == 1 - Decimal(635) / Decimal(8400)
