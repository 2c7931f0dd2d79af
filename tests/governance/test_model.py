"""Bodies, meeting calendars, escalation paths, and every escalation rule on its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from openbook.activity.rules import find_activity, find_quality
from openbook.compose import rule_providers
from openbook.finance.model.position import Position
from openbook.finance.rules import (
    FinanceRules,
    find_cip_behind,
    find_org_behind,
    find_system_behind,
    find_worsening,
)
from openbook.governance.model.governance import Body, body_for, check_bodies, nth_weekday
from openbook.governance.model.rule_settings import parse_rule_settings
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import Remit

ZERO = Decimal(0)
YEAR = FinancialYear.parse("2017/18")


def body(code: str, remits: tuple[Remit, ...], up: str | None, **more: object) -> Body:
    return Body("QVV", code, code.upper(), remits, "chair", ("chair", "fd"), up, **more)  # type: ignore[arg-type]


BODIES = [
    body("board", (Remit.SYSTEM,), None),
    body("slt", (Remit.SYSTEM, Remit.WORKFORCE), "board"),
    body("ofrg", (Remit.FINANCE,), "slt", meets="third friday"),
    body("qsg", (Remit.QUALITY,), "slt"),
]


def position(code: str, **values: object) -> Position:
    base = {
        "code": code,
        "name": f"{code} trust",
        "financial_year": YEAR,
        "month": 6,
        "has_return": True,
        "return_version": 1,
        "control_total": Decimal(-2_000_000),
        "ytd_plan": ZERO,
        "ytd_actual": ZERO,
        "forecast_outturn": Decimal(-2_000_000),
        "transfers": ZERO,
        "cip_plan_annual": ZERO,
        "cip_plan_ytd": ZERO,
        "cip_actual_ytd": ZERO,
        "cip_recurrent_ytd": ZERO,
        "cip_non_recurrent_ytd": ZERO,
        "cip_forecast": ZERO,
        "operating_expenditure": Decimal(240_000_000),
        "risks_gross": ZERO,
        "risks_net": ZERO,
        "mitigations_gross": ZERO,
        "mitigations_net": ZERO,
        "sustainability_funding": ZERO,
        "sustainability_at_risk": ZERO,
    }
    base.update(values)
    return Position(**base)  # type: ignore[arg-type]


def test_meeting_calendar() -> None:
    assert nth_weekday(2018, 4, "third friday") == date(2018, 4, 20)
    assert nth_weekday(2018, 4, "last thursday") == date(2018, 4, 26)
    ofrg = BODIES[2]
    assert ofrg.meeting_dates(date(2018, 3, 1), date(2018, 5, 31)) == [
        date(2018, 3, 16),
        date(2018, 4, 20),
        date(2018, 5, 18),
    ]
    assert ofrg.previous_meeting(date(2018, 4, 20)) == date(2018, 3, 16)
    extra = replace(ofrg, meetings=(date(2018, 4, 3),))
    assert extra.previous_meeting(date(2018, 4, 20)) == date(2018, 4, 3)


def test_each_remit_goes_to_the_lowest_body_that_holds_it() -> None:
    assert body_for(BODIES, Remit.FINANCE).code == "ofrg"  # type: ignore[union-attr]
    assert body_for(BODIES, Remit.SYSTEM).code == "slt"  # type: ignore[union-attr]
    assert body_for(BODIES, Remit.ACTIVITY).code == "slt"  # type: ignore[union-attr]  # nobody holds it


def test_a_broken_set_of_bodies_reports_every_problem() -> None:
    broken = [
        body("a", (Remit.FINANCE,), "b"),
        body("b", (Remit.FINANCE,), "a"),
        body("c", (Remit.QUALITY,), "zzz", meets="fifth monday"),
        replace(body("d", (Remit.FINANCE,), None), chair="someone else"),
    ]
    assert check_bodies(broken) == [
        "c: escalates to 'zzz', not a body here",
        "c: 'fifth monday' is not a monthly meeting rule; expected e.g. 'third friday' "
        "(first, second, third, fourth or last, then a weekday)",
        "d: the chair 'someone else' is not one of its members",
        "a: its escalation path goes round in a circle",
        "b: its escalation path goes round in a circle",
        "no body has the whole-system remit ('system')",
    ]


@pytest.mark.parametrize(
    ("forecast", "raised"),
    [
        (Decimal(-2_500_000), False),  # £500k short: not more than the greater threshold £600k
        (Decimal(-2_600_001), True),  # just over 0.25% of £240m
    ],
)
def test_org_behind_uses_the_greater_of_pounds_and_turnover(
    forecast: Decimal, raised: bool
) -> None:
    found = find_org_behind([position("RD3", forecast_outturn=forecast)], FinanceRules().defaults())
    assert bool(found) is raised
    if raised:
        assert found[0].key == "org-behind-control-total|RD3"
        assert found[0].title == "RD3 forecast £600k behind its control total"
        assert found[0].remit is Remit.FINANCE


def test_a_small_organisation_uses_the_pounds_threshold() -> None:
    small = position(
        "RYF", operating_expenditure=Decimal(38_000_000), forecast_outturn=Decimal(-2_500_001)
    )
    assert [c.subject for c in find_org_behind([small], FinanceRules().defaults())] == ["RYF"]


def test_system_behind() -> None:
    system = position(
        "QVV", control_total=Decimal(-5_500_000), forecast_outturn=Decimal(-6_100_000)
    )
    (found,) = find_system_behind(system, FinanceRules().defaults())
    assert found.remit is Remit.SYSTEM and "£600k behind" in found.title
    assert (
        find_system_behind(
            system, FinanceRules().defaults(system_shortfall_pounds=Decimal(700_000))
        )
        == []
    )


def test_worsening_two_months_running() -> None:
    months = [
        [position("RD3", forecast_outturn=Decimal(v))] for v in (-2_000_000, -2_300_000, -2_600_000)
    ]
    (found,) = find_worsening(months, FinanceRules().defaults())
    assert found.key == "forecast-worsening|RD3"
    once = [
        [position("RD3", forecast_outturn=Decimal(v))] for v in (-2_000_000, -2_000_000, -2_600_000)
    ]
    assert find_worsening(once, FinanceRules().defaults()) == []


def test_cip_behind_needs_both_the_percentage_and_the_pounds() -> None:
    behind = position("RD3", cip_plan_ytd=Decimal(3_000_000), cip_actual_ytd=Decimal(2_600_000))
    (found,) = find_cip_behind([behind], FinanceRules().defaults())
    assert found.title == "RD3 CIP 13% behind plan"
    small = position("RYF", cip_plan_ytd=Decimal(1_000_000), cip_actual_ytd=Decimal(800_000))
    assert find_cip_behind([small], FinanceRules().defaults()) == []  # 20% but only £200k


def test_activity_flags_are_one_condition_per_provider_and_kind() -> None:
    found = find_activity(
        [
            ("RDZ", "E.M.2", "above-plan", "3.1% above"),
            ("RDZ", "E.M.11", "above-plan", "2.6% above"),
            ("RBD", "E.M.6", "special-cause", "rising"),
        ]
    )
    assert [(c.key, c.title) for c in found] == [
        ("activity-special-cause|RBD", "RBD special-cause concern: E.M.6"),
        ("activity-above-plan|RDZ", "RDZ activity above plan: E.M.2, E.M.11"),
    ]
    (quality,) = find_quality([("RBD", "A&E 4-hour", "fewer seen in 4 hours")])
    assert quality.key == "quality-special-cause|RBD|A&E 4-hour"
    assert quality.remit is Remit.QUALITY


def test_rule_settings_from_a_file() -> None:
    settings, problems = parse_rule_settings(
        {"org_shortfall_pounds": 250000, "bogus": 1, "cip_behind_pct": "ten", "disabled": ["nope"]},
        rule_providers(),
    )
    assert settings.for_provider(FinanceRules())["org_shortfall_pounds"] == Decimal(250000)
    assert problems == [
        "unknown rule setting 'bogus'",
        "cip_behind_pct: 'ten' is not a number",
        "disabled: 'nope' is not a rule (org-behind-control-total, system-behind-control-total, "
        "forecast-worsening, cip-behind-plan, forecast-beyond-run-rate, "
        "activity-special-cause, activity-above-plan, quality-special-cause, "
        "quality-funnel-outlier, quality-measure-special-cause, cqc-rating-fell, "
        "rota-pool-below-need, passport-credential-expiring, "
        "capital-forecast-above-envelope, cash-days-below-minimum, bppc-below-target, "
        "agency-spend-above-target, bank-spend-above-target, wte-above-plan, "
        "wte-above-plan-by-staff-group, "
        "icb-running-costs-above-allowance, "
        "programme-milestone-overdue, programme-milestone-slipped, "
        "programme-benefit-off-trajectory, programme-spend-above-committed, "
        "programme-benefit-measure-concern)",
    ]
