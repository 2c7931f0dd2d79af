"""The Curtois & Qu shift-scheduling text format ("Instances 1-24"), read directly.

Sections SECTION_HORIZON, SECTION_SHIFTS, SECTION_STAFF, SECTION_DAYS_OFF,
SECTION_SHIFT_ON_REQUESTS, SECTION_SHIFT_OFF_REQUESTS, SECTION_COVER; `#` starts a comment.
A shift type missing from a person's MaxShifts is unlimited (the horizon).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openbook.kernel.error import DataIssue
from openbook.workforce.rota.model import (
    CoverRequirement,
    RotaDefinition,
    ShiftRequest,
    ShiftType,
    StaffMember,
)

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)
REQUIRED = ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF")
STAFF_FIELDS = (
    "ID",
    "MaxShifts",
    "MaxTotalMinutes",
    "MinTotalMinutes",
    "MaxConsecutiveShifts",
    "MinConsecutiveShifts",
    "MinConsecutiveDaysOff",
    "MaxWeekends",
)
REQUEST_FIELDS = ("EmployeeID", "Day", "ShiftID", "Weight")
COVER_FIELDS = ("Day", "ShiftID", "Requirement", "Weight for under", "Weight for over")

Line = tuple[int, list[str]]


@dataclass
class _Reader:
    source: str
    issues: list[DataIssue] = field(default_factory=list)

    def report(
        self, line: int, message: str, column: str | None = None, hint: str | None = None
    ) -> None:
        self.issues.append(DataIssue(self.source, message, line, column, hint=hint))

    def integer(self, line: int, column: str, text: str, minimum: int = 0) -> int | None:
        try:
            value = int(text)
        except ValueError:
            self.report(line, f"'{column}' is '{text}'; expected a whole number", column)
            return None
        if value < minimum:
            self.report(line, f"'{column}' is {value}; expected at least {minimum}", column)
            return None
        return value

    def fields(self, line: int, parts: list[str], names: tuple[str, ...]) -> bool:
        if len(parts) != len(names):
            self.report(
                line,
                f"{len(parts)} field(s); expected {len(names)}: {', '.join(names)}",
            )
            return False
        return True


def _split_sections(text: str, reader: _Reader) -> dict[str, list[Line]]:
    sections: dict[str, list[Line]] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                reader.report(number, f"unknown section '{line}'", hint=", ".join(SECTIONS))
                current = None
                continue
            if line in sections:
                reader.report(number, f"section '{line}' appears twice")
            current = line
            sections.setdefault(line, [])
            continue
        if current is None:
            reader.report(number, f"'{line}' is outside any known section")
            continue
        sections[current].append((number, [p.strip() for p in line.split(",")]))
    for name in REQUIRED:
        if name not in sections:
            reader.report(1, f"section '{name}' is missing")
    return sections


def _horizon(lines: list[Line], reader: _Reader) -> int | None:
    if len(lines) != 1 or len(lines[0][1]) != 1:
        reader.report(lines[0][0] if lines else 1, "SECTION_HORIZON must hold one number")
        return None
    number, parts = lines[0]
    return reader.integer(number, "horizon", parts[0], minimum=1)


def _shifts(lines: list[Line], reader: _Reader, seen: set[str]) -> list[tuple[int, ShiftType]]:
    """The shift types; `seen` collects every id named, valid or not (no cascading errors)."""
    found: list[tuple[int, ShiftType]] = []
    for number, given in lines:
        parts = [*given, ""] if len(given) == 2 else given
        if not reader.fields(number, parts, ("ShiftID", "Length in mins", "cannot follow")):
            continue
        shift_id, length, follow = parts
        if shift_id in seen:
            reader.report(number, f"shift '{shift_id}' is defined twice", "ShiftID")
            continue
        seen.add(shift_id)
        minutes = reader.integer(number, "Length in mins", length, minimum=1)
        if minutes is not None:
            blocked = frozenset(s.strip() for s in follow.split("|") if s.strip())
            found.append((number, ShiftType(shift_id, minutes, blocked)))
    return found


def _max_shifts(number: int, text: str, reader: _Reader) -> dict[str, int] | None:
    limits: dict[str, int] = {}
    for item in (i for i in text.split("|") if i):
        shift_id, equals, value = item.partition("=")
        count = reader.integer(number, "MaxShifts", value) if equals else None
        if not equals:
            reader.report(number, f"'MaxShifts' item '{item}' is not like D=14", "MaxShifts")
        if count is None:
            return None
        limits[shift_id.strip()] = count
    return limits


def _staff(lines: list[Line], reader: _Reader, seen: set[str]) -> list[tuple[int, StaffMember]]:
    found: list[tuple[int, StaffMember]] = []
    for number, parts in lines:
        if not reader.fields(number, parts, STAFF_FIELDS):
            continue
        if parts[0] in seen:
            reader.report(number, f"employee '{parts[0]}' is listed twice", "ID")
            continue
        seen.add(parts[0])
        limits = _max_shifts(number, parts[1], reader)
        values = [
            reader.integer(number, n, v) for n, v in zip(STAFF_FIELDS[2:], parts[2:], strict=True)
        ]
        if limits is None or any(v is None for v in values):
            continue
        n = [v for v in values if v is not None]
        member = StaffMember(parts[0], limits, n[0], n[1], n[2], n[3], n[4], n[5])
        found.append((number, member))
    return found


@dataclass
class _Context:
    reader: _Reader
    horizon: int | None
    shifts: set[str]
    staff: set[str]

    def day(self, number: int, text: str, column: str = "Day") -> int | None:
        value = self.reader.integer(number, column, text)
        if value is not None and self.horizon is not None and value >= self.horizon:
            self.reader.report(
                number, f"'{column}' is {value}; expected 0-{self.horizon - 1}", column
            )
            return None
        return value

    def known(self, number: int, kind: str, value: str, known: set[str], column: str) -> bool:
        if value not in known:
            self.reader.report(
                number, f"{kind} '{value}' is not defined", column, hint=", ".join(sorted(known))
            )
            return False
        return True


def _days_off(lines: list[Line], ctx: _Context) -> dict[str, frozenset[int]]:
    found: dict[str, set[int]] = {}
    for number, parts in lines:
        if not ctx.known(number, "employee", parts[0], ctx.staff, "EmployeeID"):
            continue
        days = [ctx.day(number, p, "DayIndexes") for p in parts[1:] if p]
        found.setdefault(parts[0], set()).update(d for d in days if d is not None)
    return {e: frozenset(d) for e, d in found.items()}


def _requests(lines: list[Line], ctx: _Context) -> list[ShiftRequest]:
    found: list[ShiftRequest] = []
    for number, parts in lines:
        if not ctx.reader.fields(number, parts, REQUEST_FIELDS):
            continue
        employee, day_text, shift_id, weight_text = parts
        ok = ctx.known(number, "employee", employee, ctx.staff, "EmployeeID")
        ok = ctx.known(number, "shift", shift_id, ctx.shifts, "ShiftID") and ok
        day = ctx.day(number, day_text)
        weight = ctx.reader.integer(number, "Weight", weight_text)
        if ok and day is not None and weight is not None:
            found.append(ShiftRequest(employee, day, shift_id, weight))
    return found


def _cover(lines: list[Line], ctx: _Context) -> list[CoverRequirement]:
    found: list[CoverRequirement] = []
    seen: set[tuple[int, str]] = set()
    for number, parts in lines:
        if not ctx.reader.fields(number, parts, COVER_FIELDS):
            continue
        ok = ctx.known(number, "shift", parts[1], ctx.shifts, "ShiftID")
        day = ctx.day(number, parts[0])
        values = [
            ctx.reader.integer(number, n, v)
            for n, v in zip(COVER_FIELDS[2:], parts[2:], strict=True)
        ]
        if not ok or day is None or any(v is None for v in values):
            continue
        if (day, parts[1]) in seen:
            ctx.reader.report(number, f"cover for day {day} shift {parts[1]} is given twice")
            continue
        seen.add((day, parts[1]))
        need, under, over = (v for v in values if v is not None)
        found.append(CoverRequirement(day, parts[1], need, under, over))
    return found


def _check_shift_references(
    shifts: list[tuple[int, ShiftType]], known: set[str], reader: _Reader
) -> None:
    for number, shift in shifts:
        for other in sorted(shift.cannot_follow - known):
            reader.report(number, f"shift '{other}' (cannot follow) is not defined", "ShiftID")


def _check_staff_references(
    staff: list[tuple[int, StaffMember]], shifts: set[str], reader: _Reader
) -> None:
    for number, member in staff:
        for shift_id in sorted(set(member.max_shifts) - shifts):
            reader.report(number, f"shift '{shift_id}' (MaxShifts) is not defined", "MaxShifts")


def parse_curtois(text: str, source: str, name: str | None = None) -> tuple[
    RotaDefinition | None, list[DataIssue]
]:  # fmt: skip
    """A rota from the text format; None unless the whole file is valid."""
    reader = _Reader(source)
    sections = _split_sections(text, reader)
    horizon = (
        _horizon(sections["SECTION_HORIZON"], reader) if "SECTION_HORIZON" in sections else None
    )
    shift_ids: set[str] = set()
    employees: set[str] = set()
    shifts = _shifts(sections.get("SECTION_SHIFTS", []), reader, shift_ids)
    staff = _staff(sections.get("SECTION_STAFF", []), reader, employees)
    _check_shift_references(shifts, shift_ids, reader)
    _check_staff_references(staff, shift_ids, reader)
    ctx = _Context(reader, horizon, shift_ids, employees)
    get: Callable[[str], list[Line]] = lambda key: sections.get(key, [])  # noqa: E731
    days_off = _days_off(get("SECTION_DAYS_OFF"), ctx)
    on_requests = _requests(get("SECTION_SHIFT_ON_REQUESTS"), ctx)
    off_requests = _requests(get("SECTION_SHIFT_OFF_REQUESTS"), ctx)
    cover = _cover(get("SECTION_COVER"), ctx)
    if reader.issues or horizon is None:
        return None, reader.issues
    rota = RotaDefinition(
        name=name or Path(source).stem,
        horizon=horizon,
        shift_types=tuple(s for _, s in shifts),
        staff=tuple(m for _, m in staff),
        days_off=days_off,
        on_requests=tuple(on_requests),
        off_requests=tuple(off_requests),
        cover=tuple(cover),
    )
    return rota, []


def load_curtois(path: Path) -> tuple[RotaDefinition | None, list[DataIssue]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [DataIssue(path.name, f"cannot read the file: {error}")]
    return parse_curtois(text, path.name)


def render_curtois(rota: RotaDefinition) -> str:
    """The rota in the text format (sites, services and exclusions are not part of it)."""
    lines = ["SECTION_HORIZON", str(rota.horizon), "", "SECTION_SHIFTS"]
    lines += [
        f"{s.shift_id},{s.minutes},{'|'.join(sorted(s.cannot_follow))}" for s in rota.shift_types
    ]
    lines += ["", "SECTION_STAFF"]
    for m in rota.staff:
        limits = "|".join(f"{k}={v}" for k, v in m.max_shifts.items())
        numbers = (
            m.max_minutes,
            m.min_minutes,
            m.max_consecutive_shifts,
            m.min_consecutive_shifts,
            m.min_consecutive_days_off,
            m.max_weekends,
        )
        lines.append(",".join([m.employee, limits, *map(str, numbers)]))
    lines += ["", "SECTION_DAYS_OFF"]
    lines += [f"{e},{','.join(map(str, sorted(d)))}" for e, d in rota.days_off.items() if d]
    for title, requests in (("ON", rota.on_requests), ("OFF", rota.off_requests)):
        lines += ["", f"SECTION_SHIFT_{title}_REQUESTS"]
        lines += [f"{r.employee},{r.day},{r.shift_id},{r.weight}" for r in requests]
    lines += ["", "SECTION_COVER"]
    lines += [
        f"{c.day},{c.shift_id},{c.requirement},{c.under_weight},{c.over_weight}" for c in rota.cover
    ]
    return "\n".join(lines) + "\n"
