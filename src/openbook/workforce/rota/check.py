"""The independent checker: every hard rule verified and the objective recomputed from the
roster alone, with no solver code. A roster the checker rejects is never returned as valid.

Boundary conventions are those of the Curtois & Qu benchmark: the days before and after the
horizon are days off for the maximum run of shifts, and the minimum runs (of shifts and of
days off) are not enforced on a run that touches the start or the end of the horizon.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from openbook.workforce.rota.model import Roster, RotaDefinition, StaffMember


class HardRule(StrEnum):
    UNKNOWN = "unknown"
    ONE_A_DAY = "one_a_day"
    DAY_OFF = "day_off"
    ELIGIBILITY = "eligibility"
    CANNOT_FOLLOW = "cannot_follow"
    MAX_SHIFTS = "max_shifts"
    MAX_MINUTES = "max_minutes"
    MIN_MINUTES = "min_minutes"
    MAX_CONSECUTIVE_SHIFTS = "max_consecutive_shifts"
    MIN_CONSECUTIVE_SHIFTS = "min_consecutive_shifts"
    MIN_CONSECUTIVE_DAYS_OFF = "min_consecutive_days_off"
    MAX_WEEKENDS = "max_weekends"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    HardRule.UNKNOWN: "unknown employee, shift or day",
    HardRule.ONE_A_DAY: "at most one shift a day",
    HardRule.DAY_OFF: "pre-assigned day off",
    HardRule.ELIGIBILITY: "passport eligibility",
    HardRule.CANNOT_FOLLOW: "shift rotation (cannot follow)",
    HardRule.MAX_SHIFTS: "maximum shifts of a type",
    HardRule.MAX_MINUTES: "maximum total minutes",
    HardRule.MIN_MINUTES: "minimum total minutes",
    HardRule.MAX_CONSECUTIVE_SHIFTS: "maximum consecutive shifts",
    HardRule.MIN_CONSECUTIVE_SHIFTS: "minimum consecutive shifts",
    HardRule.MIN_CONSECUTIVE_DAYS_OFF: "minimum consecutive days off",
    HardRule.MAX_WEEKENDS: "maximum weekends",
}


@dataclass(frozen=True)
class Violation:
    rule: HardRule
    employee: str
    message: str
    day: int | None = None

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ObjectiveBreakdown:
    """The soft part: each term recomputed from the roster."""

    on_requests: int
    off_requests: int
    under_cover: int
    over_cover: int
    unmet_on_requests: int
    met_off_requests: int
    shortfall: int
    excess: int

    @property
    def total(self) -> int:
        return self.on_requests + self.off_requests + self.under_cover + self.over_cover

    @property
    def unmet_requests(self) -> int:
        return self.unmet_on_requests + self.met_off_requests


def check_roster(rota: RotaDefinition, roster: Roster) -> list[Violation]:
    """Every hard rule broken by the roster, in a stable order; empty when it is valid."""
    violations = list(_unknown(rota, roster))
    worked = _worked_by_day(rota, roster)
    for member in rota.staff:
        days = worked.get(member.employee, {})
        for rule_check in _PER_PERSON:
            violations.extend(rule_check(rota, member, days))
    return violations


def calculate_objective(rota: RotaDefinition, roster: Roster) -> ObjectiveBreakdown:
    """Weights of unmet on-requests and met off-requests, and of cover short and over."""
    done = {(a.employee, a.day, a.shift_id) for a in roster.assignments}
    unmet_on = [r for r in rota.on_requests if (r.employee, r.day, r.shift_id) not in done]
    met_off = [r for r in rota.off_requests if (r.employee, r.day, r.shift_id) in done]
    counts = Counter((a.day, a.shift_id) for a in roster.assignments)
    short = [(max(0, c.requirement - counts[c.day, c.shift_id]), c) for c in rota.cover]
    over = [(max(0, counts[c.day, c.shift_id] - c.requirement), c) for c in rota.cover]
    return ObjectiveBreakdown(
        on_requests=sum(r.weight for r in unmet_on),
        off_requests=sum(r.weight for r in met_off),
        under_cover=sum(n * c.under_weight for n, c in short),
        over_cover=sum(n * c.over_weight for n, c in over),
        unmet_on_requests=len(unmet_on),
        met_off_requests=len(met_off),
        shortfall=sum(n for n, _ in short),
        excess=sum(n for n, _ in over),
    )


Days = dict[int, list[str]]


def _worked_by_day(rota: RotaDefinition, roster: Roster) -> dict[str, Days]:
    known = set(rota.shift_ids)
    table: dict[str, Days] = {}
    for a in roster.assignments:
        if a.shift_id in known and 0 <= a.day < rota.horizon:
            table.setdefault(a.employee, {}).setdefault(a.day, []).append(a.shift_id)
    return table


def _unknown(rota: RotaDefinition, roster: Roster) -> Iterator[Violation]:
    employees, shifts = set(rota.employees), set(rota.shift_ids)
    for a in roster.assignments:
        where = f"{a.employee} on day {a.day}"
        if a.employee not in employees:
            yield Violation(HardRule.UNKNOWN, a.employee, f"{where}: unknown employee", a.day)
        if a.shift_id not in shifts:
            yield Violation(
                HardRule.UNKNOWN, a.employee, f"{where}: unknown shift '{a.shift_id}'", a.day
            )
        if not 0 <= a.day < rota.horizon:
            yield Violation(
                HardRule.UNKNOWN,
                a.employee,
                f"{where}: day outside the horizon 0-{rota.horizon - 1}",
                a.day,
            )


def _one_a_day(_: RotaDefinition, member: StaffMember, days: Days) -> Iterator[Violation]:
    for day, shifts in sorted(days.items()):
        if len(shifts) > 1:
            yield Violation(
                HardRule.ONE_A_DAY,
                member.employee,
                f"{member.employee} works {len(shifts)} shifts on day {day} "
                f"({', '.join(shifts)}); at most one a day",
                day,
            )


def _day_off(rota: RotaDefinition, member: StaffMember, days: Days) -> Iterator[Violation]:
    for day in sorted(rota.days_off.get(member.employee, frozenset()) & set(days)):
        yield Violation(
            HardRule.DAY_OFF,
            member.employee,
            f"{member.employee} works {days[day][0]} on day {day}, a day off",
            day,
        )


def _eligibility(rota: RotaDefinition, member: StaffMember, days: Days) -> Iterator[Violation]:
    for x in rota.exclusions:
        if x.employee == member.employee and x.shift_id in days.get(x.day, []):
            yield Violation(
                HardRule.ELIGIBILITY,
                member.employee,
                f"{member.employee} works {x.shift_id} on day {x.day} but is not eligible: "
                f"{x.reason}",
                x.day,
            )


def _cannot_follow(rota: RotaDefinition, member: StaffMember, days: Days) -> Iterator[Violation]:
    for day in sorted(days):
        for before in days[day]:
            for after in days.get(day + 1, []):
                if after in rota.shift(before).cannot_follow:
                    yield Violation(
                        HardRule.CANNOT_FOLLOW,
                        member.employee,
                        f"{member.employee} works {after} on day {day + 1} after {before} "
                        f"on day {day}; {after} cannot follow {before}",
                        day + 1,
                    )


def _max_shifts(rota: RotaDefinition, member: StaffMember, days: Days) -> Iterator[Violation]:
    counts = Counter(s for shifts in days.values() for s in shifts)
    for shift_id in rota.shift_ids:
        limit = member.max_shifts_of(shift_id, rota.horizon)
        if counts[shift_id] > limit:
            yield Violation(
                HardRule.MAX_SHIFTS,
                member.employee,
                f"{member.employee} works {counts[shift_id]} {shift_id} shifts; at most {limit}",
            )


def _minutes(rota: RotaDefinition, member: StaffMember, days: Days) -> Iterator[Violation]:
    minutes = sum(rota.shift(s).minutes for shifts in days.values() for s in shifts)
    who = member.employee
    if minutes > member.max_minutes:
        yield Violation(
            HardRule.MAX_MINUTES,
            who,
            f"{who} works {minutes} minutes; at most {member.max_minutes}",
        )
    if minutes < member.min_minutes:
        yield Violation(
            HardRule.MIN_MINUTES,
            who,
            f"{who} works {minutes} minutes; at least {member.min_minutes}",
        )


def runs(horizon: int, worked: set[int]) -> list[tuple[bool, int, int]]:
    """Maximal runs of the horizon as (working, first day, length)."""
    found: list[tuple[bool, int, int]] = []
    for day in range(horizon):
        working = day in worked
        if found and found[-1][0] == working:
            kind, first, length = found[-1]
            found[-1] = (kind, first, length + 1)
        else:
            found.append((working, day, 1))
    return found


def _consecutive(rota: RotaDefinition, member: StaffMember, days: Days) -> Iterator[Violation]:
    who, horizon = member.employee, rota.horizon
    for working, first, length in runs(horizon, set(days)):
        inner = first > 0 and first + length < horizon
        plural = "day" if length == 1 else "days"
        if working and length > member.max_consecutive_shifts:
            yield Violation(
                HardRule.MAX_CONSECUTIVE_SHIFTS,
                who,
                f"{who} works {length} days in a row from day {first}; "
                f"at most {member.max_consecutive_shifts}",
                first,
            )
        if working and inner and length < member.min_consecutive_shifts:
            yield Violation(
                HardRule.MIN_CONSECUTIVE_SHIFTS,
                who,
                f"{who} works {length} {plural} in a row from day {first}; "
                f"at least {member.min_consecutive_shifts}",
                first,
            )
        if not working and inner and length < member.min_consecutive_days_off:
            yield Violation(
                HardRule.MIN_CONSECUTIVE_DAYS_OFF,
                who,
                f"{who} has {length} {plural} off in a row from day {first}; "
                f"at least {member.min_consecutive_days_off}",
                first,
            )


def _weekends(rota: RotaDefinition, member: StaffMember, days: Days) -> Iterator[Violation]:
    worked = sum(1 for weekend in rota.weekends() if any(d in days for d in weekend))
    if worked > member.max_weekends:
        yield Violation(
            HardRule.MAX_WEEKENDS,
            member.employee,
            f"{member.employee} works {worked} weekend{'' if worked == 1 else 's'}; "
            f"at most {member.max_weekends}",
        )


def count_weekends(rota: RotaDefinition, roster: Roster) -> dict[str, int]:
    """Weekends worked by each person on the rota (0 for those who work none)."""
    table = roster.by_employee()
    return {
        e: sum(1 for w in rota.weekends() if any(d in table.get(e, {}) for d in w))
        for e in rota.employees
    }


_PER_PERSON = (
    _one_a_day,
    _day_off,
    _eligibility,
    _cannot_follow,
    _max_shifts,
    _minutes,
    _consecutive,
    _weekends,
)
