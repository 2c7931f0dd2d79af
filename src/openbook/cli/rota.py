"""`openbook rota`: solve, check and compare rotas (the Curtois & Qu text format, or a rota
across sites in YAML staffed from a passport register)."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from openbook.cli.output import (
    EXIT_BAD_DATA,
    console,
    error_console,
    fail,
    handled_errors,
    print_json,
    print_table,
    report_issues,
)
from openbook.kernel.error import InvalidDataError

if TYPE_CHECKING:
    from openbook.kernel.table_writer import Cell
    from openbook.workforce.rota.compare import Arrangement
    from openbook.workforce.rota.model import Roster, RotaDefinition
    from openbook.workforce.rota.progress import Progress
    from openbook.workforce.rota.solve import RotaResult


class RotaFormat(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


def register(root: typer.Typer) -> None:
    group = typer.Typer(
        help="Rotas: solve, check, compare separate and shared.", no_args_is_help=True
    )
    group.command("solve")(rota_solve)
    group.command("check")(rota_check)
    group.command("compare")(rota_compare)
    root.add_typer(group, name="rota")


RotaArg = Annotated[
    Path,
    typer.Argument(help="A Curtois & Qu .txt file, or a rota across sites (.yaml); "
                   "'stroke' or 'cardiology' for the shipped Dorset rotas."),
]  # fmt: skip
RegisterOpt = Annotated[
    Path | None,
    typer.Option("--register", help="Passport register (YAML) for a .yaml rota; default Dorset's."),
]
TimeLimitOpt = Annotated[float, typer.Option("--time-limit", help="Seconds for the solver.")]
WorkersOpt = Annotated[int, typer.Option("--workers", help="CP-SAT worker threads.")]


def load_rota(file: Path, register_file: Path | None) -> RotaDefinition:
    """The rota from a text file, a YAML specification or a shipped Dorset name."""
    from openbook.workforce.dorset import ROTAS, data_path, load_dorset_register
    from openbook.workforce.file.curtois import load_curtois
    from openbook.workforce.file.register import load_register
    from openbook.workforce.file.rota_spec import load_rota_spec
    from openbook.workforce.rota.shared import build_rota

    if str(file) in ROTAS:
        file = data_path(ROTAS[str(file)])
    if file.suffix.lower() not in (".yaml", ".yml"):
        rota, issues = load_curtois(file)
        if rota is None:
            raise InvalidDataError(f"{file.name} is not a valid rota", issues)
        return rota
    spec, issues = load_rota_spec(file)
    if register_file is None:
        people = load_dorset_register()
    else:
        people, more = load_register(register_file)  # type: ignore[assignment]
        issues += more
    if spec is None or people is None:
        raise InvalidDataError(f"{file.name} is not a valid rota", issues)
    return build_rota(spec, people)


def _grid(rota: RotaDefinition, roster: Roster) -> tuple[list[str], list[list[Cell]]]:
    table = roster.by_employee()
    header = ["employee", *[str(d) for d in range(rota.horizon)]]
    rows: list[list[Cell]] = [
        [e, *["/".join(table.get(e, {}).get(d, [])) or "." for d in range(rota.horizon)]]
        for e in rota.employees
    ]
    return header, rows


def _write_xlsx(rota: RotaDefinition, result: RotaResult, target: Path) -> None:
    from openbook.kernel.table_writer import render_xlsx

    assert result.roster is not None
    header, rows = _grid(rota, result.roster)
    assignments: list[list[Cell]] = [
        [a.employee, a.day, a.shift_id] for a in result.roster.assignments
    ]
    summary: list[list[Cell]] = [
        [k, str(v)] for k, v in result.as_dict().items() if k != "assignments"
    ]
    target.write_bytes(
        render_xlsx([
            ("Roster", header, rows),
            ("Assignments", ["employee", "day", "shift"], assignments),
            ("Summary", ["figure", "value"], summary),
        ])
    )  # fmt: skip


def _write_ics(rota: RotaDefinition, roster: Roster, folder: Path, start: date | None) -> None:
    from openbook.workforce.rota.calendar import render_ics

    first = rota.start_date or start
    if first is None:
        fail("this rota has no dates", hint="give --start DATE (day 0, a Monday)")
    folder.mkdir(parents=True, exist_ok=True)
    for employee in sorted({a.employee for a in roster.assignments}):
        (folder / f"{employee}.ics").write_text(render_ics(rota, roster, employee, first))
    error_console.print(f"iCalendar files written to {folder}/")


def _print_roster(rota: RotaDefinition, roster: Roster) -> None:
    """A people x days grid when the shift names are short; otherwise one line per person."""
    from rich.table import Table

    console.print(f"[bold]{rota.name}[/]: roster, days from 0", highlight=False)
    if max((len(s) for s in rota.shift_ids), default=0) > 2:
        for employee, days in sorted(roster.by_employee().items()):
            worked = ", ".join(f"{d}:{'/'.join(s)}" for d, s in sorted(days.items()))
            console.print(f"{employee}  {worked}", highlight=False)
        return
    header, rows = _grid(rota, roster)
    table = Table(box=None, padding=(0, 1), pad_edge=False)
    for name in header:
        table.add_column(name, justify="center" if name != "employee" else "left")
    for row in rows:
        table.add_row(*[str(cell) for cell in row])
    console.print(table)


def _print_result(rota: RotaDefinition, result: RotaResult) -> None:
    from openbook.workforce.rota.shared import describe_exclusions

    if result.roster is None or result.breakdown is None:
        return
    _print_roster(rota, result.roster)
    b = result.breakdown
    console.print(
        f"objective {result.objective} (bound {result.bound}, {result.status.label}) in "
        f"{result.seconds:.1f} s: cover short {b.shortfall} ({b.under_cover}), over "
        f"{b.excess} ({b.over_cover}); requests unmet {b.unmet_requests} "
        f"({b.on_requests + b.off_requests})"
    )
    for line in describe_exclusions(rota):
        console.print(f"excluded: {line}", highlight=False)


def rota_solve(
    file: RotaArg,
    time_limit: TimeLimitOpt = 60.0,
    output_format: Annotated[RotaFormat, typer.Option("--format", "-f")] = RotaFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE.")] = None,
    workers: WorkersOpt = 2,
    register_file: RegisterOpt = None,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="Also write DIR/<person>.ics for everyone.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="Date of day 0 for --ics (a .txt has none).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress on stderr.")] = False,
) -> None:
    """Solve a rota with CP-SAT: progress on stderr, the best roster found in the time limit,
    the bound, and an independent check of every hard rule before anything is printed."""
    from openbook.workforce.rota.solve import solve

    with handled_errors():
        rota = load_rota(file, register_file)
    first = _parse_date(start) if start else None

    def show(p: Progress) -> None:
        if not quiet:
            error_console.print(f"{p.seconds:7.1f} s  objective {p.objective}  bound {p.bound}")

    result = solve(rota, time_limit=time_limit, num_workers=workers, on_progress=show)
    if result.roster is None:
        for v in result.violations:
            error_console.print(f"broken: {v}", highlight=False)
        fail(result.status.label, EXIT_BAD_DATA)
    if output_format is RotaFormat.xlsx:
        if output is None:
            fail("--format xlsx needs --output FILE.xlsx")
        _write_xlsx(rota, result, output)
    elif output_format is RotaFormat.json:
        text = json.dumps(result.as_dict(), indent=2) + "\n"
        output.write_text(text) if output else print_json(result.as_dict())
    else:
        _print_result(rota, result)
    if ics is not None:
        _write_ics(rota, result.roster, ics, first)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"'{text}' is not a date like 2018-04-02")


def rota_check(
    file: RotaArg,
    roster_file: Annotated[Path, typer.Argument(help="A roster as JSON (a solve's output).")],
    register_file: RegisterOpt = None,
) -> None:
    """Check a roster against every hard rule of the rota and recompute its objective;
    exit 1 if any rule is broken."""
    from openbook.workforce.file.roster import load_roster
    from openbook.workforce.rota.check import calculate_objective, check_roster

    with handled_errors():
        rota = load_rota(file, register_file)
        roster, issues = load_roster(roster_file)
        if roster is None:
            raise InvalidDataError(f"{roster_file.name} is not a valid roster", issues)
    violations = check_roster(rota, roster)
    b = calculate_objective(rota, roster)
    if violations:
        error_console.print(f"[bold red]{len(violations)} hard rule(s) broken.[/]")
        for v in violations:
            error_console.print(f"{v.rule.label}: {v}", highlight=False)
        raise typer.Exit(EXIT_BAD_DATA)
    console.print(
        f"valid: objective {b.total} = unmet on-requests {b.on_requests} + met off-requests "
        f"{b.off_requests} + cover short {b.under_cover} + cover over {b.over_cover}"
    )


class CompareFormat(StrEnum):
    table = "table"
    json = "json"


def rota_compare(
    file: Annotated[
        Path, typer.Argument(help="A rota across sites (.yaml), or 'stroke' / 'cardiology'.")
    ],
    register_file: RegisterOpt = None,
    time_limit: TimeLimitOpt = 20.0,
    workers: WorkersOpt = 2,
    output_format: Annotated[CompareFormat, typer.Option("--format", "-f")] = CompareFormat.table,
) -> None:
    """Three separate site rotas against one shared rota for the same service: staff needed,
    cover short, requests unmet, weekends per person."""
    from openbook.workforce.dorset import ROTAS, data_path, load_dorset_register
    from openbook.workforce.file.register import load_register
    from openbook.workforce.file.rota_spec import load_rota_spec
    from openbook.workforce.rota.compare import compare_rotas

    path = data_path(ROTAS[str(file)]) if str(file) in ROTAS else file
    spec, issues = load_rota_spec(path)
    people, more = load_register(register_file) if register_file else (load_dorset_register(), [])
    if spec is None or people is None:
        report_issues([*issues, *more])
        raise typer.Exit(EXIT_BAD_DATA)
    comparison = compare_rotas(spec, people, time_limit=time_limit, num_workers=workers)
    if output_format is CompareFormat.json:
        print_json(comparison.as_dict())
        return
    rows = [_comparison_row(a) for a in (comparison.separate, comparison.shared)]
    header = ["arrangement", "staff on rota", "staff needed", "cover short", "requests unmet",
              "objective", "weekends max / mean"]  # fmt: skip
    print_table(spec.name, header, rows)


def _comparison_row(a: Arrangement) -> list[str]:
    weekends = a.weekends
    mean = sum(weekends.values()) / max(len(weekends), 1)
    needed = "-" if a.staff_needed is None else str(a.staff_needed)
    return [
        a.name,
        str(a.staff_on_rota),
        needed + ("" if a.staff_needed_proven else " (not proven)"),
        str(a.shortfall),
        str(a.unmet_requests),
        str(a.objective),
        f"{max(weekends.values(), default=0)} / {mean:.1f}",
    ]
