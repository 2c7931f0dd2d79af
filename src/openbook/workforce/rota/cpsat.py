"""The rota as a CP-SAT model: one Boolean per person, day and shift.

Hard rules are constraints; cover shortfall and excess and the requests are the objective,
exactly as the checker (`check.py`) recomputes them. OR-Tools is imported here only.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from typing import Any

from ortools.sat.python import cp_model

from openbook.workforce.rota.model import Assignment, Roster, RotaDefinition, StaffMember
from openbook.workforce.rota.progress import Progress

Key = tuple[str, int, str]


@dataclass
class RotaModel:
    """The built model and the handles needed to read an answer back."""

    model: cp_model.CpModel
    shifts: dict[Key, cp_model.IntVar]
    objective_terms: list[tuple[int, Any, bool]] = field(default_factory=list)
    used: dict[str, Any] = field(default_factory=dict)

    def objective(self) -> Any:
        """Weights times variables (times 1 - variable for an on-request not met)."""
        return sum(w * (1 - v) if inverted else w * v for w, v, inverted in self.objective_terms)

    def copy(self) -> RotaModel:
        """An independent copy to add constraints to (a neighbourhood's fixings)."""
        model = self.model.clone()
        pick = model.get_bool_var_from_proto_index
        return RotaModel(
            model,
            {key: pick(var.index) for key, var in self.shifts.items()},
            [(w, _same(model, v), inverted) for w, v, inverted in self.objective_terms],
            {e: pick(var.index) for e, var in self.used.items()},
        )

    def roster(self, value: Callable[[cp_model.IntVar], int]) -> Roster:
        return Roster.of(Assignment(*key) for key, var in self.shifts.items() if value(var))


def _same(model: cp_model.CpModel, var: Any) -> Any:
    """The variable of the same index in a cloned model."""
    return model.get_int_var_from_proto_index(var.index)


def build_model(rota: RotaDefinition, staffing: bool = False) -> RotaModel:
    """The rota's model; with `staffing`, full cover is a hard rule and the objective is the
    number of people used (minimum minutes apply only to those used)."""
    model = cp_model.CpModel()
    blocked = _blocked(rota)
    shifts = {
        (m.employee, d, s.shift_id): model.new_bool_var(f"x_{m.employee}_{d}_{s.shift_id}")
        for m in rota.staff
        for d in range(rota.horizon)
        for s in rota.shift_types
    }
    for key, var in shifts.items():
        if key in blocked:
            model.add(var == 0)
    built = RotaModel(model, shifts)
    for member in rota.staff:
        used = model.new_bool_var(f"used_{member.employee}") if staffing else None
        work = _person(rota, built, member, used)
        _runs(rota, model, member, work)
        _weekends(rota, model, member, work)
        if used is not None:
            built.used[member.employee] = used
    _cover(rota, built, hard=staffing)
    if staffing:
        _order_identical(rota, built)
        _capacity_cuts(rota, built)
        model.minimize(sum(built.used.values()))
        return built
    _requests(rota, built)
    model.minimize(built.objective())
    return built


def _blocked(rota: RotaDefinition) -> set[Key]:
    blocked = {(x.employee, x.day, x.shift_id) for x in rota.exclusions}
    for employee, days in rota.days_off.items():
        blocked |= {(employee, d, s) for d in days for s in rota.shift_ids}
    for member in rota.staff:
        for s in rota.shift_ids:
            if member.max_shifts_of(s, rota.horizon) == 0:
                blocked |= {(member.employee, d, s) for d in range(rota.horizon)}
    return blocked


def _person(
    rota: RotaDefinition, built: RotaModel, member: StaffMember, used: Any = None
) -> list[Any]:
    """At most one shift a day, shift limits, minutes, rotation; returns the worked-day vars."""
    model, x, e = built.model, built.shifts, member.employee
    work = []
    for d in range(rota.horizon):
        day_vars = [x[e, d, s] for s in rota.shift_ids]
        worked = model.new_bool_var(f"w_{e}_{d}")
        model.add(sum(day_vars) == worked)
        work.append(worked)
    scale = 1 if used is None else used  # a person not used may work nothing
    for s in rota.shift_ids:
        limit = member.max_shifts_of(s, rota.horizon)
        if limit < rota.horizon or used is not None:
            model.add(sum(x[e, d, s] for d in range(rota.horizon)) <= limit * scale)
    minutes = sum(
        rota.shift(s).minutes * x[e, d, s] for d in range(rota.horizon) for s in rota.shift_ids
    )
    model.add(minutes <= member.max_minutes * scale)
    model.add(minutes >= member.min_minutes * scale)
    for shift in rota.shift_types:
        for after in shift.cannot_follow:
            for d in range(rota.horizon - 1):
                model.add_bool_or([x[e, d, shift.shift_id].Not(), x[e, d + 1, after].Not()])
    return work


def _forbid_short_runs(model: cp_model.CpModel, days: list[Any], shortest: int) -> None:
    """No inner run of `days` true shorter than `shortest` (runs touching an end are free)."""
    horizon = len(days)
    for length in range(1, shortest):
        for first in range(1, horizon - length):
            clause = [days[first - 1], days[first + length]]
            clause += [days[d].Not() for d in range(first, first + length)]
            model.add_bool_or(clause)


def _runs(rota: RotaDefinition, model: cp_model.CpModel, m: StaffMember, work: list[Any]) -> None:
    longest = m.max_consecutive_shifts
    for first in range(rota.horizon - longest):
        model.add(sum(work[first : first + longest + 1]) <= longest)
    _forbid_short_runs(model, work, m.min_consecutive_shifts)
    _forbid_short_runs(model, [w.Not() for w in work], m.min_consecutive_days_off)


def _weekends(
    rota: RotaDefinition, model: cp_model.CpModel, m: StaffMember, work: list[Any]
) -> None:
    worked = []
    for index, days in enumerate(rota.weekends()):
        weekend = model.new_bool_var(f"wk_{m.employee}_{index}")
        model.add_max_equality(weekend, [work[d] for d in days])
        model.add(sum(work[d] for d in days) <= len(days) * weekend)  # the same, as a row
        worked.append(weekend)
    if worked:
        model.add(sum(worked) <= m.max_weekends)
        # Implied, but it lets the LP see that weekend cover is bounded by weekend budgets.
        widest = max(len(days) for days in rota.weekends())
        weekend_days = [work[d] for days in rota.weekends() for d in days]
        model.add(sum(weekend_days) <= widest * m.max_weekends)


def _cover(rota: RotaDefinition, built: RotaModel, hard: bool = False) -> None:
    model, staff = built.model, rota.employees
    for c in rota.cover:
        on_duty = sum(built.shifts[e, c.day, c.shift_id] for e in staff)
        if hard:
            model.add(on_duty >= c.requirement)
            continue
        under = model.new_int_var(0, c.requirement, f"under_{c.day}_{c.shift_id}")
        over = model.new_int_var(0, len(staff), f"over_{c.day}_{c.shift_id}")
        model.add(on_duty + under - over == c.requirement)
        built.objective_terms += [(c.under_weight, under, False), (c.over_weight, over, False)]


def _requests(rota: RotaDefinition, built: RotaModel) -> None:
    x = built.shifts
    for r in rota.on_requests:
        built.objective_terms.append((r.weight, x[r.employee, r.day, r.shift_id], True))
    for r in rota.off_requests:
        built.objective_terms.append((r.weight, x[r.employee, r.day, r.shift_id], False))


def _order_identical(rota: RotaDefinition, built: RotaModel) -> None:
    """Symmetry breaking: of two interchangeable people, the first is used first."""
    free = {x.employee for x in rota.exclusions} | {e for e, d in rota.days_off.items() if d}
    free |= {r.employee for r in (*rota.on_requests, *rota.off_requests)}
    for before, after in zip(rota.staff, rota.staff[1:], strict=False):
        same = replace(before, employee=after.employee) == after
        if same and not {before.employee, after.employee} & free:
            built.model.add(built.used[before.employee] >= built.used[after.employee])


def _capacity_cuts(rota: RotaDefinition, built: RotaModel) -> None:
    """Implied by hard cover: the people used must have the minutes and the shifts of each
    type that the cover needs (tightens the bound on the number of people)."""
    model, used = built.model, built.used
    need = sum(c.requirement * rota.shift(c.shift_id).minutes for c in rota.cover)
    model.add(sum(m.max_minutes * used[m.employee] for m in rota.staff) >= need)
    for s in rota.shift_ids:
        wanted = sum(c.requirement for c in rota.cover if c.shift_id == s)
        capacity = [min(m.max_shifts_of(s, rota.horizon), rota.horizon) for m in rota.staff]
        model.add(
            sum(c * used[m.employee] for c, m in zip(capacity, rota.staff, strict=True)) >= wanted
        )


class _Progress(cp_model.CpSolverSolutionCallback):
    """Reports each improving answer (objective and bound) as it is found."""

    def __init__(self, started: float, hook: Callable[[Progress], None] | None) -> None:
        super().__init__()
        self.started, self.hook = started, hook
        self.progress: list[Progress] = []

    def on_solution_callback(self) -> None:
        point = Progress(
            time.perf_counter() - self.started,
            round(self.objective_value),
            math.ceil(self.best_objective_bound - 1e-6),
        )
        self.progress.append(point)
        if self.hook:
            self.hook(point)


@dataclass(frozen=True)
class Outcome:
    """What CP-SAT found: the best roster (None if none), its bound, who was used."""

    optimal: bool
    infeasible: bool
    roster: Roster | None
    bound: int | None
    used: tuple[str, ...] = ()
    progress: tuple[Progress, ...] = ()


def run_model(
    built: RotaModel,
    time_limit: float,
    num_workers: int,
    random_seed: int = 0,
    on_progress: Callable[[Progress], None] | None = None,
    hint: Roster | None = None,
    fixed: Collection[Key] = (),
    below: int | None = None,
) -> Outcome:
    """Solve within the time limit; the best answer found is kept whatever the status.
    `hint` suggests a roster; the person-day-shift keys in `fixed` keep its value; with
    `below`, only a roster of lower objective counts and the first one found is returned."""
    if below is not None:
        built.model.add(built.objective() <= below - 1)
    if hint is not None:
        chosen = {(a.employee, a.day, a.shift_id) for a in hint.assignments}
        for key, var in built.shifts.items():
            built.model.add_hint(var, key in chosen)
        for key in fixed:
            built.model.add(built.shifts[key] == (key in chosen))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = num_workers
    solver.parameters.random_seed = random_seed
    solver.parameters.stop_after_first_solution = below is not None
    watcher = _Progress(time.perf_counter(), on_progress)
    status = solver.solve(built.model, watcher)
    progress = tuple(watcher.progress)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Outcome(False, status == cp_model.INFEASIBLE, None, None, (), progress)
    roster = built.roster(solver.boolean_value)
    used = tuple(e for e, var in built.used.items() if solver.boolean_value(var))
    bound = math.ceil(solver.best_objective_bound - 1e-6)
    return Outcome(status == cp_model.OPTIMAL, False, roster, bound, used, progress)
