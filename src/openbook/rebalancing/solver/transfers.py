"""Year-end transfers: get as many organisations over the line as the money allows.

A mixed-integer programme, solved lexicographically with HiGHS:
1. maximise the sustainability funding the system earns (an organisation earns its
   funding only if its position after transfers meets its control total);
2. then move as little money as possible;
3. then use as few transfers as possible.
Each level is fixed (to within half a penny) before the next is optimised, so the answer
is optimal for (1), then (2) among those, then (3). Amounts are solved in pence.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import highspy

from openbook.rebalancing.file import TransferOrganisation, TransferScenario
from openbook.rebalancing.solver.flow import max_flow
from openbook.rebalancing.solver.highs import new_model

HALF_PENNY = 0.5  # in pence: the tolerance when a level is fixed


@dataclass(frozen=True)
class Transfer:
    from_org: str
    to_org: str
    amount: Decimal


@dataclass(frozen=True)
class TransferSolution:
    transfers: tuple[Transfer, ...]
    proven_optimal: bool
    solve_seconds: float
    levels: tuple[dict[str, Any], ...] = ()  # certificate: objective, bound, status per level


def _pence(amount: Decimal) -> float:
    return float(amount * 100)


def givers(scenario: TransferScenario) -> list[TransferOrganisation]:
    return [
        o
        for o in scenario.organisations
        if o.can_give and o.headroom > 0 and (o.max_give is None or o.max_give > 0)
    ]


def receivers(scenario: TransferScenario) -> list[TransferOrganisation]:
    return [o for o in scenario.organisations if o.can_receive and o.shortfall > 0]


def _capacity(giver: TransferOrganisation) -> Decimal:
    return giver.headroom if giver.max_give is None else min(giver.headroom, giver.max_give)


@dataclass
class _Model:
    highs: highspy.Highs
    flows: dict[tuple[str, str], Any]
    arcs: dict[tuple[str, str], Any]
    rescued: dict[str, Any]


def _build(scenario: TransferScenario) -> _Model:
    h = new_model()
    h.setOptionValue("mip_rel_gap", 0.0)
    # a binary within 1e-6 of 1 times a shortfall of 1e8 pence let a receiver count as rescued
    # a pound short, so level 2's optimum was below the true one and level 3 lost answers
    h.setOptionValue("mip_feasibility_tolerance", 1e-9)
    # built in ODS-code order, so the same problem gives the same answer (HiGHS is
    # deterministic for a given model) whatever order the organisations came in
    gs = sorted(givers(scenario), key=lambda o: o.org_code)
    rs = sorted(receivers(scenario), key=lambda o: o.org_code)
    minimum = _pence(scenario.min_transfer)
    # a transfer only ever goes to a receiver it rescues (any other would move money for
    # nothing, so no optimal answer has one): y <= z and x <= min(capacity, shortfall) z
    rescued = {r.org_code: h.addBinary() for r in rs}
    flows, arcs = {}, {}
    caps_into: dict[str, list[float]] = {r.org_code: [] for r in rs}
    for g in gs:
        for r in rs:
            if g.org_code == r.org_code:
                continue
            cap = min(_pence(_capacity(g)), _pence(r.shortfall))
            if cap + HALF_PENNY < minimum:
                continue
            key = (g.org_code, r.org_code)
            flows[key] = h.addVariable(lb=0, ub=cap)
            caps_into[r.org_code].append(cap)
            arcs[key] = h.addBinary()
            h.addConstr(flows[key] <= cap * arcs[key])
            h.addConstr(flows[key] >= minimum * arcs[key])
            h.addConstr(arcs[key] <= rescued[r.org_code])
    for g in gs:  # a giver never drops below its own control total (nor its cap)
        out = [flows[k] for k in flows if k[0] == g.org_code]
        if out:
            h.addConstr(sum(out) <= _pence(_capacity(g)))
    for r in rs:  # rescued only if what comes in covers the whole shortfall
        inflow = [flows[k] for k in flows if k[1] == r.org_code]
        need = _pence(r.shortfall)
        if inflow:
            h.addConstr(sum(inflow) >= need * rescued[r.org_code])
            # a cut: a rescue needs at least as many transfers as it takes of its largest
            # possible ones to cover the shortfall
            h.addConstr(
                sum(arcs[k] for k in flows if k[1] == r.org_code)
                >= _fewest(caps_into[r.org_code], need) * rescued[r.org_code]
            )
            if minimum <= 0:  # with no minimum size, no optimal answer gives more than needed
                h.addConstr(sum(inflow) <= need * rescued[r.org_code])
        else:
            h.addConstr(rescued[r.org_code] <= 0)
    return _Model(h, flows, arcs, rescued)


def _fewest(caps: list[float], need: float) -> int:
    """The fewest arcs of these capacities that can cover `need` (all of them plus one if
    even all cannot, which forbids the rescue)."""
    covered = 0.0
    for count, cap in enumerate(sorted(caps, reverse=True), start=1):
        covered += cap
        if covered + HALF_PENNY >= need:
            return count
    return len(caps) + 1


def _funding(scenario: TransferScenario, model: _Model) -> Any:
    # in whole units: pence of funding times (receivers + 1), plus one per rescue, so a rescue
    # with no funding riding on it is still preferred and the level can be fixed to within 1/2
    # (a weight of 1e-6 was below HiGHS's absolute gap and its feasibility tolerance)
    weight = len(model.rescued) + 1
    funding = {o.org_code: _pence(o.sustainability_funding) for o in scenario.organisations}
    return sum((funding[code] * weight + 1) * var for code, var in model.rescued.items())


def solve_transfers_mip(
    scenario: TransferScenario, time_limit: float = 30.0, last_level: str = "highs"
) -> TransferSolution:
    """The three levels with HiGHS; `last_level="cpsat"` solves the third with CP-SAT in
    integer pence instead (see bench/rebalance_speed.py for which is faster)."""
    started = time.perf_counter()
    model = _build(scenario)
    h = model.highs
    h.setOptionValue("time_limit", time_limit)
    if not model.rescued or not model.flows:
        return TransferSolution((), True, 0.0)
    earned = _funding(scenario, model)
    h.maximize(earned)
    levels = [_certificate(h, "funding earned (pence × (receivers + 1) + rescues)")]
    best_earned = h.getInfo().objective_function_value
    h.addConstr(earned >= best_earned - HALF_PENNY)
    moved = sum(model.flows.values())
    _warm_start(h)
    h.minimize(moved)
    levels.append(_certificate(h, "money moved (pence)"))
    best_moved = h.getInfo().objective_function_value
    if last_level == "cpsat":
        arcs, certificate = _cpsat_last_level(
            scenario, model, h.getSolution().col_value, best_earned, best_moved, time_limit
        )
        levels.append(certificate)
    else:
        h.addConstr(moved <= best_moved + HALF_PENNY)
        _warm_start(h)
        h.minimize(sum(model.arcs.values()))
        levels.append(_certificate(h, "transfers"))
        values = h.getSolution().col_value
        arcs = sorted(k for k, var in model.arcs.items() if values[var.index] > 0.5)
    transfers = _split_transfers(scenario, arcs)
    proven = all(level["status"] == "optimal" for level in levels)
    return TransferSolution(transfers, proven, time.perf_counter() - started, tuple(levels))


def _cpsat_last_level(
    scenario: TransferScenario,
    model: _Model,
    values: list[float],
    best_earned: float,
    best_moved: float,
    time_limit: float,
) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    from openbook.rebalancing.solver.cpsat import solve_fewest_transfers

    weight = len(model.rescued) + 1
    funding = {o.org_code: round(_pence(o.sustainability_funding)) for o in scenario.organisations}
    capacity = {g.org_code: round(_pence(_capacity(g))) for g in givers(scenario)}
    need = {r.org_code: round(_pence(r.shortfall)) for r in receivers(scenario)}
    arc_caps = {(g, r): min(capacity[g], need[r]) for g, r in model.flows}
    answer = solve_fewest_transfers(
        arc_caps,
        capacity,
        need,
        {code: funding[code] * weight + 1 for code in model.rescued},
        max(0, round(_pence(scenario.min_transfer))),
        round(best_earned),
        round(best_moved),
        [k for k, var in model.arcs.items() if values[var.index] > 0.5],
        time_limit,
    )
    return answer.arcs, answer.certificate


def _warm_start(h: highspy.Highs) -> None:
    """The last level's answer satisfies the next level's model (its level is fixed to
    within a half of what it achieved), so it starts the next search."""
    solution = h.getSolution()
    if solution.value_valid:
        h.setSolution(solution)


def _certificate(h: highspy.Highs, name: str) -> dict[str, Any]:
    """What the solver proved for one level: its objective, bound and model status."""
    info = h.getInfo()
    optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return {
        "level": name,
        "objective": info.objective_function_value,
        "bound": info.mip_dual_bound,
        "status": "optimal" if optimal else h.modelStatusToString(h.getModelStatus()),
    }


def _components(arcs: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The arcs in groups that share a giver or a receiver (each group settles alone)."""
    group: dict[str, str] = {}

    def find(node: str) -> str:
        while group.setdefault(node, node) != node:
            node = group[node]
        return node

    for g, r in arcs:
        group[find("g:" + g)] = find("r:" + r)
    found: dict[str, list[tuple[str, str]]] = {}
    for arc in arcs:
        found.setdefault(find("g:" + arc[0]), []).append(arc)
    return [sorted(items) for _, items in sorted(found.items(), key=lambda kv: min(kv[1]))]


def _least_largest_share(
    arcs: list[tuple[str, str]], cap: dict[str, int], need: dict[str, int], minimum: int
) -> float:
    """For one group of arcs: the smallest possible largest share of its capacity that any
    giver gives, covering every receiver with the least money (an LP)."""
    h = new_model()
    share = h.addVariable(lb=0, ub=1)
    flows = {(g, r): h.addVariable(lb=minimum, ub=float(min(cap[g], need[r]))) for g, r in arcs}
    for g in sorted({g for g, _ in arcs}):
        h.addConstr(sum(flows[k] for k in arcs if k[0] == g) <= share * float(cap[g]))
    for r in sorted({r for _, r in arcs}):
        h.addConstr(sum(flows[k] for k in arcs if k[1] == r) >= float(need[r]))
    h.minimize(share)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return 1.0
    return min(1.0, float(h.getInfo().objective_function_value))


def split_in_proportion(
    arcs: list[tuple[str, str]], cap: dict[str, int], need: dict[str, int], minimum: int
) -> dict[tuple[str, str], int] | None:
    """The tie-break, on the arcs the three levels chose: in each group of arcs, no giver
    gives a larger share of what it could give than it must (so givers in a group give in
    proportion to their capacity where the arcs allow), in whole pence (at most a penny over
    the share), with the least money that covers every receiver; the pennies fall to
    givers in ODS-code order. Keeps every level: the same arcs, the same receivers covered,
    the same money. None if no such flow exists (then the levels' own amounts stand)."""
    amounts: dict[tuple[str, str], int] = {}
    for group in _components(arcs):
        share = _least_largest_share(group, cap, need, minimum)
        out = {g: sum(1 for k in group if k[0] == g) for g, _ in group}
        into = {r: sum(1 for k in group if k[1] == r) for _, r in group}
        limit = {g: min(cap[g], math.ceil(share * cap[g] - 1e-6)) for g in out}
        for extra in (0, 1):  # a penny more per giver if the float share fell just short
            network = {("<s>", "g:" + g): limit[g] + extra - minimum * n for g, n in out.items()}
            for g, r in group:
                network[("g:" + g, "r:" + r)] = min(cap[g], need[r]) - minimum
            rest = {r: max(0, need[r] - minimum * n) for r, n in into.items()}
            for r in sorted(rest):
                network[("r:" + r, "<t>")] = rest[r]
            if any(c < 0 for c in network.values()):
                return None
            total, carried = max_flow(network, "<s>", "<t>")
            if total == sum(rest.values()):
                break
        else:
            return None
        for g, r in group:
            amounts[(g, r)] = minimum + carried[("g:" + g, "r:" + r)]
    return amounts


def _split_transfers(
    scenario: TransferScenario, arcs: list[tuple[str, str]]
) -> tuple[Transfer, ...]:
    """The amounts on the arcs the levels chose, by the tie-break `split_in_proportion`."""
    cap = {g.org_code: round(_pence(_capacity(g))) for g in givers(scenario)}
    need = {r.org_code: round(_pence(r.shortfall)) for r in receivers(scenario)}
    minimum = max(1, round(_pence(scenario.min_transfer)))
    amounts = split_in_proportion(arcs, cap, need, minimum)
    if amounts is None:  # the levels' arcs always carry such a flow; never an answer unchecked
        raise ArithmeticError(f"no flow in whole pence on the chosen transfers {arcs}")
    return tuple(Transfer(f, t, Decimal(a) / 100) for (f, t), a in sorted(amounts.items()) if a > 0)
