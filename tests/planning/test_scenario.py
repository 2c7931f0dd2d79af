"""The scenario model by hand, and its invariants (issue 18's property tests)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings

from openbook.planning.file import parse_scenario
from openbook.planning.model.bridge import bridge_total
from openbook.planning.model.compare import calculate_tornado, compare
from openbook.planning.model.scenario import PlanResult, Rate, ScenarioResult, calculate_scenario
from tests.planning.strategies import scenarios

D = Decimal
HAND = {
    "name": "by hand",
    "base_year": "2017/18",
    "years": 2,
    "target": {"B": "20.00"},
    "assumptions": {
        "uplift_pct": {"2018/19": 0, "2019/20": 1},
        "pay_inflation_pct": 2,
        "non_pay_inflation_pct": 1,
        "activity_growth_pct": 0,
        "cip_pct": 1,
    },
    "organisations": [
        {
            "org_code": "A",
            "kind": "acute",
            "income": "1000.00",
            "pay": "600.00",
            "non_pay": "400.00",
        },
        {
            "org_code": "B",
            "kind": "community-and-mental-health",
            "income": "500.00",
            "pay": "300.00",
            "non_pay": "150.00",
        },
    ],
}


def hand_result() -> ScenarioResult:
    scenario, issues = parse_scenario(HAND, "hand.json")
    assert issues == []
    assert scenario is not None
    return calculate_scenario(scenario)


def bridge(plan: PlanResult, index: int) -> list[tuple[str, Decimal]]:
    return [(step.label, step.amount) for step in plan.years[index].bridge]


def test_an_organisation_by_hand() -> None:
    a = hand_result().organisations[0]
    first, second = (year.figures for year in a.years)
    # 2018/19: pay 600 x 1.02 = 612, non-pay 404, costs 1,016; do nothing 1,000 - 1,016 = -16;
    # CIP 1% of 1,016 = 10.16; position -5.84; CIP required 16 / 1,016 = 1.57%
    assert (first.pay, first.non_pay, first.do_nothing_position) == (
        D("612.00"),
        D("404.00"),
        D("-16.00"),
    )
    assert (first.cip, first.position, first.cip_pct_required) == (
        D("10.16"),
        D("-5.84"),
        D("1.57"),
    )
    # 2019/20: income +1% = 1,010; pay 624.24, non-pay 408.04, costs 1,032.28; do nothing -22.28;
    # CIP 10.16 carried + 10.32 new = 20.48; position -1.80; required 22.28 / 1,032.28 = 2.16%,
    # of which new this year (22.28 - 16) / 1,032.28 = 0.61%
    assert (second.income, second.do_nothing_position) == (D("1010.00"), D("-22.28"))
    assert (second.cip, second.position, second.cip_pct_required) == (
        D("20.48"),
        D("-1.80"),
        D("2.16"),
    )
    assert a.years[1].annual_cip_pct_required == D("0.61")
    assert bridge(a, 1) == [
        ("Provider efficiencies (CIP)", D("-20.48")),
        ("Unidentified", D("-1.80")),
    ]


def test_a_surplus_target_and_the_system_by_hand() -> None:
    result = hand_result()
    b = result.organisations[1].years[0].figures
    # B 2018/19: costs 306 + 151.50 = 457.50; do nothing 42.50; gap 42.50 - 20 = 22.50;
    # CIP 4.575 rounds half up to 4.58; nothing required
    assert (b.do_nothing_position, b.gap, b.cip, b.cip_pct_required) == (
        D("42.50"),
        D("22.50"),
        D("4.58"),
        D("0.00"),
    )
    system = result.system.years[0].figures
    assert (system.income, system.do_nothing_position, system.gap) == (
        D("1500.00"),
        D("26.50"),
        D("6.50"),
    )
    assert bridge(result.system, 0) == [
        ("Provider efficiencies (CIP)", D("-14.74")),
        ("Surplus over target after mitigations", D("21.24")),
    ]
    assert result.acute_providers is not None
    assert result.acute_providers.years == result.organisations[0].years


def test_flags_an_organisation_needing_more_than_the_threshold_a_year() -> None:
    document = {**HAND, "cip_threshold_pct": 1.5}
    scenario, _ = parse_scenario(document, "hand.json")
    assert scenario is not None
    a = calculate_scenario(scenario).organisations[0]
    assert [y.above_threshold for y in a.years] == [True, False]  # 1.57% then 0.61% a year


def test_mitigations_are_bars_of_the_bridge() -> None:
    mitigations = {"reconfiguration": "5.00", "new_funding": {"2018/19": "1.00", "2019/20": "2.00"}}
    organisation = {**HAND["organisations"][0], "mitigations": mitigations}
    document = {**HAND, "organisations": [organisation], "target": "breakeven"}
    scenario, issues = parse_scenario(document, "m.json")
    assert issues == []
    assert scenario is not None
    a = calculate_scenario(scenario).organisations[0]
    # 2018/19: gap -16 less CIP 10.16, reconfiguration 5 and new funding 1 leaves +0.16
    assert bridge(a, 0) == [
        ("Provider efficiencies (CIP)", D("-10.16")),
        ("Reconfiguration", D("-5.00")),
        ("New funding", D("-1.00")),
        ("Surplus over target after mitigations", D("0.16")),
    ]
    # 2019/20: gap -22.28 less 20.48, 5 and 2 leaves +5.20
    assert bridge(a, 1)[-1] == ("Surplus over target after mitigations", D("5.20"))


def plans(result: ScenarioResult) -> list[PlanResult]:
    extra = [] if result.acute_providers is None else [result.acute_providers]
    return [*result.organisations, *extra, result.system]


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_the_bridge_sums_exactly_to_the_gap(scenario) -> None:
    for plan in plans(calculate_scenario(scenario)):
        for year in plan.years:
            assert bridge_total(year.bridge) == year.figures.gap


@settings(max_examples=100, deadline=None)
@given(scenarios(flat=True))
def test_flat_everything_gives_a_constant_position(scenario) -> None:
    result = calculate_scenario(scenario)
    for plan, organisation in zip(result.organisations, scenario.organisations, strict=True):
        base = organisation.income - organisation.pay - organisation.non_pay
        assert {year.figures.position for year in plan.years} == {base}
    assert len({year.figures.position for year in result.system.years}) == 1


@settings(max_examples=100, deadline=None)
@given(scenarios(), scenarios())
def test_comparing_a_with_b_is_the_negative_of_b_with_a(a, b) -> None:
    one, two = calculate_scenario(a), calculate_scenario(b)
    forward = {(c.name, y.financial_year): y for c in compare(one, two) for y in c.years}
    backward = {(c.name, y.financial_year): y for c in compare(two, one) for y in c.years}
    assert forward.keys() == backward.keys()
    for key, year in forward.items():
        assert year.gap_change == -backward[key].gap_change
        assert year.cip_pct_required_change == -backward[key].cip_pct_required_change


def test_comparing_flat_cash_with_one_percent_by_hand() -> None:
    scenario, _ = parse_scenario(HAND, "hand.json")
    assert scenario is not None
    flat = scenario.with_assumptions(scenario.assumptions.with_rate(Rate.UPLIFT, [D(0), D(0)]))
    rows = {
        (c.name, y.financial_year.label): y
        for c in compare(calculate_scenario(flat), calculate_scenario(scenario))
        for y in c.years
    }
    # 1% on A's 1,000 of income in 2019/20 narrows its gap by 10; B's 500 by 5; the system by 15
    assert rows[("A", "2019/20")].gap_change == D("10.00")
    assert rows[("System", "2019/20")].gap_change == D("15.00")
    assert rows[("System", "2018/19")].gap_change == D("0.00")


def test_the_tornado_moves_one_assumption_at_a_time() -> None:
    scenario, _ = parse_scenario(HAND, "hand.json")
    assert scenario is not None
    tornado = calculate_tornado(scenario)
    bars = {bar.rate: bar for bar in tornado.bars}
    assert tornado.base_gap == calculate_scenario(scenario).system.years[-1].figures.gap
    # uplift 1 point more each year: income 1,500 x 1.01 x 1.02 = 1,545.30 against 1,515.00
    assert bars[Rate.UPLIFT].gap_high - tornado.base_gap == D("30.30")
    # CIP closes the gap (the bridge) but does not move it: it has no bar
    assert Rate.CIP not in bars
    assert tornado.bars[0].swing >= tornado.bars[-1].swing
