"""The foundation commands: init, demo, template, check, submit, history, position, audit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from openbook.cli.output import (
    EXIT_BAD_DATA,
    OutputFormat,
    console,
    error_console,
    fail,
    handled_errors,
    print_csv,
    print_json,
    print_table,
)
from openbook.config import Settings
from openbook.kernel.database import Database
from openbook.kernel.money import format_thousands
from openbook.kernel.period import FinancialYear, month_label, parse_month

YearOption = Annotated[str, typer.Option("--year", "-y", help="Financial year, e.g. 2017/18.")]
MonthOption = Annotated[
    str, typer.Option("--month", "-m", help="Month: 1-12 or M1-M12 (M1 is April).")
]


def database(settings: Settings | None = None) -> Database:
    settings = settings or Settings.from_env()
    with handled_errors():
        from openbook.compose import open_store

        return open_store(settings.database_url)


def parse_period(year: str, month: str) -> tuple[FinancialYear, int]:
    try:
        return FinancialYear.parse(year), parse_month(month)
    except ValueError as error:
        fail(str(error))


def register(root: typer.Typer) -> None:
    root.command("init")(init)
    root.command("demo")(demo)
    root.command("template")(template)
    root.command("check")(check)
    root.command("submit")(submit)
    root.command("history")(history)
    root.command("position")(position)
    audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
    audit_app.command("verify")(audit_verify)
    audit_app.command("list")(audit_list)
    root.add_typer(audit_app, name="audit")
    period_app = typer.Typer(help="Open and closed months.", no_args_is_help=True)
    period_app.command("close")(period_close)
    root.add_typer(period_app, name="period")


def init() -> None:
    """Create the store, or bring it to the current schema (Alembic migrations)."""
    from openbook.kernel.database import initialise_store

    settings = Settings.from_env()
    with handled_errors():
        db = Database.from_url(settings.database_url)
        before, after = initialise_store(db)
    if before == after:
        console.print(f"Store is up to date (schema {after}).")
    else:
        console.print(f"Store migrated from {before or 'empty'} to {after}.")


def demo() -> None:
    """Build the Dorset demonstration system (2017/18 and 2018/19, synthetic finances,
    real NHS England A&E activity)."""
    from openbook.demo.build import build_demo

    db = database()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=error_console,
        transient=True,
    ) as progress:
        task = progress.add_task("Building the Dorset demonstration system", total=None)

        def say(message: str) -> None:
            progress.update(task, description=f"Building Dorset: {message}")

        built = build_demo(db, say)
    if built:
        from openbook.governance.escalations import list_escalation_views

        open_now = list_escalation_views(db, "QVV", status="open")
        console.print(
            "Built the Dorset demonstration system (QVV): 2017/18 and 2018/19. "
            "Finances and non-A&E activity are synthetic; A&E activity is real NHS England "
            f"data. Five governance bodies; the escalation rules leave {len(open_now)} "
            "escalations open (openbook escalations list --system QVV)."
        )
    else:
        console.print("The Dorset demonstration system is already built; nothing to do.")


def template(
    org: Annotated[str, typer.Option("--org", help="ODS code of the organisation, e.g. RBD.")],
    year: YearOption,
    month: MonthOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write: .csv or .xlsx.")],
) -> None:
    """Write a blank monthly finance return, pre-filled with the lines and agreed plan."""
    from openbook.finance.template import write_template

    financial_year, month_number = parse_period(year, month)
    db = database()
    with handled_errors():
        count = write_template(db, org.upper(), financial_year, month_number, output)
    console.print(
        f"Wrote {output} ({count} lines) for {org.upper()} {financial_year.label} "
        f"{month_label(month_number)}."
    )


def check(file: Annotated[Path, typer.Argument(help="A return, .csv or .xlsx.")]) -> None:
    """Validate a return without storing it. Exit 1 and every problem if it is not valid."""
    from openbook.finance.submit import check_return_file

    db = database()
    with handled_errors():
        parsed = check_return_file(db, file)
    console.print(
        f"{file.name} is a valid return for {parsed.org_code} "
        f"{parsed.financial_year.label} {month_label(parsed.month)} "
        f"({len(parsed.lines)} lines, {len(parsed.risks)} risks and mitigations)."
    )


def submit(file: Annotated[Path, typer.Argument(help="A return, .csv or .xlsx.")]) -> None:
    """Validate and store a return as a new version; nothing is stored unless it is valid."""
    from openbook.finance.submit import submit_return_file

    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        result = submit_return_file(db, file, settings.actor)
    r, v = result.finance_return, result.version
    label = f"{r.org_code} {r.financial_year.label} {month_label(r.month)}"
    if result.created:
        console.print(f"Stored {label} as version {v.version}.")
    else:
        console.print(f"{label} is identical to version {v.version}; nothing new was stored.")


def history(
    org: Annotated[str, typer.Option("--org", help="ODS code, e.g. RBD.")],
    year: YearOption,
    month: MonthOption,
    version: Annotated[
        int | None, typer.Option(help="With --output: this version (default the latest).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write a version as a return file, .csv or .xlsx."),
    ] = None,
) -> None:
    """Every version of an organisation's return for a month; earlier versions stay."""
    from openbook.finance.model.account import CONTROL_TOTAL_LINE
    from openbook.finance.submit import export_return, list_history

    financial_year, month_number = parse_period(year, month)
    db = database()
    if output is not None:
        with handled_errors():
            data, chosen = export_return(
                db, org.upper(), financial_year, month_number, output.suffix.lower(), version
            )
        output.write_bytes(data)
        console.print(f"Wrote version {chosen.version} to {output}.")
        return
    versions = list_history(db, org.upper(), financial_year, month_number)
    if not versions:
        fail(f"no returns for {org.upper()} {financial_year.label} {month_label(month_number)}")
    rows = [
        [
            str(v.version),
            v.submitted_at.strftime("%Y-%m-%d %H:%M"),
            v.submitted_by,
            v.source_name,
            format_thousands(r.amount(CONTROL_TOTAL_LINE, "actual_ytd")),
            format_thousands(r.amount(CONTROL_TOTAL_LINE, "forecast_outturn")),
            v.content_hash[:12],
        ]
        for v, r in versions
    ]
    title = f"{org.upper()} {financial_year.label} {month_label(month_number)}"
    print_table(
        f"{title}: return versions (£000)",
        ["version", "submitted", "by", "file", "YTD actual", "forecast", "hash"],
        rows,
        right_from=4,
    )


def position(
    system: Annotated[str, typer.Option("--system", help="System code, e.g. QVV.")],
    year: YearOption,
    month: MonthOption,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Also write the table to a .csv or .xlsx file."),
    ] = None,
) -> None:
    """Each organisation's and the system's position against control total."""
    from openbook.cli.position_view import render_position
    from openbook.finance.position_report import get_system_position, render_position_file

    financial_year, month_number = parse_period(year, month)
    with handled_errors():
        report = get_system_position(database(), system.upper(), financial_year, month_number)
        if output is not None:
            output.write_bytes(render_position_file(report, output.suffix.lower()))
    render_position(report, output_format)
    if output is not None:
        error_console.print(f"Wrote {output}.")


def audit_verify() -> None:
    """Check the audit log's hash chain; exit 1 if any row was changed or deleted."""
    from openbook.kernel.audit_log import verify_audit_log

    count, problems = verify_audit_log(database())
    if problems:
        for problem in problems:
            where = "end of log" if problem.sequence is None else f"event {problem.sequence}"
            error_console.print(f"{where}: {problem.message}", highlight=False)
        error_console.print(
            f"[bold red]Audit log is NOT intact: {len(problems)} problem(s) in {count} events.[/]"
        )
        raise typer.Exit(EXIT_BAD_DATA)
    console.print(f"Audit log intact: {count} events, hash chain verified.")


def audit_list(
    limit: Annotated[int, typer.Option(help="How many of the latest events.")] = 20,
    entity: Annotated[str | None, typer.Option(help="Only events about this entity id.")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """The latest audit events: who, when, what and why."""
    from openbook.kernel.audit_log import list_audit_events

    events = list_audit_events(database(), limit, entity)
    header = ["sequence", "occurred_at", "actor", "action", "entity_id", "reason"]
    rows = [
        [
            str(e.sequence),
            e.occurred_at.isoformat(timespec="seconds"),
            e.actor,
            e.action,
            e.entity_id,
            e.reason or "",
        ]
        for e in events
    ]
    if output_format is OutputFormat.json:
        print_json([dict(zip(header, row, strict=True)) for row in rows])
    elif output_format is OutputFormat.csv:
        print_csv(header, rows)
    else:
        print_table("Audit log (latest first)", header, rows, right_from=99)


def period_close(
    system: Annotated[str, typer.Option("--system", help="System code, e.g. QVV.")],
    year: YearOption,
    month: MonthOption,
) -> None:
    """Close a month for a system: no more returns can be submitted for it."""
    from openbook.finance.period_close import close_period

    financial_year, month_number = parse_period(year, month)
    settings = Settings.from_env()
    with handled_errors():
        closed = close_period(
            database(settings), system.upper(), financial_year, month_number, settings.actor
        )
    label = f"{system.upper()} {financial_year.label} {month_label(month_number)}"
    console.print(f"Closed {label}." if closed else f"{label} was already closed.")
