"""Three separate site rotas against one shared rota, for the same cover: the pooling the
Dorset acute collaboration argues for, measured.

For each arrangement: the fewest staff who could meet all the cover, and, with everyone on
the rota, the cover short, the requests not met and the weekends each person works.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from openbook.workforce.model.passport import Register
from openbook.workforce.rota.check import count_weekends
from openbook.workforce.rota.model import RotaDefinition, StaffMember
from openbook.workforce.rota.shared import RotaSpec, build_rota, rota_staff
from openbook.workforce.rota.solve import (
    RotaResult,
    SolveStatus,
    StaffingResult,
    solve,
    solve_staffing,
)


@dataclass(frozen=True)
class Arrangement:
    """One way of organising the rota: one or several rotas solved separately, summed."""

    name: str
    rotas: tuple[RotaDefinition, ...]
    results: tuple[RotaResult, ...]
    staff_needed: int | None
    staff_needed_proven: bool

    @property
    def staff_on_rota(self) -> int:
        return sum(len(r.staff) for r in self.rotas)

    @property
    def solved(self) -> bool:
        return all(r.roster is not None for r in self.results)

    def _total(self, attribute: str) -> int:
        return sum(getattr(r.breakdown, attribute) for r in self.results if r.breakdown)

    @property
    def objective(self) -> int:
        return sum(r.objective or 0 for r in self.results)

    @property
    def shortfall(self) -> int:
        return self._total("shortfall")

    @property
    def unmet_requests(self) -> int:
        return self._total("unmet_requests")

    @property
    def weekends(self) -> dict[str, int]:
        table: dict[str, int] = {}
        for rota, result in zip(self.rotas, self.results, strict=True):
            if result.roster is not None:
                table.update(count_weekends(rota, result.roster))
        return table

    def as_dict(self) -> dict[str, object]:
        weekends = self.weekends
        return {
            "arrangement": self.name,
            "staff_on_rota": self.staff_on_rota,
            "staff_needed": self.staff_needed,
            "staff_needed_proven": self.staff_needed_proven,
            "objective": self.objective,
            "cover_shortfall": self.shortfall,
            "unmet_requests": self.unmet_requests,
            "max_weekends_per_person": max(weekends.values(), default=0),
            "weekends_per_person": weekends,
            "proven_optimal": all(r.proven_optimal for r in self.results),
        }


@dataclass(frozen=True)
class Comparison:
    separate: Arrangement
    shared: Arrangement

    def as_dict(self) -> dict[str, object]:
        return {"separate": self.separate.as_dict(), "shared": self.shared.as_dict()}


def hypothetical_staff(rota: RotaDefinition, template: StaffMember) -> RotaDefinition:
    """The rota's cover with interchangeable, fully eligible people under the same limits, as
    many as could possibly be needed: the question is how many the cover needs, not who."""
    longest = max((s.minutes for s in rota.shift_types), default=1)
    shortest = min((s.minutes for s in rota.shift_types), default=1)
    need = sum(c.requirement for c in rota.cover) * longest
    per_person = max(template.max_minutes, shortest)
    count = 2 * math.ceil(need / per_person) + len(rota.sites) + 2
    staff = tuple(
        replace(template, employee=f"X{i:02d}", org_code=None, home_site=None)
        for i in range(1, count + 1)
    )
    return replace(rota, staff=staff, days_off={}, on_requests=(), off_requests=(), exclusions=())


def _arrangement(
    name: str, rotas: tuple[RotaDefinition, ...], time_limit: float, num_workers: int
) -> Arrangement:
    results = tuple(solve(r, time_limit, num_workers) for r in rotas)
    staffing = [
        solve_staffing(hypothetical_staff(r, r.staff[0]), time_limit, num_workers)
        if r.staff
        else StaffingResult(SolveStatus.INFEASIBLE, None, None)
        for r in rotas
    ]
    needed = [s.staff_needed for s in staffing]
    total = None if any(n is None for n in needed) else sum(n for n in needed if n is not None)
    proven = all(s.status is SolveStatus.OPTIMAL for s in staffing)
    return Arrangement(name, rotas, results, total, proven)


def compare_rotas(
    spec: RotaSpec, register: Register, time_limit: float = 10.0, num_workers: int = 2
) -> Comparison:
    """Each site's own staff on its own shifts, against everyone on one rota of all sites."""
    separate = tuple(
        build_rota(spec, register, sites=(site,), staff=rota_staff(spec, register, (site,)))
        for site in spec.sites
    )
    shared = (build_rota(spec, register),)
    return Comparison(
        _arrangement("three separate site rotas", separate, time_limit, num_workers),
        _arrangement("one shared rota", shared, time_limit, num_workers),
    )
