"""Solve a rota: CP-SAT with a time limit and progress, the best answer so far kept, the bound
reported, and the answer checked independently before it is returned."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from openbook.workforce.rota.check import (
    ObjectiveBreakdown,
    Violation,
    calculate_objective,
    check_roster,
)
from openbook.workforce.rota.model import Roster, RotaDefinition
from openbook.workforce.rota.progress import Progress


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    NO_ANSWER = "no_answer"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {
            SolveStatus.OPTIMAL: "proven optimal",
            SolveStatus.FEASIBLE: "best found within the time limit",
            SolveStatus.INFEASIBLE: "no roster meets every hard rule",
            SolveStatus.NO_ANSWER: "no roster found within the time limit",
            SolveStatus.REJECTED: "the solver's roster failed the independent check",
        }[self]


@dataclass(frozen=True)
class RotaResult:
    status: SolveStatus
    roster: Roster | None
    objective: int | None
    bound: int | None
    seconds: float
    breakdown: ObjectiveBreakdown | None = None
    violations: tuple[Violation, ...] = ()
    progress: tuple[Progress, ...] = ()

    @property
    def proven_optimal(self) -> bool:
        return self.status is SolveStatus.OPTIMAL

    def as_dict(self) -> dict[str, object]:
        """The JSON contract of `openbook rota solve --format json`."""
        assignments = self.roster.assignments if self.roster else ()
        return {
            "objective": self.objective,
            "bound": self.bound,
            "proven_optimal": self.proven_optimal,
            "seconds": round(self.seconds, 3),
            "assignments": [
                {"employee": a.employee, "day": a.day, "shift": a.shift_id} for a in assignments
            ],
        }


ProgressHook = Callable[[Progress], None]


def solve(
    rota: RotaDefinition,
    time_limit: float = 60.0,
    num_workers: int = 2,
    on_progress: ProgressHook | None = None,
    random_seed: int = 0,
    hint: Roster | None = None,
) -> RotaResult:
    """The best roster CP-SAT finds within `time_limit` seconds, independently checked."""
    from ortools.sat.python import cp_model

    from openbook.workforce.rota.cpsat import BestSoFar, build_model

    started = time.perf_counter()
    built = build_model(rota)
    if hint is not None:
        chosen = {(a.employee, a.day, a.shift_id) for a in hint.assignments}
        for key, var in built.shifts.items():
            built.model.add_hint(var, key in chosen)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = num_workers
    solver.parameters.random_seed = random_seed
    watcher = BestSoFar(built, started, on_progress)
    status = solver.solve(built.model, watcher)
    seconds = time.perf_counter() - started
    bound = math.ceil(solver.best_objective_bound - 1e-6) if watcher.best else None
    if status == cp_model.INFEASIBLE:
        return RotaResult(SolveStatus.INFEASIBLE, None, None, None, seconds)
    if watcher.best is None:
        return RotaResult(SolveStatus.NO_ANSWER, None, None, None, seconds)
    optimal = status == cp_model.OPTIMAL
    return accept(rota, watcher.best, bound, seconds, optimal, tuple(watcher.progress))


def accept(
    rota: RotaDefinition,
    roster: Roster,
    bound: int | None,
    seconds: float,
    optimal: bool,
    progress: tuple[Progress, ...] = (),
) -> RotaResult:
    """The roster only if the checker finds no broken rule; the objective is the checker's."""
    violations = tuple(check_roster(rota, roster))
    breakdown = calculate_objective(rota, roster)
    if violations:
        return RotaResult(
            SolveStatus.REJECTED, None, None, bound, seconds, breakdown, violations, progress
        )
    status = SolveStatus.OPTIMAL if optimal else SolveStatus.FEASIBLE
    objective = breakdown.total
    return RotaResult(status, roster, objective, bound, seconds, breakdown, (), progress)


@dataclass(frozen=True)
class StaffingResult:
    """The fewest people who can meet all the cover under every hard rule."""

    status: SolveStatus
    staff_needed: int | None
    bound: int | None
    people: tuple[str, ...] = ()
    violations: tuple[Violation, ...] = ()


def solve_staffing(
    rota: RotaDefinition, time_limit: float = 30.0, num_workers: int = 2
) -> StaffingResult:
    """Minimise the people used with full cover; the answer is checked on a rota of just
    those people (no shortfall, no broken rule) before it is returned."""
    from dataclasses import replace

    from ortools.sat.python import cp_model

    from openbook.workforce.rota.cpsat import build_model

    built = build_model(rota, staffing=True)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = num_workers
    status = solver.solve(built.model)
    if status == cp_model.INFEASIBLE:
        return StaffingResult(SolveStatus.INFEASIBLE, None, None)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return StaffingResult(SolveStatus.NO_ANSWER, None, None)
    roster = built.roster(solver.boolean_value)
    people = tuple(e for e, used in built.used.items() if solver.boolean_value(used))
    kept = replace(rota, staff=tuple(m for m in rota.staff if m.employee in people))
    violations = tuple(check_roster(kept, roster))
    if calculate_objective(kept, roster).shortfall or violations:
        return StaffingResult(SolveStatus.REJECTED, None, None, people, violations)
    optimal = SolveStatus.OPTIMAL if status == cp_model.OPTIMAL else SolveStatus.FEASIBLE
    bound = math.ceil(solver.best_objective_bound - 1e-6)
    return StaffingResult(optimal, len(people), bound, people)
