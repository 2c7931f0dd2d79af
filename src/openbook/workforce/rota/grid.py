"""A roster as a grid of people by days, for the rota page and its workbook: each cell the
shifts worked (with their sites), each day the cover short per shift (the gaps), and a
sentence per person and per gap (the text alternative to the colours)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openbook.kernel.table_writer import Cell, Sheet, render_xlsx
from openbook.workforce.rota.model import Roster, RotaDefinition
from openbook.workforce.rota.solve import RotaResult

NETWORK_SITE = "NET"


@dataclass(frozen=True)
class GridCell:
    shift_ids: tuple[str, ...]
    sites: tuple[str, ...]  # the site of each shift; NET for a network shift

    @property
    def text(self) -> str:
        return "/".join(self.shift_ids)


@dataclass(frozen=True)
class Gap:
    day: int
    shift_id: str
    short: int


@dataclass(frozen=True)
class Grid:
    name: str
    days: tuple[tuple[int, date | None], ...]
    rows: tuple[tuple[str, str, tuple[GridCell, ...]], ...]  # employee, home site, cells
    gaps: tuple[Gap, ...]
    sites: tuple[str, ...]

    def gaps_on(self, day: int) -> list[Gap]:
        return [g for g in self.gaps if g.day == day]

    def day_label(self, day: int) -> str:
        on = self.days[day][1]
        return f"day {day}" if on is None else f"{on:%a %d %b}"


def _site(rota: RotaDefinition, shift_id: str) -> str:
    return rota.shift(shift_id).site or NETWORK_SITE


def build_grid(rota: RotaDefinition, roster: Roster) -> Grid:
    worked = roster.by_employee()
    rows = []
    for member in rota.staff:
        days = worked.get(member.employee, {})
        cells = tuple(
            GridCell(tuple(days.get(d, [])), tuple(_site(rota, s) for s in days.get(d, [])))
            for d in range(rota.horizon)
        )
        rows.append((member.employee, member.home_site or "", cells))
    on_duty: dict[tuple[int, str], int] = {}
    for a in roster.assignments:
        on_duty[(a.day, a.shift_id)] = on_duty.get((a.day, a.shift_id), 0) + 1
    gaps = tuple(
        Gap(c.day, c.shift_id, c.requirement - on_duty.get((c.day, c.shift_id), 0))
        for c in sorted(rota.cover, key=lambda c: (c.day, c.shift_id))
        if c.requirement > on_duty.get((c.day, c.shift_id), 0)
    )
    sites = tuple(sorted({_site(rota, s.shift_id) for s in rota.shift_types}))
    calendar = tuple((d, rota.date_of(d)) for d in range(rota.horizon))
    return Grid(rota.name, calendar, tuple(rows), gaps, sites)


def describe_person(grid: Grid, row: tuple[str, str, tuple[GridCell, ...]]) -> str:
    employee, _home, cells = row
    worked = [f"{grid.day_label(d)} {c.text}" for d, c in enumerate(cells) if c.shift_ids]
    return f"{employee}: {len(worked)} shifts" + (f": {', '.join(worked)}" if worked else "")


def describe_gaps(grid: Grid) -> list[str]:
    return [f"{grid.day_label(g.day)}: {g.shift_id} short by {g.short}" for g in grid.gaps]


def _iso(on: date | None) -> str:
    return on.isoformat() if on else ""


def rota_workbook(rota: RotaDefinition, result: RotaResult) -> bytes:
    """The roster as XLSX: the grid, every assignment with its date, the gaps and the figures."""
    assert result.roster is not None
    grid = build_grid(rota, result.roster)
    header = ["employee", "home site", *[grid.day_label(d) for d, _ in grid.days]]
    rows: list[list[Cell]] = [[e, home, *[c.text for c in cells]] for e, home, cells in grid.rows]
    assignments: list[list[Cell]] = [
        [a.employee, a.day, _iso(rota.date_of(a.day)), a.shift_id, _site(rota, a.shift_id)]
        for a in result.roster.assignments
    ]
    gaps: list[list[Cell]] = [
        [g.day, _iso(rota.date_of(g.day)), g.shift_id, g.short] for g in grid.gaps
    ]
    summary: list[list[Cell]] = [
        [k, str(v)] for k, v in result.as_dict().items() if k != "assignments"
    ]
    return render_xlsx([
        Sheet("Roster", header, rows),
        Sheet("Assignments", ["employee", "day", "date", "shift", "site"], assignments),
        Sheet("Gaps", ["day", "date", "shift", "short"], gaps),
        Sheet("Summary", ["figure", "value"], summary),
    ])  # fmt: skip
