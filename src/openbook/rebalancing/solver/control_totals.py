"""In-year control-total rebalancing: make every savings requirement achievable.

A linear programme with HiGHS, solved lexicographically:
1. minimise the largest CIP, as % of operating expenditure, anywhere in the system;
2. then minimise the total change to control totals.
Subject to: the system control total is unchanged; each CIP (new control total −
underlying position, if positive) is at most the organisation's credible maximum; an
organisation not willing to exceed its control total never gets a tighter one, and one
willing to take on up to £x never takes on more than £x.

Materiality: an answer that moves less than the system's materiality threshold in all (by
default £100,000) is not proposed, unless doing nothing leaves a CIP beyond its credible
maximum; the explanation says what was suppressed and why.
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
    # the answer the materiality threshold suppressed (new control totals), if any
    suppressed: dict[str, Decimal] | None = None


def credible_control_total(org: ControlTotalOrganisation) -> Decimal:
    """The tightest control total it could meet with its largest credible CIP."""
    return org.underlying_position + org.operating_expenditure * org.max_cip_pct / 100


def max_control_total(org: ControlTotalOrganisation) -> Decimal:
    """The tightest control total it could meet with its largest credible CIP, and would
    accept: no tighter than today unless willing, and no more than it will take on."""
    credible = credible_control_total(org)
    if not org.willing_to_exceed:
        return min(credible, org.control_total)
    if org.max_take_on is not None:
        return min(credible, org.control_total + org.max_take_on)
    return credible


def money_moved(scenario: ControlTotalScenario, new: dict[str, Decimal]) -> Decimal:
    """What a rebalancing moves: the control total taken on (= the total relieved)."""
    return sum((max(ZERO, new[o.org_code] - o.control_total) for o in scenario.organisations), ZERO)


def achievable_today(scenario: ControlTotalScenario) -> bool:
    """Every CIP is already within its credible maximum, so no change is needed."""
    return all(o.control_total <= credible_control_total(o) for o in scenario.organisations)


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
    scale = 1_000.0  # solve in £000: within HiGHS's tolerance (1e-7) of a penny
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
    # fixed to within a tenth of a penny on the largest organisation
    largest = max(float(o.operating_expenditure) for o in orgs) / scale
    h.addConstr(worst <= h.getInfo().objective_function_value + 1e-3 / scale / largest)
    h.minimize(sum(change.values()))
    values = h.getSolution().col_value
    raw = {code: Decimal(repr(values[var.index] * scale)) for code, var in new.items()}
    answer = round_control_totals(scenario, raw)
    moved = money_moved(scenario, answer)
    if 0 < moved < scenario.materiality and achievable_today(scenario):
        unchanged = {o.org_code: o.control_total for o in orgs}
        return ControlTotalSolution(unchanged, True, ZERO, suppressed=answer)
    return ControlTotalSolution(answer, True, ZERO)


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
        # the same penny of rounding
        if o.max_take_on is not None and new[o.org_code] - o.control_total > o.max_take_on + PENNY:
            problems.append(f"{o.org_code} would take on more than it is willing to")
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
            f"totals, up to what each will take on), the system is short by "
            f"{_k(solution.shortfall)}."
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
    limited = [o for o in orgs if o.willing_to_exceed and o.max_take_on is not None]
    for o in limited:
        taken = max(ZERO, solution.new_control_totals[o.org_code] - o.control_total)
        lines.append(
            f"{o.org_code} is willing to take on up to {_k(o.max_take_on or ZERO)}"
            f" and takes on {_k(taken)}."
        )
    if solution.suppressed is not None:
        best = solution.suppressed
        worst_best = max(cip_pct(o, best[o.org_code]) for o in orgs)
        before = max(cip_pct(o, o.control_total) for o in orgs)
        lines.append(
            f"No change is proposed: the best rebalancing would move only "
            f"{_k(money_moved(scenario, best))} of control total, below the materiality "
            f"threshold of {_k(scenario.materiality)}, for a largest CIP of "
            f"{before:.2f}% → {worst_best:.2f}%; every CIP is already within its credible "
            "maximum."
        )
        return lines
    worst_after = max(cip_pct(o, solution.new_control_totals[o.org_code]) for o in orgs)
    moved = money_moved(scenario, solution.new_control_totals)
    if 0 < moved < scenario.materiality:
        lines.append(
            f"It moves {_k(moved)}, below the materiality threshold of "
            f"{_k(scenario.materiality)}, but without it a CIP would stay beyond its "
            "credible maximum, so it is proposed."
        )
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
        "materiality": money_str(scenario.materiality),
        "suppressed": None
        if solution.suppressed is None
        else {
            "money_moved": money_str(money_moved(scenario, solution.suppressed)),
            "new_control_totals": {
                code: money_str(value) for code, value in sorted(solution.suppressed.items())
            },
        },
        "organisations": [
            {
                "org_code": o.org_code,
                "control_total": money_str(o.control_total),
                "new_control_total": money_str(new[o.org_code]),
                "change": money_str(new[o.org_code] - o.control_total),
                "cip_required": money_str(cip_required(o, new[o.org_code])),
                "cip_pct": f"{cip_pct(o, new[o.org_code]):.2f}",
                "willing_to_exceed": o.willing_to_exceed,
                "max_take_on": None if o.max_take_on is None else money_str(o.max_take_on),
            }
            for o in scenario.organisations
        ],
        "explanation": explain_control_totals(scenario, solution),
    }
