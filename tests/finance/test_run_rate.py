"""The run-rate challenge: the arithmetic worked by hand, the demonstration CCG's break-even
forecast at M11 2018/19 flagged (and a plausible forecast not), and the escalation rule."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from openbook.finance.model.run_rate import (
    RunRateThresholds,
    calculate_phased_outturn,
    calculate_run_rate_challenge,
)
from openbook.finance.position_report import get_system_position
from openbook.finance.rules import RUN_RATE, FinanceRules, find_beyond_run_rate
from openbook.finance.run_rate import get_run_rate_challenges, thresholds_from_settings
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from tests.governance.test_model import position

D = Decimal
DEFAULTS = RunRateThresholds()


def test_a_break_even_forecast_after_a_deficit_is_worked_by_hand() -> None:
    # (£2,944,000) in eleven months is (£267,636.36) a month, (£3,211,636.36) for the year;
    # breaking even needs £2,944,000 in the one month left: £3,211,636.36 better than the
    # run rate, over the greater of £500,000 and 1% of £100m a month of spending.
    ccg = position(
        "11J",
        month=11,
        ytd_actual=D(-2_944_000),
        forecast_outturn=D(0),
        operating_expenditure=D(1_200_000_000),
    )
    c = calculate_run_rate_challenge(ccg, DEFAULTS, D(-699_000), D(-800_000))
    assert c.monthly_run_rate == D("-267636.36")
    assert c.run_rate_outturn == D("-3211636.36")
    assert c.needed_per_month == D("2944000.00")
    assert c.required_change_per_month == D("3211636.36")
    assert c.threshold == D("1000000.00")
    assert c.flagged
    # last year 699/800 of the outturn was in by M11, so this year's YTD grossed up by 800/699
    assert c.phased_outturn == D("-3369384.84")


def test_a_plausible_forecast_is_not_flagged() -> None:
    # (£1,488,000) in eleven months, forecast (£1,300,000): £188,000 needed in March, which is
    # £323,272.73 better than the (£135,272.73) run rate, under the £500,000 floor.
    trust = position(
        "RBD",
        month=11,
        ytd_actual=D(-1_488_000),
        forecast_outturn=D(-1_300_000),
        operating_expenditure=D(190_000_000),
    )
    c = calculate_run_rate_challenge(trust, DEFAULTS)
    assert c.required_change_per_month == D("323272.73")
    assert c.threshold == D("500000.00")
    assert not c.flagged
    assert c.phased_outturn is None


@pytest.mark.parametrize(
    ("month", "flagged"),
    [(1, False), (2, False), (3, True), (11, True), (12, False)],
)
def test_nothing_is_judged_before_the_first_month_nor_at_m12(month: int, flagged: bool) -> None:
    p = position("RD3", month=month, ytd_actual=D(-1_000_000) * month, forecast_outturn=D(0))
    c = calculate_run_rate_challenge(p, DEFAULTS)
    assert c.flagged is flagged
    assert (c.needed_per_month is None) is (month == 12)


def test_a_forecast_worse_than_the_run_rate_is_never_flagged() -> None:
    p = position("RD3", month=6, ytd_actual=D(-3_000_000), forecast_outturn=D(-9_000_000))
    c = calculate_run_rate_challenge(p, DEFAULTS)
    assert c.required_change_per_month == D("-500000.00")
    assert not c.flagged


@pytest.mark.parametrize(
    ("ytd", "last_ytd", "last_outturn", "expected"),
    [
        (D(600), D(500), D(1000), D("1200.00")),
        (D(-600), D(-500), D(-1000), D("-1200.00")),
        (D(600), D(500), D(0), None),  # an outturn of nil gives no share
        (D(600), D(-500), D(1000), None),  # a deficit so far and a surplus at the end
        (D(600), None, None, None),  # last year not held
    ],
)
def test_phased_outturn(
    ytd: Decimal, last_ytd: Decimal | None, last_outturn: Decimal | None, expected: Decimal | None
) -> None:
    assert calculate_phased_outturn(ytd, last_ytd, last_outturn) == expected


def test_the_demo_ccg_is_flagged_at_m11_2018_19(sqlite_demo_db: Database) -> None:
    year = FinancialYear(2018)
    report = get_run_rate_challenges(sqlite_demo_db, "QVV", year, 11)
    by_code = {c.code: c for c in report.challenges}
    ccg = by_code["11J"]
    position_now = get_system_position(sqlite_demo_db, "QVV", year, 11)
    ccg_position = next(p for p in position_now.organisations if p.code == "11J")
    assert ccg.ytd_actual == ccg_position.ytd_actual == D("-2944210.00")
    assert ccg.forecast_outturn == D(0)
    assert ccg.required_change_per_month == D("3211865.45")
    assert ccg.flagged
    assert not by_code["RBD"].flagged and not by_code["RD3"].flagged
    assert report.last_year_known and by_code["RBD"].phased_outturn is not None
    # the same CCG at M11 2017/18 ((£699k) to date) is not
    earlier = get_run_rate_challenges(sqlite_demo_db, "QVV", FinancialYear(2017), 11)
    assert not next(c for c in earlier.challenges if c.code == "11J").flagged
    assert not earlier.last_year_known  # 2016/17 is not held: no phasing


def test_the_rule_raises_the_ccg_and_only_partners(sqlite_demo_db: Database) -> None:
    rules = FinanceRules()
    found = rules.find(sqlite_demo_db, "QVV", FinancialYear(2018), 11, rules.defaults())
    mine = [c for c in found if c.rule == RUN_RATE]
    assert [c.subject for c in mine] == ["11J"]
    assert "£3,212k better than the run rate" in mine[0].detail
    assert "(£2,944k) year to date at M11" in mine[0].detail
    off = rules.defaults()
    off = replace(off, disabled=frozenset({RUN_RATE}))
    assert not [
        c
        for c in rules.find(sqlite_demo_db, "QVV", FinancialYear(2018), 11, off)
        if c.rule == RUN_RATE
    ]
    raised = rules.defaults(run_rate_change_pounds=D(5_000_000))
    report = get_run_rate_challenges(
        sqlite_demo_db, "QVV", FinancialYear(2018), 11, thresholds_from_settings(raised)
    )
    assert not find_beyond_run_rate(list(report.challenges))
