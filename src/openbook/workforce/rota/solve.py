"""Solve a rota: CP-SAT with a time limit and progress, the best answer so far kept, the bound
reported, and the answer checked independently before it is returned."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
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
    """The best roster found within `time_limit` seconds, independently checked: a full
    CP-SAT solve for an eighth of the time (at least 10 s), then, unless that proved
    optimality, large-neighbourhood search with CP-SAT on pieces of the roster."""
    from openbook.workforce.rota.cpsat import build_model, run_model
    from openbook.workforce.rota.neighbourhood import Search, improve

    started = time.perf_counter()
    first = min(time_limit, max(10.0, time_limit / 8))
    found = run_model(build_model(rota), first, num_workers, random_seed, on_progress, hint)
    if found.infeasible:
        return RotaResult(SolveStatus.INFEASIBLE, None, None, None, time.perf_counter() - started)
    if found.roster is None or found.bound is None:
        return RotaResult(SolveStatus.NO_ANSWER, None, None, None, time.perf_counter() - started)
    roster, progress = found.roster, list(found.progress)
    if not found.optimal and time_limit > first:
        objective = calculate_objective(rota, roster).total
        rng = random.Random(random_seed)  # noqa: S311 (a search, not security)
        search = Search(
            rota, roster, objective, found.bound, started, _both(on_progress, progress), rng
        )
        roster = improve(search, started + time_limit, num_workers).best
    optimal = found.optimal or calculate_objective(rota, roster).total == found.bound
    seconds = time.perf_counter() - started
    return accept(rota, roster, found.bound, seconds, optimal, tuple(progress))


def _both(hook: ProgressHook | None, kept: list[Progress]) -> ProgressHook:
    def report(point: Progress) -> None:
        kept.append(point)
        if hook:
            hook(point)

    return report


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
    from openbook.workforce.rota.cpsat import build_model, run_model

    found = run_model(build_model(rota, staffing=True), time_limit, num_workers)
    if found.infeasible:
        return StaffingResult(SolveStatus.INFEASIBLE, None, None)
    if found.roster is None:
        return StaffingResult(SolveStatus.NO_ANSWER, None, None)
    people = found.used
    kept = replace(rota, staff=tuple(m for m in rota.staff if m.employee in people))
    violations = tuple(check_roster(kept, found.roster))
    if calculate_objective(kept, found.roster).shortfall or violations:
        return StaffingResult(SolveStatus.REJECTED, None, None, people, violations)
    status = SolveStatus.OPTIMAL if found.optimal else SolveStatus.FEASIBLE
    return StaffingResult(status, len(people), found.bound, people)
