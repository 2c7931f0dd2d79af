"""Results as the JSON documents the CLI, the API and the pages share (docs/planning.md).

Amounts are strings of pounds (two decimals); percentages are numbers.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from pathlib import Path
from typing import Any

from openbook.kernel.error import InvalidDataError
from openbook.kernel.money import money_str
from openbook.planning.file import load_scenario, parse_scenario
from openbook.planning.model.bridge import BridgeStep
from openbook.planning.model.compare import Comparison, Tornado
from openbook.planning.model.scenario import (
    PlanResult,
    PlanYear,
    Scenario,
    ScenarioResult,
    calculate_scenario,
)
from openbook.planning.model.share import SolveControlTotals, share_control_totals

FIGURES = ("income", "pay", "non_pay", "do_nothing_position", "cip", "position", "gap")


# The columns of a plan's table (CLI and pages): financing, non-recurrent and reported only
# when a plan has them (`figures_shown`).
PLAN_FIGURES = (
    ("income", "Income"),
    ("pay", "Pay"),
    ("non_pay", "Non-pay"),
    ("financing", "Financing"),
    ("do_nothing_position", "Do nothing"),
    ("cip", "CIP"),
    ("position", "Position"),
    ("non_recurrent", "Non-recurrent"),
    ("reported_position", "Reported"),
    ("gap", "Gap"),
)


def figures_shown(document: dict[str, Any]) -> list[tuple[str, str]]:
    """PLAN_FIGURES less the columns that are nil in every year of every plan of a result."""
    years = [y for plan in result_plans(document) for y in plan[1]["years"]]
    hidden = set()
    if not any(Decimal(y["financing"]) for y in years):
        hidden.add("financing")
    if not any(Decimal(y["non_recurrent"]) for y in years):
        hidden |= {"non_recurrent", "reported_position"}
    return [(key, label) for key, label in PLAN_FIGURES if key not in hidden]


def result_plans(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(title, plan) for each organisation, the acute providers and the system."""
    plans = [(f"{o['org_code']} ({o['kind']})", o) for o in document["organisations"]]
    if document["acute_providers"] is not None:
        plans.append(("Acute providers", document["acute_providers"]))
    plans.append(("System", document["system"]))
    return plans


def one_off_rows(document: dict[str, Any]) -> list[list[str]]:
    """[org_code, year, item, amount] for every organisation's non-recurrent items."""
    return [
        [o["org_code"], y["financial_year"], item["label"], item["amount"]]
        for o in document["organisations"]
        for y in o["years"]
        for item in y["non_recurrent_items"]
    ]


def maturity_rows(document: dict[str, Any]) -> list[list[str]]:
    """[org_code, year, CIP this year, in delivery, identified, unidentified] wherever the
    plan states its CIP's maturity."""
    return [
        [o["org_code"], y["financial_year"], y["cip_in_year"], *y["cip_maturity"].values()]
        for o in document["organisations"]
        for y in o["years"]
        if y["cip_maturity"] is not None
    ]


def income_source_rows(document: dict[str, Any]) -> list[list[str]]:
    """[org_code, source, amount in each plan year] for organisations listing sources."""
    rows = []
    for o in document["organisations"]:
        by_source: dict[str, list[str]] = {}
        for y in o["years"]:
            for item in y["income_by_source"]:
                by_source.setdefault(item["source"], []).append(item["amount"])
        rows += [[o["org_code"], source, *amounts] for source, amounts in by_source.items()]
    return rows


def percent_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def bridge_document(bridge: tuple[BridgeStep, ...] | list[BridgeStep]) -> list[dict[str, str]]:
    return [{"label": step.label, "amount": money_str(step.amount)} for step in bridge]


def year_document(year: PlanYear) -> dict[str, Any]:
    figures = year.figures
    document: dict[str, Any] = {"financial_year": figures.financial_year.label}
    document.update({name: money_str(getattr(figures, name)) for name in FIGURES})
    document["cip_pct_required"] = percent_number(figures.cip_pct_required)
    document["annual_cip_pct_required"] = percent_number(year.annual_cip_pct_required)
    document["above_threshold"] = year.above_threshold
    document.update(underlying_and_reported(year))
    document["bridge"] = bridge_document(year.bridge)
    return document


def underlying_and_reported(year: PlanYear) -> dict[str, Any]:
    """Financing, income by source, the year's CIP by recurrence and maturity, and the
    non-recurrent items that separate the reported position from the underlying one."""
    figures, maturity = year.figures, year.cip_maturity
    return {
        "financing": money_str(figures.financing),
        "income_by_source": [
            {"source": source, "amount": money_str(amount)}
            for source, amount in figures.income_sources
        ],
        "cip_in_year": money_str(figures.cip_in_year),
        "non_recurrent_cip": money_str(figures.non_recurrent_cip),
        "cip_maturity": None
        if maturity is None
        else {
            "in_delivery": money_str(maturity.in_delivery),
            "identified": money_str(maturity.identified),
            "unidentified": money_str(maturity.unidentified),
        },
        "non_recurrent_items": [
            {"label": label, "amount": money_str(amount)}
            for label, amount in year.non_recurrent_items
        ],
        "non_recurrent": money_str(year.non_recurrent),
        "reported_position": money_str(year.reported_position),
    }


def plan_document(plan: PlanResult) -> dict[str, Any]:
    return {"years": [year_document(year) for year in plan.years]}


def result_document(result: ScenarioResult) -> dict[str, Any]:
    """`openbook plan scenario --format json`."""
    scenario = result.scenario
    return {
        "name": scenario.name,
        "base_year": scenario.base_year.label,
        "years": [year.label for year in scenario.years],
        "cip_threshold_pct": percent_number(scenario.cip_threshold_pct),
        "organisations": [
            {"org_code": plan.name, "kind": plan.kind, **plan_document(plan)}
            for plan in result.organisations
        ],
        "acute_providers": None
        if result.acute_providers is None
        else plan_document(result.acute_providers),
        "system": plan_document(result.system),
    }


def comparison_document(a: Scenario, b: Scenario, comparisons: list[Comparison]) -> dict[str, Any]:
    """`openbook plan compare --format json`: B less A."""
    return {
        "a": a.name,
        "b": b.name,
        "rows": [
            {
                "name": item.name,
                "financial_year": year.financial_year.label,
                "gap_a": money_str(year.gap_a),
                "gap_b": money_str(year.gap_b),
                "gap_change": money_str(year.gap_change),
                "cip_pct_required_a": percent_number(year.cip_pct_required_a),
                "cip_pct_required_b": percent_number(year.cip_pct_required_b),
                "cip_pct_required_change": percent_number(year.cip_pct_required_change),
            }
            for item in comparisons
            for year in item.years
        ],
    }


def tornado_document(tornado: Tornado) -> dict[str, Any]:
    return {
        "financial_year": tornado.financial_year.label,
        "base_gap": money_str(tornado.base_gap),
        "bars": [
            {
                "assumption": bar.rate.value,
                "label": bar.rate.label,
                "low_points": percent_number(bar.low_points),
                "high_points": percent_number(bar.high_points),
                "gap_low": money_str(bar.gap_low),
                "gap_high": money_str(bar.gap_high),
                "swing": money_str(bar.swing),
            }
            for bar in tornado.bars
        ],
    }


def read_scenario_file(path: Path) -> Scenario:
    """The scenario in `path`, or InvalidDataError with every problem."""
    scenario, issues = load_scenario(path)
    if scenario is None:
        raise InvalidDataError(f"{path.name} is not a valid scenario", issues)
    return scenario


def read_scenario_document(data: Any, source: str) -> Scenario:
    scenario, issues = parse_scenario(data, source)
    if scenario is None:
        raise InvalidDataError(f"{source} is not a valid scenario", issues)
    return scenario


def run_scenario(scenario: Scenario) -> dict[str, Any]:
    return result_document(calculate_scenario(scenario))


def compare_scenarios(a: Scenario, b: Scenario) -> dict[str, Any]:
    from openbook.planning.model.compare import compare

    return comparison_document(a, b, compare(calculate_scenario(a), calculate_scenario(b)))


def compare_files(a: Path, b: Path) -> dict[str, Any]:
    """`openbook plan compare A.json B.json`: both files' problems at once."""
    issues = []
    scenarios = []
    for path in (a, b):
        scenario, found = load_scenario(path)
        issues += found
        scenarios.append(scenario)
    if scenarios[0] is None or scenarios[1] is None:
        raise InvalidDataError("the scenarios are not valid", issues)
    return compare_scenarios(scenarios[0], scenarios[1])


def tornado_file(path: Path, points: str = "1") -> dict[str, Any]:
    from openbook.planning.model.compare import calculate_tornado

    return tornado_document(calculate_tornado(read_scenario_file(path), Decimal(points)))


def share_scenario(
    scenario: Scenario, solve: SolveControlTotals, willing: Collection[str] | None = None
) -> dict[str, Any]:
    """`openbook plan share`: each year's targets shared by the rebalancing engine's
    control-total solve (`solve`, passed in by the shell: planning does not import it)."""
    return share_control_totals(calculate_scenario(scenario), solve, willing)
