"""A rota definition and a roster: what must be covered, by whom, under which limits.

The vocabulary is that of the Curtois & Qu shift-scheduling benchmark (the open standard for
the problem), extended with sites and passport exclusions so that one rota can span the
three acute hospitals. Days are numbered from 0; day 0 is `start_date` (a Monday when absent).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta

SATURDAY, SUNDAY = 5, 6


@dataclass(frozen=True)
class ShiftType:
    """A kind of shift: `cannot_follow` lists the shifts that may not be worked the next day."""

    shift_id: str
    minutes: int
    cannot_follow: frozenset[str] = frozenset()
    site: str | None = None
    service: str | None = None
    start: time = time(8, 0)
    label: str = ""


@dataclass(frozen=True)
class StaffMember:
    """One person on the rota and their hard limits over the horizon."""

    employee: str
    max_shifts: Mapping[str, int]
    max_minutes: int
    min_minutes: int
    max_consecutive_shifts: int
    min_consecutive_shifts: int
    min_consecutive_days_off: int
    max_weekends: int
    org_code: str | None = None
    home_site: str | None = None

    def max_shifts_of(self, shift_id: str, horizon: int) -> int:
        return self.max_shifts.get(shift_id, horizon)


@dataclass(frozen=True)
class CoverRequirement:
    """How many people a shift needs on a day; weights per person short and per person over."""

    day: int
    shift_id: str
    requirement: int
    under_weight: int
    over_weight: int


@dataclass(frozen=True)
class ShiftRequest:
    """A wish to work (`on`) or not to work (`off`) a shift on a day, with its weight."""

    employee: str
    day: int
    shift_id: str
    weight: int


@dataclass(frozen=True)
class Exclusion:
    """A person who may not work a shift on a day, and why (from the passport)."""

    employee: str
    day: int
    shift_id: str
    reason: str


@dataclass(frozen=True)
class RotaDefinition:
    name: str
    horizon: int
    shift_types: tuple[ShiftType, ...]
    staff: tuple[StaffMember, ...]
    days_off: Mapping[str, frozenset[int]] = field(default_factory=dict)
    on_requests: tuple[ShiftRequest, ...] = ()
    off_requests: tuple[ShiftRequest, ...] = ()
    cover: tuple[CoverRequirement, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    start_date: date | None = None

    def shift(self, shift_id: str) -> ShiftType:
        return next(s for s in self.shift_types if s.shift_id == shift_id)

    @property
    def shift_ids(self) -> tuple[str, ...]:
        return tuple(s.shift_id for s in self.shift_types)

    @property
    def employees(self) -> tuple[str, ...]:
        return tuple(m.employee for m in self.staff)

    @property
    def sites(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.site for s in self.shift_types if s.site))

    def weekends(self) -> list[tuple[int, ...]]:
        """The weekend days of the horizon, grouped by weekend (a partial one counts)."""
        offset = self.start_date.weekday() if self.start_date else 0
        groups: dict[int, list[int]] = {}
        for day in range(self.horizon):
            if (offset + day) % 7 in (SATURDAY, SUNDAY):
                groups.setdefault((offset + day - SATURDAY) // 7, []).append(day)
        return [tuple(days) for _, days in sorted(groups.items())]

    def date_of(self, day: int) -> date | None:
        return None if self.start_date is None else self.start_date + timedelta(days=day)


@dataclass(frozen=True, order=True)
class Assignment:
    employee: str
    day: int
    shift_id: str


@dataclass(frozen=True)
class Roster:
    """Who works which shift on which day; everything else is a day off."""

    assignments: tuple[Assignment, ...]

    @classmethod
    def of(cls, assignments: Iterable[Assignment]) -> Roster:
        return cls(tuple(sorted(assignments)))

    def by_employee(self) -> dict[str, dict[int, list[str]]]:
        table: dict[str, dict[int, list[str]]] = {}
        for a in self.assignments:
            table.setdefault(a.employee, {}).setdefault(a.day, []).append(a.shift_id)
        return table

    def __add__(self, other: Roster) -> Roster:
        return Roster.of((*self.assignments, *other.assignments))

    def without(self, employees: Iterable[str]) -> Roster:
        gone = set(employees)
        return Roster(tuple(a for a in self.assignments if a.employee not in gone))
