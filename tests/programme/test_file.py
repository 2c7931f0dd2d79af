"""The programme file: the Dorset file carries the seed exactly; bad files are refused with
every problem and its path."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from openbook.programme.file import load_programme, parse_programme
from openbook.programme.model import (
    CostCategory,
    Funding,
    MilestoneStatus,
    calculate_category_totals,
    calculate_investment_by_year,
    calculate_total,
)

DORSET = Path(__file__).parents[2] / "examples" / "programme" / "dorset.yaml"


@pytest.fixture(scope="module")
def dorset():  # type: ignore[no-untyped-def]
    programme, issues = load_programme(DORSET)
    assert issues == []
    assert programme is not None
    return programme


def test_investment_totals_are_the_seeds_tables_to_the_pound(dorset) -> None:  # type: ignore[no-untyped-def]
    # Section 5.1.2 "Totals": total funding requested, and 7.1.2's gross total of £13.652m.
    assert calculate_investment_by_year(dorset.cost_lines) == {
        "2015/16": Decimal("1984417"),
        "2016/17": Decimal("8710240"),
        "2017/18": Decimal("2957520"),
    }
    assert calculate_total(dorset.cost_lines) == Decimal("13652177")
    assert calculate_investment_by_year(dorset.cost_lines, Funding.LOCAL) == {
        "2015/16": 0,
        "2016/17": 0,
        "2017/18": 0,
    }  # transitional costs are all TBC in the seed


# Section 5.1.1: the subtotals of each group, by year, as the seed prints them.
SUBTOTALS = {
    ("governance", "2015/16"): 460667,
    ("governance", "2016/17"): 987720,
    ("governance", "2017/18"): 435000,
    ("workforce_od", "2015/16"): 523750,
    ("workforce_od", "2016/17"): 1664833,
    ("workforce_od", "2017/18"): 864833,
    ("it", "2015/16"): 600000,
    ("it", "2016/17"): 1707687,
    ("it", "2017/18"): 1657687,
    ("external_support", "2015/16"): 400000,
    ("external_support", "2016/17"): 850000,
    ("service_line", "2016/17"): 3500000,
}


def test_every_subtotal_of_the_seeds_tables(dorset) -> None:  # type: ignore[no-untyped-def]
    totals = calculate_category_totals(dorset.cost_lines)
    for key, amount in SUBTOTALS.items():
        assert totals[key] == Decimal(amount), key
    assert totals[("external_support", "2017/18")] == 0
    service = [c for c in dorset.cost_lines if c.category is CostCategory.SERVICE_LINE]
    assert sorted(c.ref for c in service if c.years["2016/17"].planned == 500000) == [
        "sl.cardiology",
        "sl.imaging",
        "sl.maternity",
        "sl.non_surgical_cancer",
        "sl.ophthalmology",
        "sl.paediatrics",
        "sl.stroke",
    ]
    assert all(c.years["2017/18"].planned is None for c in service)  # TBC
    transitional = [c for c in dorset.cost_lines if c.category is CostCategory.TRANSITIONAL]
    assert len(transitional) == 5 and all(c.funding is Funding.LOCAL for c in transitional)


# Every milestone of the seed's plans with its month (1.3.2 timetable, 6.1.1 first 100
# days, 6.1.2 year 1).
SEED_MILESTONES = [
    ("timetable", "Programme management structure agreed", "2015-10"),
    (
        "timetable",
        "Joint Governance Board and delegated decision arrangements established",
        "2015-10",
    ),
    ("timetable", "Clinical alignment, boards, and senior leadership established", "2015-11"),
    ("timetable", "Regulatory and competition position established", "2015-12"),
    ("timetable", "Service line input captured", "2015-12"),
    ("timetable", "Organisational form and governance report created", "2015-12"),
    ("timetable", "Financial and workforce models developed", "2016-01"),
    ("timetable", "Residual and stranded cost models developed", "2016-01"),
    ("timetable", "Formal programme review", "2016-03"),
    ("timetable", "Organisation form agreed", "2016-03"),
    ("timetable", "Common IT strategy developed", "2016-03"),
    ("timetable", "System wide enablers in place", "2016-06"),
    ("timetable", "Service models and transformation plan agreed", "2016-06"),
    ("timetable", "Contracting form and financial flows agreed with CCG", "2016-06"),
    ("timetable", "Workforce strategy and implementation plan complete", "2016-07"),
    ("timetable", "Service level business cases reviewed", "2016-07"),
    ("timetable", "Framework JV created", "2016-07"),
    ("timetable", "Service transfer decision", "2016-07"),
    ("timetable", "CSR Consultation", "2016-07"),
    ("timetable", "Start service transition into Joint Venture", "2016-10"),
    ("100-day", "Programme management agreed", "2015-11"),
    ("100-day", "FT Boards approval", "2015-12"),
    ("100-day", "Dorset Acute Care Alliance Board formed", "2015-12"),
    ("100-day", "Commission external support", "2015-11"),
    ("100-day", "Ready for decision", "2016-01"),
    ("100-day", "Dorset Vanguard event", "2016-01"),
    ("100-day", "Early view of programme requirements", "2015-12"),
    ("100-day", "Outline residual position", "2016-01"),
    ("100-day", "Outline workforce position", "2016-01"),
    ("100-day", "Outline £ position", "2016-01"),
    ("100-day", "Organisational form report", "2015-12"),
    ("100-day", "JV scoping complete", "2016-01"),
    ("year-one", "FT Boards approval", "2016-03"),
    ("year-one", "Formal programme review", "2016-03"),
    ("year-one", "Organisational form decision", "2016-03"),
    ("year-one", "Enablers in place", "2016-06"),
    ("year-one", "Implementation plan complete", "2016-07"),
    ("year-one", "Business cases", "2016-07"),
    ("year-one", "Framework JV created", "2016-07"),
    ("year-one", "FT Boards approval", "2016-07"),
    ("year-one", "Service transfer decision", "2016-07"),
    ("year-one", "Start service transfer to JV", "2016-10"),
]


def test_every_milestone_of_the_seed_is_there_with_its_month(dorset) -> None:  # type: ignore[no-untyped-def]
    held = {
        (m.plan, m.title, f"{m.baseline.year}-{m.baseline.month:02d}") for m in dorset.milestones
    }
    missing = [m for m in SEED_MILESTONES if m not in held]
    assert missing == []


# The activities and deliverables of the 100-day and year-one charts (and the timetable's
# enabler groups), each with the month its bar starts and, for an activity, the month it
# ends, as read from the seed's charts (docs/programme.md says how): 66 items in all.
CHART_ITEMS = [
    ("T09", "timetable", "milestone", "2016-01", None),
    ("D01", "100-day", "activity", "2015-10", None),
    ("D02", "100-day", "activity", "2015-11", "2016-01"),
    ("D04", "100-day", "milestone", "2015-11", None),
    ("D08", "100-day", "activity", "2015-11", "2015-12"),
    ("D09", "100-day", "deliverable", "2015-10", None),
    ("D11", "100-day", "activity", "2015-11", "2015-12"),
    ("D12", "100-day", "activity", "2015-11", "2016-01"),
    ("D14", "100-day", "activity", "2015-12", "2016-01"),
    ("D15", "100-day", "activity", "2015-11", "2015-12"),
    ("D20", "100-day", "deliverable", "2016-01", None),
    ("D21", "100-day", "activity", "2015-11", "2015-12"),
    ("D23", "100-day", "milestone", "2016-01", None),
    ("D24", "100-day", "activity", "2016-01", None),
    ("Y01", "year-one", "activity", "2016-02", "2016-10"),
    ("Y05", "year-one", "activity", "2016-02", "2016-06"),
    ("Y07", "year-one", "activity", "2016-02", "2016-06"),
    ("Y08", "year-one", "activity", "2016-02", "2016-05"),
    ("Y09", "year-one", "deliverable", "2016-04", None),
    ("Y10", "year-one", "activity", "2016-05", "2016-07"),
    ("Y12", "year-one", "activity", "2016-04", "2016-07"),
    ("Y17", "year-one", "activity", "2016-08", "2016-10"),
    ("Y18", "year-one", "activity", "2016-08", "2016-10"),
    ("Y19", "year-one", "activity", "2016-08", "2016-10"),
]


def test_every_item_of_the_seeds_plans_has_its_months(dorset) -> None:  # type: ignore[no-untyped-def]
    def month(day):  # type: ignore[no-untyped-def]
        return None if day is None else f"{day.year}-{day.month:02d}"

    held = {
        (m.ref, m.plan, m.kind.value, month(m.baseline), month(m.end)) for m in dorset.milestones
    }
    assert [item for item in CHART_ITEMS if item not in held] == []
    assert len(SEED_MILESTONES) + len(CHART_ITEMS) == len(dorset.milestones) == 66
    by_plan = {}
    for m in dorset.milestones:
        by_plan[m.plan] = by_plan.get(m.plan, 0) + 1
    assert by_plan == {"timetable": 21, "100-day": 25, "year-one": 20}


def test_the_eight_service_lines_and_the_logic_models(dorset) -> None:  # type: ignore[no-untyped-def]
    lines = [w.code for w in dorset.workstreams if w.kind.value != "enabling"]
    assert lines == [
        "maternity",
        "paediatrics",
        "cardiology",
        "stroke",
        "ophthalmology",
        "non_surgical_cancer",
        "imaging",
        "it",
    ]
    assert [m.ref for m in dorset.logic_models] == [
        "overarching",
        "g1_governance",
        "g2_it_digital",
        "g3_professional_technical",
        "g4_workforce_od",
        "g5_legal_competition",
        "g6_individual_project",
    ]
    assert dorset.roi is not None and dorset.roi.gross_investment == Decimal("13652177")
    assert (dorset.roi.gap_low, dorset.roi.gap_high) == (Decimal(50000000), Decimal(73000000))


BAD = """
programme: {code: x, name: X, system: QVV, host_org: "R D3", source: s}
workstreams:
  - {code: a, name: A, kind: surgical}
milestones:
  - {ref: M1, plan: p, title: t, month: 2016-13}
  - {ref: M1, plan: p, title: t, month: 2016-01, depends_on: [M9], workstream: b}
investment:
  - {ref: c, name: C, category: governance, years: {2015/16: "12,5OO", 2016/18: 10}}
"""


def test_a_bad_file_is_refused_with_every_problem_and_its_path() -> None:
    programme, issues = parse_programme(BAD, "bad.yaml")
    assert programme is None
    found = [str(issue) for issue in issues]
    assert found == [
        "bad.yaml:$.programme.host_org: 'R D3' is not an ODS code",
        "bad.yaml:$.workstreams[0].kind: 'kind' is 'surgical'",
        "bad.yaml:$.milestones[0].month: '2016-13' is not a month",
        "bad.yaml:$.investment[0].years.2015/16: '12,5OO' is not an amount of money",
        "bad.yaml:$.investment[0].years.2016/18: financial year '2016/18': 18 does not follow 2016",
    ]


def test_cross_references_are_checked() -> None:
    text = (
        BAD.replace('"R D3"', "RD3").replace("surgical", "clinical").replace("2016-13", "2016-02")
    )
    text = text.replace('"12,5OO", 2016/18: 10', "12500")
    programme, issues = parse_programme(text, "bad.yaml", known_orgs={"RBD"})
    assert programme is None
    assert [str(issue) for issue in issues] == [
        "bad.yaml:$.milestones[1].workstream: workstream 'b' is not defined",
        "bad.yaml:$.milestones[1].depends_on: milestone 'M9' is not defined",
        "bad.yaml:$.investment[0].spending_org: organisation 'RD3' is not known",
        "bad.yaml:$.milestones[1].ref: milestone 'M1' appears twice",
    ]


def test_slippage_and_overdue_against_the_baseline(dorset) -> None:  # type: ignore[no-untyped-def]
    from openbook.programme.model import calculate_slippage, is_overdue

    framework = next(m for m in dorset.milestones if m.ref == "T18")
    assert calculate_slippage(framework) == 2  # delivered September against July
    assert not is_overdue(framework, date(2016, 10, 1))  # delivered
    open_one = replace(framework, actual=None, status=MilestoneStatus.IN_PROGRESS)
    assert not is_overdue(open_one, date(2016, 9, 20))
    assert is_overdue(open_one, date(2016, 10, 1))
