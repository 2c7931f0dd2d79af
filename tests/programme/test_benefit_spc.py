"""The benefits tracker: a linked benefit's measure month by month as a Making Data Count
chart (variation and assurance icons) in the JSON, on the benefits page and in the
escalation for a benefit off trajectory month by month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.programme.benefit_spc import calculate_benefit_spc, monthly_target, summarise
from openbook.programme.load import get_benefit_charts, get_programme_report
from openbook.programme.model import Benefit, Direction, MeasureKind, MeasureLink
from openbook.programme.rules import BENEFIT_MEASURE_CONCERN, find_measure_concern

D = Decimal


def _benefit(kind: MeasureKind = MeasureKind.FINANCE_LINE) -> Benefit:
    return Benefit(
        "B9",
        "Lower agency pay",
        "agency pay",
        "pounds",
        "o",
        "g",
        Direction.DECREASE,
        D(1200),
        "2016/17",
        {"2017/18": D(1080)},
        link=MeasureLink(kind, "RD3", "pay.agency"),
        financial=True,
    )


def _months(values: list[int]) -> list[tuple[date, Decimal]]:
    return [(date(2017 + (3 + i) // 12, (3 + i) % 12 + 1, 1), D(v)) for i, v in enumerate(values)]


def test_the_monthly_target_is_a_twelfth_of_a_years_sum_and_a_rate_as_is() -> None:
    assert monthly_target(_benefit(), date(2017, 6, 1)) == D(90)  # 1,080 a year
    assert monthly_target(_benefit(MeasureKind.QUALITY), date(2017, 6, 1)) == D(1080)
    assert monthly_target(_benefit(), date(2018, 6, 1)) is None  # no trajectory for 2018/19


def test_a_chart_needs_twelve_months_and_says_what_it_shows() -> None:
    assert calculate_benefit_spc(_benefit(), _months([90] * 11)) is None
    # eleven months at 90 then one far above: a point beyond the upper limit, a concern
    # for a cost meant to fall; every point above the target of 90 a month save the ten
    points = _months([90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 150])
    result = calculate_benefit_spc(_benefit(), points)
    assert result is not None
    chart = summarise(_benefit(), result, points)
    assert (chart.points, chart.latest, chart.mean, chart.target) == (12, D(150), D(95), D(90))
    assert chart.variation_icon == "concern_high" and chart.is_concern
    assert chart.words.startswith("variation: concern (high)")


def test_the_report_carries_each_linked_benefits_chart(demo_db: Database) -> None:
    benefits = {b["ref"]: b for b in get_programme_report(demo_db, "QVV")["benefits"]}
    b01 = benefits["B01"]["spc"]
    # RD3's agency pay, in month: £9.6m over 2017/18 and £12.8m over 2018/19, 24 months
    assert (b01["points"], b01["from"], b01["to"]) == (24, "2017-04", "2019-03")
    assert b01["mean"] == "933333.33"  # 22.4m / 24
    assert b01["target"] == "750000.00"  # 2018/19's £9m trajectory a month
    assert (b01["variation_icon"], b01["assurance_icon"]) == ("concern_high", "consistent_fail")
    assert benefits["B02"]["spc"]["mean"] == "671875.00"  # RBD's CIP 9m + 7.125m over 24
    assert benefits["B03"]["spc"] is None  # not linked: typed progress only


def test_the_escalation_uses_the_chart_as_returned_by_the_month(demo_db: Database) -> None:
    year = FinancialYear.parse("2017/18")
    [(programme, eleven)] = get_benefit_charts(demo_db, "QVV", (year, 11))
    assert "B01" not in eleven and "B04" in eleven  # RD3's 11 returns: no chart yet; RBD's
    # activity is held from 2016/17, its baseline year
    [(programme, twelve)] = get_benefit_charts(demo_db, "QVV", (year, 12))
    found = find_measure_concern(programme, {ref: c for ref, (_, c) in twelve.items()})
    assert [(c.rule, c.extra) for c in found] == [(BENEFIT_MEASURE_CONCERN, "B01")]
    assert found[0].detail.startswith(
        "RD3 agency pay, actual year to date at M12 (pounds): 12 months to March 2018, "
        "latest 836,769.00, mean 800,000.00"  # £9.6m over 2017/18
    )
    assert found[0].detail.endswith(
        "against a monthly trajectory of 808,333.33; variation: concern (high); "
        "assurance: hits and misses target."
    )
