"""A rota across sites built from the passport: one shift type per site and shift, the
cover per site, and every person's exclusions (with the reason) computed day by day.

The same specification gives "three separate site rotas" (each site's own staff on its own
shifts) or "one shared rota" (everyone on every site, wherever the passport allows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from openbook.workforce.model.passport import Register, check_eligibility
from openbook.workforce.rota.model import (
    CoverRequirement,
    Exclusion,
    RotaDefinition,
    ShiftRequest,
    ShiftType,
    StaffMember,
)


@dataclass(frozen=True)
class ShiftPattern:
    """A shift worked at every site: `D` becomes `DCH-D`, `PGH-D`, ..."""

    code: str
    label: str
    start: time
    minutes: int
    weekday_cover: int
    weekend_cover: int
    under_weight: int
    over_weight: int
    not_followed_by: tuple[str, ...] = ()
    network: bool = False


@dataclass(frozen=True)
class Limits:
    max_shifts: dict[str, int]
    max_minutes: int
    min_minutes: int
    max_consecutive_shifts: int
    min_consecutive_shifts: int
    min_consecutive_days_off: int
    max_weekends: int


@dataclass(frozen=True)
class PersonalRequest:
    """`off`: not to work that day (any site); `on`: to work that shift at the home site."""

    person_id: str
    on: date
    kind: str
    weight: int
    code: str | None = None


@dataclass(frozen=True)
class RotaSpec:
    name: str
    service: str
    role: str
    start_date: date
    days: int
    sites: tuple[str, ...]
    shifts: tuple[ShiftPattern, ...]
    limits: Limits
    leave: tuple[tuple[str, date], ...] = ()
    requests: tuple[PersonalRequest, ...] = ()
    synthetic: bool = False


NETWORK = "NET"


def shift_id(site: str | None, code: str) -> str:
    return f"{site or NETWORK}-{code}"


def _places(pattern: ShiftPattern, sites: Sequence[str]) -> list[str | None]:
    """Where a pattern is worked: each site, or one network shift for all of a shared rota."""
    if pattern.network and len(sites) > 1:
        return [None]
    return list(sites)


def _shift_types(spec: RotaSpec, sites: Sequence[str]) -> tuple[ShiftType, ...]:
    ids = {p.code: [shift_id(s, p.code) for s in _places(p, sites)] for p in spec.shifts}
    return tuple(
        ShiftType(
            shift_id(site, p.code),
            p.minutes,
            frozenset(i for after in p.not_followed_by for i in ids.get(after, [])),
            site=site,
            service=spec.service,
            start=p.start,
            label=p.label if site else f"{p.label} (network, all sites)",
        )
        for p in spec.shifts
        for site in _places(p, sites)
    )


def _cover(spec: RotaSpec, sites: Sequence[str]) -> tuple[CoverRequirement, ...]:
    found = []
    for day in range(spec.days):
        weekend = (spec.start_date + timedelta(days=day)).weekday() >= 5
        for p in spec.shifts:
            need = p.weekend_cover if weekend else p.weekday_cover
            found += [
                CoverRequirement(day, shift_id(s, p.code), need, p.under_weight, p.over_weight)
                for s in _places(p, sites)
            ]
    return tuple(found)


def _member(
    spec: RotaSpec, register: Register, person_id: str, sites: Sequence[str]
) -> StaffMember:
    person = register.person(person_id)
    limits = spec.limits
    home = next((s.site for s in register.sites if person and s.org_code == person.org_code), None)
    return StaffMember(
        person_id,
        {
            shift_id(s, p.code): limits.max_shifts[p.code]
            for p in spec.shifts
            if p.code in limits.max_shifts
            for s in _places(p, sites)
        },
        limits.max_minutes,
        limits.min_minutes,
        limits.max_consecutive_shifts,
        limits.min_consecutive_shifts,
        limits.min_consecutive_days_off,
        limits.max_weekends,
        org_code=person.org_code if person else None,
        home_site=home,
    )


def _reasons(
    spec: RotaSpec, register: Register, person_id: str, sites: Sequence[str], on: date
) -> list[str]:
    """Why the person may not work at these sites on the day (a network shift needs all)."""
    reasons = []
    for site in sites:
        place = register.place(site, spec.service)
        if place is None:
            reasons.append(f"site '{site}' is not in the register")
            continue
        verdict = check_eligibility(register, person_id, place, on)
        prefix = f"{site}: " if len(sites) > 1 else ""
        reasons += [prefix + r for r in verdict.reasons]
    return reasons


def _exclusions(
    spec: RotaSpec, register: Register, staff: Sequence[str], shifts: Sequence[ShiftType],
    sites: Sequence[str],
) -> tuple[Exclusion, ...]:  # fmt: skip
    found = []
    for person_id in staff:
        for shift in shifts:
            where = [shift.site] if shift.site else list(sites)
            for day in range(spec.days):
                on = spec.start_date + timedelta(days=day)
                reasons = _reasons(spec, register, person_id, where, on)
                if reasons:
                    found.append(Exclusion(person_id, day, shift.shift_id, "; ".join(reasons)))
    return tuple(found)


def _requests(
    spec: RotaSpec,
    staff: Sequence[str],
    members: dict[str, StaffMember],
    shifts: Sequence[ShiftType],
) -> tuple[tuple[ShiftRequest, ...], tuple[ShiftRequest, ...]]:
    on_requests, off_requests = [], []
    for r in spec.requests:
        day = (r.on - spec.start_date).days
        if r.person_id not in staff or not 0 <= day < spec.days:
            continue
        if r.kind == "off":
            off_requests += [ShiftRequest(r.person_id, day, s.shift_id, r.weight) for s in shifts]
        elif r.code and members[r.person_id].home_site:
            home = shift_id(members[r.person_id].home_site or "", r.code)
            if any(s.shift_id == home for s in shifts):
                on_requests.append(ShiftRequest(r.person_id, day, home, r.weight))
    return tuple(on_requests), tuple(off_requests)


def build_rota(
    spec: RotaSpec, register: Register, sites: Sequence[str] | None = None,
    staff: Sequence[str] | None = None,
) -> RotaDefinition:  # fmt: skip
    """The rota for `sites` (default all) staffed by `staff` (default everyone of the role)."""
    chosen_sites = tuple(sites or spec.sites)
    people = tuple(staff) if staff is not None else rota_staff(spec, register)
    shifts = _shift_types(spec, chosen_sites)
    members = {p: _member(spec, register, p, chosen_sites) for p in people}
    on_requests, off_requests = _requests(spec, people, members, shifts)
    days_off: dict[str, set[int]] = {}
    for person_id, on in spec.leave:
        if person_id in members and 0 <= (on - spec.start_date).days < spec.days:
            days_off.setdefault(person_id, set()).add((on - spec.start_date).days)
    return RotaDefinition(
        name=spec.name,
        horizon=spec.days,
        shift_types=shifts,
        staff=tuple(members[p] for p in people),
        days_off={p: frozenset(d) for p, d in days_off.items()},
        on_requests=on_requests,
        off_requests=off_requests,
        cover=_cover(spec, chosen_sites),
        exclusions=_exclusions(spec, register, people, shifts, chosen_sites),
        start_date=spec.start_date,
    )


def rota_staff(
    spec: RotaSpec, register: Register, sites: Sequence[str] | None = None
) -> tuple[str, ...]:
    """Everyone of the rota's role employed by an organisation of the sites."""
    orgs = {s.org_code for s in register.sites if s.site in (sites or spec.sites)}
    return tuple(p.person_id for p in register.people if p.role == spec.role and p.org_code in orgs)


def describe_exclusions(rota: RotaDefinition) -> list[str]:
    """One line per person and reason: which shifts, which days, why."""
    grouped: dict[tuple[str, str], tuple[set[int], set[str]]] = {}
    for x in rota.exclusions:
        days, shifts = grouped.setdefault((x.employee, x.reason), (set(), set()))
        days.add(x.day)
        shifts.add(x.shift_id)
    lines = []
    for (employee, reason), (days, shifts) in sorted(grouped.items()):
        first, last = min(days), max(days)
        when = f"day {first}" if first == last else f"days {first}-{last}"
        if rota.start_date:
            when += f" ({rota.date_of(first)} to {rota.date_of(last)})"
        lines.append(f"{employee} kept off {', '.join(sorted(shifts))} on {when}: {reason}")
    return lines


def without_requests(rota: RotaDefinition) -> RotaDefinition:
    return replace(rota, on_requests=(), off_requests=())
