"""Handing a plan to the rebalancing engine: share each year's targets (control totals)
between the organisations so that nobody's new saving in a year is beyond the achievable
CIP, the system's total target unchanged.

A year in which every organisation's saving is within the threshold is not handed over:
its targets stand. Years are taken in order, because recurrent savings carry forward: an
organisation starts each year from its do-nothing position plus the recurrent saving its
(shared) target asked of it the year before, so the CIP asked of it in the year is the
annual figure the plan holds against the threshold (`annual_cip_pct_required`). The shared
target of one year sets where the next one starts.

Planning does not import the rebalancing feature (docs/architecture.md): the shell passes
its control-total solve as `solve`, which takes a control-total scenario document (the
rebalancing file format, docs/rebalance.md) and returns its answer document.

Pure: Decimal pounds in, JSON-shaped documents out.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from decimal import Decimal
from typing import Any

from openbook.kernel.money import ZERO, money_str
from openbook.planning.model.default import HUNDRED
from openbook.planning.model.scenario import PlanResult, ScenarioResult

SolveControlTotals = Callable[[dict[str, Any], str], dict[str, Any]]


def _saving_asked(target: Decimal, do_nothing: Decimal) -> Decimal:
    """The recurrent saving a target asks of an organisation (none if it is met already)."""
    return max(ZERO, target - do_nothing)


def _pct(amount: Decimal, costs: Decimal) -> float:
    value = ZERO if amount <= 0 or costs == 0 else amount / costs * HUNDRED
    return float(value.quantize(Decimal("0.01")))


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def year_scenario(
    result: ScenarioResult,
    index: int,
    carried: dict[str, Decimal],
    willing: Collection[str] | None,
) -> dict[str, Any]:
    """Plan year `index` as a control-total scenario: each organisation's starting
    position is its do-nothing position plus the saving carried from earlier years."""
    threshold = result.scenario.cip_threshold_pct
    organisations = []
    for plan in result.organisations:
        figures = plan.years[index].figures
        organisations.append(
            {
                "org_code": plan.name,
                "operating_expenditure": money_str(figures.operating_costs),
                "underlying_position": money_str(figures.do_nothing_position + carried[plan.name]),
                "control_total": money_str(figures.do_nothing_position - figures.gap),
                "max_cip_pct": str(threshold),
                "willing_to_exceed": willing is None or plan.name in willing,
            }
        )
    return {
        "financial_year": result.scenario.years[index].label,
        "organisations": organisations,
    }


def _organisation_row(
    plan: PlanResult, index: int, answer: dict[str, Any], carried: Decimal
) -> dict[str, Any]:
    year = plan.years[index]
    figures = year.figures
    target = figures.do_nothing_position - figures.gap
    found = {o["org_code"]: o for o in answer.get("organisations", [])}.get(plan.name)
    shared = Decimal(found["new_control_total"]) if found else target
    start = figures.do_nothing_position + carried
    costs = figures.operating_costs
    return {
        "org_code": plan.name,
        "target": money_str(target),
        "shared_target": money_str(shared),
        "change": money_str(shared - target),
        "annual_cip_pct_before": _pct(_saving_asked(target, start), costs),
        "annual_cip_pct_shared": _pct(_saving_asked(shared, start), costs),
    }


def _beyond_threshold(document: dict[str, Any]) -> list[str]:
    """The organisations whose saving asked in the year is beyond their achievable CIP."""
    beyond = []
    for o in document["organisations"]:
        asked = _saving_asked(Decimal(o["control_total"]), Decimal(o["underlying_position"]))
        if asked > Decimal(o["operating_expenditure"]) * Decimal(o["max_cip_pct"]) / HUNDRED:
            beyond.append(o["org_code"])
    return beyond


def _not_needed(threshold: Decimal) -> dict[str, Any]:
    return {
        "status": "not_needed",
        "shortfall": money_str(ZERO),
        "organisations": [],
        "explanation": [
            f"Every organisation's saving this year is within the achievable {threshold}% "
            f"of its costs, so the targets are not shared."
        ],
    }


def share_control_totals(
    result: ScenarioResult,
    solve: SolveControlTotals,
    willing: Collection[str] | None = None,
) -> dict[str, Any]:
    """Every plan year's targets shared by the control-total solve, in year order.

    `willing`: the organisations that may take on a tighter target than the plan's (by
    default all of them: the plan asks what sharing would take; agreeing it is the
    partners' decision, recorded through a control-total proposal)."""
    scenario = result.scenario
    carried = {plan.name: ZERO for plan in result.organisations}
    years = []
    for index, financial_year in enumerate(scenario.years):
        document = year_scenario(result, index, carried, willing)
        if _beyond_threshold(document):
            answer = solve(document, f"{scenario.name} {financial_year.label}")
        else:
            answer = _not_needed(scenario.cip_threshold_pct)
        rows = [_organisation_row(p, index, answer, carried[p.name]) for p in result.organisations]
        years.append(
            {
                "financial_year": financial_year.label,
                "status": answer["status"],
                "shortfall": answer["shortfall"],
                "system_target": money_str(sum((Decimal(r["target"]) for r in rows), ZERO)),
                "organisations": rows,
                "explanation": answer["explanation"],
            }
        )
        for plan, row in zip(result.organisations, rows, strict=True):
            do_nothing = plan.years[index].figures.do_nothing_position
            carried[plan.name] = _saving_asked(Decimal(row["shared_target"]), do_nothing)
    return {
        "name": scenario.name,
        "cip_threshold_pct": _number(scenario.cip_threshold_pct),
        "years": years,
    }
