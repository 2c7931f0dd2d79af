"""The third level (fewest transfers) with OR-Tools CP-SAT, in whole units: the same model
as the MIP's, with the first two levels' optima as constraints and the MIP's answer as a
hint. Measured against HiGHS in bench/rebalance_speed.py; OR-Tools is imported here only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model


@dataclass(frozen=True)
class LastLevel:
    arcs: list[tuple[str, str]]  # the transfers chosen
    certificate: dict[str, Any]


def solve_fewest_transfers(
    arc_caps: dict[tuple[str, str], int],
    capacity: dict[str, int],
    need: dict[str, int],
    units: dict[str, int],
    minimum: int,
    earned_at_least: int,
    moved_at_most: int,
    hint: list[tuple[str, str]],
    time_limit: float,
) -> LastLevel:
    """Fewest arcs such that the rescued receivers' units reach `earned_at_least` and no
    more than `moved_at_most` units move; every amount a whole number of units."""
    model = cp_model.CpModel()
    rescued = {r: model.new_bool_var(f"z_{r}") for r in sorted(need)}
    used = {k: model.new_bool_var(f"y_{k[0]}_{k[1]}") for k in sorted(arc_caps)}
    flow = {k: model.new_int_var(0, c, f"x_{k[0]}_{k[1]}") for k, c in sorted(arc_caps.items())}
    for k, c in arc_caps.items():
        model.add(flow[k] <= c * used[k])
        model.add(flow[k] >= minimum * used[k])
        model.add_implication(used[k], rescued[k[1]])
    for g, cap in sorted(capacity.items()):
        out = [flow[k] for k in flow if k[0] == g]
        if out:
            model.add(sum(out) <= cap)
    for r, z in rescued.items():
        inflow = [flow[k] for k in flow if k[1] == r]
        if not inflow:
            model.add(z == 0)
            continue
        model.add(sum(inflow) >= need[r]).only_enforce_if(z)
        if minimum <= 0:
            model.add(sum(inflow) <= need[r] * z)
    model.add(sum(units[r] * z for r, z in rescued.items()) >= earned_at_least)
    model.add(sum(flow.values()) <= moved_at_most)
    model.minimize(sum(used.values()))
    chosen = set(hint)
    for k, y in used.items():
        model.add_hint(y, k in chosen)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1  # one worker: the same answer every time
    status = solver.solve(model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    # nothing found in time: the MIP's level-2 answer (the hint) stands, unproven
    arcs = sorted(k for k, y in used.items() if solver.value(y)) if found else sorted(chosen)
    return LastLevel(
        arcs,
        {
            "level": "transfers (CP-SAT, whole units)",
            "objective": solver.objective_value if found else float(len(chosen)),
            "bound": solver.best_objective_bound,
            "status": "optimal" if status == cp_model.OPTIMAL else solver.status_name(status),
        },
    )
