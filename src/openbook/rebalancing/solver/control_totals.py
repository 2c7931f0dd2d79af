"""In-year control-total rebalancing: make every savings requirement achievable.

A linear programme with HiGHS, solved lexicographically:
1. minimise the largest CIP, as % of operating expenditure, anywhere in the system;
2. then minimise the total change to control totals.
Subject to: the system control total is unchanged; each CIP (new control total −
underlying position, if positive) is at most the organisation's credible maximum; an
organisation not willing to exceed its control total never gets a tighter one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import highspy

from openbook.kernel.money import ZERO, format_k, money_str
from openbook.rebalancing.file import ControlTotalOrganisation, ControlTotalScenario
from openbook.rebalancing.solver.highs import new_model

PENNY = Decimal("0.01")


@dataclass(frozen=True)
class ControlTotalSolution:
    new_control_totals: dict[str, Decimal]  # empty when infeasible
    feasible: bool
    shortfall: Decimal  # how far the system is from making every CIP achievable


def max_control_total(org: ControlTotalOrganisation) -> Decimal:
    """The tightest control total it could meet with its largest credible CIP."""
    credible = org.underlying_position + org.operating_expenditure * org.max_cip_pct / 100
    return credible if org.willing_to_exceed else min(credible, org.control_total)


def system_shortfall(scenario: ControlTotalScenario) -> Decimal:
    """How much more the system must deliver than its organisations credibly can."""
    needed = sum((o.control_total for o in scenario.organisations), ZERO)
    possible = sum((max_control_total(o) for o in scenario.organisations), ZERO)
    return max(ZERO, needed - possible).quantize(PENNY, rounding=ROUND_HALF_UP)


def solve_control_totals_lp(scenario: ControlTotalScenario) -> ControlTotalSolution:
    shortfall = system_shortfall(scenario)
    if shortfall > 0:
        return ControlTotalSolution({}, False, shortfall)
    h = new_model()
    orgs = scenario.organisations
    inf = highspy.kHighsInf
    scale = 1_000_000.0  # solve in £m for numerical comfort
    new = {o.org_code: h.addVariable(lb=-inf, ub=float(max_control_total(o)) / scale) for o in orgs}
    worst = h.addVariable(lb=0, ub=inf)  # the largest CIP as a fraction of opex
    change = {}
    for o in orgs:
        opex, base = float(o.operating_expenditure) / scale, float(o.control_total) / scale
        # CIP = max(0, new − underlying) <= worst × opex
        h.addConstr(new[o.org_code] - float(o.underlying_position) / scale <= worst * opex)
        change[o.org_code] = h.addVariable(lb=0, ub=inf)
        h.addConstr(change[o.org_code] >= new[o.org_code] - base)
        h.addConstr(change[o.org_code] >= base - new[o.org_code])
    total = float(sum((o.control_total for o in orgs), ZERO)) / scale
    h.addConstr(sum(new.values()) == total)
    h.minimize(worst)
    h.addConstr(worst <= h.getInfo().objective_function_value + 1e-9)
    h.minimize(sum(change.values()))
    values = h.getSolution().col_value
    raw = {code: Decimal(repr(values[var.index] * scale)) for code, var in new.items()}
    return ControlTotalSolution(round_control_totals(scenario, raw), True, ZERO)


def round_control_totals(
    scenario: ControlTotalScenario, raw: dict[str, Decimal]
) -> dict[str, Decimal]:
    """Round to pence, unchanged ones exactly as they were; the residual that keeps the
    system total exact goes to the largest mover (stated rule; the check verifies it)."""
    rounded = {}
    for o in scenario.organisations:
        value = raw[o.org_code].quantize(PENNY, rounding=ROUND_HALF_UP)
        rounded[o.org_code] = o.control_total if abs(value - o.control_total) < 1 else value
    residual = sum((o.control_total for o in scenario.organisations), ZERO) - sum(
        rounded.values(), ZERO
    )
    if residual != 0:
        mover = max(
            scenario.organisations, key=lambda o: abs(rounded[o.org_code] - o.control_total)
        )
        rounded[mover.org_code] += residual
    return rounded


def cip_required(org: ControlTotalOrganisation, control_total: Decimal) -> Decimal:
    return max(ZERO, control_total - org.underlying_position)


def cip_pct(org: ControlTotalOrganisation, control_total: Decimal) -> Decimal:
    return cip_required(org, control_total) / org.operating_expenditure * 100


def check_control_totals(scenario: ControlTotalScenario, new: dict[str, Decimal]) -> list[str]:
    problems = []
    before = sum((o.control_total for o in scenario.organisations), ZERO)
    if sum(new.values(), ZERO) != before:
        problems.append("the system control total would change")
    for o in scenario.organisations:
        if not o.willing_to_exceed and new[o.org_code] > o.control_total:
            problems.append(f"{o.org_code} is not willing to exceed but would be tightened")
        # a penny of rounding on the largest mover is allowed for
        if cip_required(o, new[o.org_code]) > (
            o.operating_expenditure * o.max_cip_pct / 100 + PENNY
        ):
            problems.append(f"{o.org_code} would need a CIP above its credible maximum")
    return problems


def _k(amount: Decimal) -> str:
    return format_k(amount)


def explain_control_totals(
    scenario: ControlTotalScenario, solution: ControlTotalSolution
) -> list[str]:
    orgs = scenario.organisations
    if not solution.feasible:
        return [
            f"No rebalancing makes every CIP achievable: even with every organisation "
            f"at its credible maximum CIP (and the willing ones exceeding their control "
            f"totals), the system is short by {_k(solution.shortfall)}."
        ]
    lines = [
        f"Before: the largest CIP is {max(cip_pct(o, o.control_total) for o in orgs):.2f}% "
        f"of operating expenditure ({_worst(orgs)})."
    ]
    for o in orgs:
        after = solution.new_control_totals[o.org_code]
        if after != o.control_total:
            verb = "takes on" if after > o.control_total else "is relieved of"
            lines.append(
                f"{o.org_code} {verb} {_k(abs(after - o.control_total))}: control "
                f"total {_k(o.control_total)} → {_k(after)}, CIP "
                f"{cip_pct(o, o.control_total):.2f}% → {cip_pct(o, after):.2f}%."
            )
    worst_after = max(cip_pct(o, solution.new_control_totals[o.org_code]) for o in orgs)
    lines.append(
        f"After: the largest CIP is {worst_after:.2f}%, every CIP within its credible "
        "maximum, and the system control total is unchanged."
    )
    return lines


def _worst(orgs: tuple[ControlTotalOrganisation, ...]) -> str:
    return max(orgs, key=lambda o: cip_pct(o, o.control_total)).org_code


def control_total_result(
    scenario: ControlTotalScenario, solution: ControlTotalSolution
) -> dict[str, Any]:
    new = solution.new_control_totals or {
        o.org_code: o.control_total for o in scenario.organisations
    }
    return {
        "status": "optimal" if solution.feasible else "infeasible",
        "financial_year": scenario.financial_year.label,
        "system_control_total": money_str(
            sum((o.control_total for o in scenario.organisations), ZERO)
        ),
        "shortfall": money_str(solution.shortfall),
        "organisations": [
            {
                "org_code": o.org_code,
                "control_total": money_str(o.control_total),
                "new_control_total": money_str(new[o.org_code]),
                "change": money_str(new[o.org_code] - o.control_total),
                "cip_required": money_str(cip_required(o, new[o.org_code])),
                "cip_pct": f"{cip_pct(o, new[o.org_code]):.2f}",
                "willing_to_exceed": o.willing_to_exceed,
            }
            for o in scenario.organisations
        ],
        "explanation": explain_control_totals(scenario, solution),
    }
