"""A shared rota's eligible pool against what it needs: the figure behind the escalation
rule `rota-pool-below-need`.

The need is the fewest interchangeable, fully eligible people who can meet all of the rota's
cover under its limits (`solve_staffing` on hypothetical staff, as in the comparison), so the
pool counted against it is the people of the rota's role whom the passport allows at *every*
site of the rota on the day; someone allowed at some sites only is listed with the reasons.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from openbook.workforce.model.passport import Register, check_eligibility
from openbook.workforce.rota.compare import hypothetical_staff
from openbook.workforce.rota.shared import RotaSpec, build_rota
from openbook.workforce.rota.solve import SolveStatus, solve_staffing


@dataclass(frozen=True)
class DayPool:
    on: date
    eligible: tuple[str, ...]
    kept_off: tuple[tuple[str, str], ...]  # person, why not (every site's reasons)


@dataclass(frozen=True)
class StaffNeed:
    staff_needed: int | None
    proven: bool


def rota_days(spec: RotaSpec, start: date, end: date) -> list[date]:
    """The rota's days between two dates (inclusive)."""
    first = max(start, spec.start_date)
    last = min(end, spec.start_date + timedelta(days=spec.days - 1))
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def calculate_day_pool(spec: RotaSpec, register: Register, on: date) -> DayPool:
    eligible, kept_off = [], []
    for person in register.people:
        if person.role != spec.role:
            continue
        reasons: list[str] = []
        for site in spec.sites:
            place = register.place(site, spec.service)
            if place is None:
                reasons.append(f"{site}: not in the register")
                continue
            reasons += [f"{site}: {r}" for r in check_eligibility(register, person.person_id,
                                                                  place, on).reasons]  # fmt: skip
        if reasons:
            kept_off.append((person.person_id, "; ".join(reasons)))
        else:
            eligible.append(person.person_id)
    return DayPool(on, tuple(eligible), tuple(kept_off))


def smallest_pool(spec: RotaSpec, register: Register, days: Iterable[date]) -> DayPool | None:
    """The day with the fewest fully eligible people (the first such day); None for no days."""
    pools = [calculate_day_pool(spec, register, on) for on in days]
    return min(pools, key=lambda p: (len(p.eligible), p.on), default=None)


def calculate_need(
    spec: RotaSpec, register: Register, time_limit: float = 5.0, num_workers: int = 1
) -> StaffNeed:
    """The fewest interchangeable people who meet all the shared rota's cover."""
    rota = build_rota(spec, register)
    if not rota.staff:
        return StaffNeed(None, proven=False)
    found = solve_staffing(hypothetical_staff(rota, rota.staff[0]), time_limit, num_workers)
    return StaffNeed(found.staff_needed, found.status is SolveStatus.OPTIMAL)
