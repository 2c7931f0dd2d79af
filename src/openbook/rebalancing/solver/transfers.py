"""Year-end transfers: get as many organisations over the line as the money allows.

A mixed-integer programme, solved lexicographically with HiGHS:
1. maximise the sustainability funding the system earns (an organisation earns its
   funding only if its position after transfers meets its control total);
2. then move as little money as possible;
3. then use as few transfers as possible.
Each level is fixed (to within half a unit; every level is a whole number) before the next
is optimised, so the answer is optimal for (1), then (2) among those, then (3). Amounts
are solved in whole units (solver/mip.py), the answer's amounts set in whole pence by the
tie-break below.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import highspy
import numpy as np

from openbook.rebalancing.file import TransferOrganisation, TransferScenario
from openbook.rebalancing.solver.flow import max_flow
from openbook.rebalancing.solver.heuristic import canonical, few_transfers
from openbook.rebalancing.solver.highs import new_model
from openbook.rebalancing.solver.mip import HALF, Model, Problem, build, problem_in_units


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


def _problem(scenario: TransferScenario) -> Problem:
    """The scenario in whole units (see solver/mip.py), in ODS-code order."""
    return problem_in_units(
        {g.org_code: round(_pence(_capacity(g))) for g in givers(scenario)},
        {r.org_code: round(_pence(r.shortfall)) for r in receivers(scenario)},
        {o.org_code: round(_pence(o.sustainability_funding)) for o in scenario.organisations},
        max(0, round(_pence(scenario.min_transfer))),
    )


def _level(
    model: Model,
    terms: list[tuple[int, float]],
    sense: highspy.ObjSense,
    start: list[float],
    deadline: float,
) -> tuple[list[float], int, dict[str, Any]]:
    """One level, warm started from `start` (the last level's answer, feasible here): the
    answer, its objective (a whole number) and what the solver proved. If the solver found
    nothing better in time, `start` stands, unproven."""
    h = model.highs
    model.objective(terms, sense)
    if any(start):  # (all zero is where HiGHS starts anyway)
        h.setSolution(len(start), np.arange(len(start), dtype=np.int32), np.array(start))
    h.setOptionValue("time_limit", max(0.01, deadline - time.perf_counter()))
    h.run()
    info = h.getInfo()
    optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    solution = h.getSolution()
    values = list(solution.col_value) if solution.value_valid else list(start)
    objective = round(sum(values[c] * v for c, v in terms))
    if not solution.value_valid or not math.isfinite(info.objective_function_value):
        values = list(start)
        objective = round(sum(values[c] * v for c, v in terms))
    bound = info.mip_dual_bound if math.isfinite(info.mip_dual_bound) else None
    return (
        values,
        objective,
        {
            "objective": objective,
            "bound": bound,
            "status": "optimal" if optimal else h.modelStatusToString(h.getModelStatus()),
        },
    )


def solve_transfers_mip(
    scenario: TransferScenario, time_limit: float = 30.0, last_level: str = "highs"
) -> TransferSolution:
    """The three levels with HiGHS; `last_level="cpsat"` solves the third with CP-SAT in
    whole units instead (see bench/rebalance_speed.py for which is faster). The time limit
    is for all three levels together."""
    started = time.perf_counter()
    deadline = started + time_limit
    problem = _problem(scenario)
    if not problem.need or not problem.arcs:
        return TransferSolution((), True, 0.0)
    model = build(problem)
    inf = highspy.kHighsInf
    earned = model.earned_terms()
    values = [0.0] * model.columns  # nothing moves: feasible at every level before the first
    values, best_earned, first = _level(model, earned, highspy.ObjSense.kMaximize, values, deadline)
    levels = [_certificate(first, "funding earned (funding units × (receivers + 1) + rescues)", 1)]
    model.add_row(best_earned - HALF, inf, earned)  # the level-1 optimum, a cut from now on
    moved = [(c, 1.0) for c in model.x.values()]
    packed = _packed_start(model, values, best_earned, highspy.kHighsInf)
    if packed is not None and packed[1] < sum(values[c] for c, _ in moved) - HALF:
        values = packed[0]  # level 2 starts from a packing that moves less
    values, best_moved, second = _level(model, moved, highspy.ObjSense.kMinimize, values, deadline)
    levels.append(_certificate(second, "money moved (pence)", problem.unit))
    if last_level == "cpsat":
        arcs, certificate = _cpsat_last_level(model, values, best_earned, best_moved, deadline)
        levels.append(certificate)
    else:
        model.add_row(-inf, best_moved + HALF, moved)  # the level-2 optimum, a cut
        packed = _packed_start(model, values, best_earned, best_moved + HALF)
        if packed is not None and packed[2] < sum(1 for c in model.y.values() if values[c] > 0.5):
            values = packed[0]  # level 3 starts from a packing with fewer transfers
        count = [(c, 1.0) for c in model.y.values()]
        rescued = best_earned % model.weight  # how many: see _one_per_rescue
        if first["status"] == "optimal" and sum(values[c] for c, _ in count) < rescued + HALF:
            third = _one_per_rescue(rescued)
        else:
            values, _, third = _level(model, count, highspy.ObjSense.kMinimize, values, deadline)
        levels.append(_certificate(third, "transfers", 1))
        arcs = sorted(a for a, c in model.y.items() if values[c] > 0.5)
    transfers = _split_transfers(scenario, arcs)
    proven = all(level["status"] == "optimal" for level in levels)
    return TransferSolution(transfers, proven, time.perf_counter() - started, tuple(levels))


def _one_per_rescue(rescued: int) -> dict[str, Any]:
    """The last level's proof when the start has one transfer per rescued receiver. Each
    rescue earns its funding in units times the weight (receivers + 1) plus one, so the
    proven level-1 optimum E fixes the funding and the number rescued (E mod weight) of
    every answer that keeps it; each rescue needs a transfer, so none has fewer."""
    return {
        "objective": rescued,
        "bound": float(rescued),
        "status": "optimal",
        "proof": "one transfer per rescued receiver, and level 1 fixes how many are rescued",
    }


def _packed_start(
    model: Model, values: list[float], best_earned: int, moved_at_most: float
) -> tuple[list[float], int, int] | None:
    """A packing (solver/heuristic.py) that rescues the receivers `values` rescues, earns
    at least `best_earned` and moves at most `moved_at_most`, as a start for the MIP, with
    the money it moves and its transfers; None if none is found."""
    p = model.problem
    rescued = [r for r, c in model.z.items() if values[c] > 0.5]
    packed = few_transfers(p, rescued, moved_at_most)
    if packed is None:
        return None
    earned = dict(model.earned_terms())
    if sum(earned[model.z[r]] for r in {r for _, r in packed}) < best_earned - HALF:
        return None
    start = [0.0] * model.columns
    for arc, amount in canonical(p, packed).items():
        start[model.z[arc[1]]] = 1.0
        start[model.x[arc]] = float(amount)
        start[model.y[arc]] = 1.0
    return start, sum(packed.values()), len(packed)


def _cpsat_last_level(
    model: Model, values: list[float], best_earned: int, best_moved: int, deadline: float
) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    from openbook.rebalancing.solver.cpsat import solve_fewest_transfers

    p = model.problem
    answer = solve_fewest_transfers(
        {a: p.arc_cap(a) for a in p.arcs},
        p.capacity,
        p.need,
        {r: p.funding[r] * model.weight + 1 for r in model.z},
        p.minimum,
        best_earned,
        best_moved,
        [a for a, c in model.y.items() if values[c] > 0.5],
        max(0.01, deadline - time.perf_counter()),
    )
    return answer.arcs, answer.certificate


def _certificate(proved: dict[str, Any], name: str, scale: int) -> dict[str, Any]:
    """What the solver proved for one level: its objective, bound and model status
    (amounts scaled back from units to pence)."""
    bound = proved["bound"]
    return {
        "level": name,
        "objective": proved["objective"] * scale,
        "bound": None if bound is None else bound * scale,
        "status": proved["status"],
        **({"proof": proved["proof"]} if "proof" in proved else {}),
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
