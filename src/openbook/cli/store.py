"""The store itself: create or migrate it, build the demonstration system, check the audit
log."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from openbook.cli.common import database
from openbook.cli.output import (
    EXIT_BAD_DATA,
    OutputFormat,
    console,
    error_console,
    handled_errors,
    print_csv,
    print_json,
    print_table,
)
from openbook.config import Settings


def register(root: typer.Typer) -> None:
    root.command("init")(init)
    root.command("demo")(demo)
    audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
    audit_app.command("verify")(audit_verify)
    audit_app.command("list")(audit_list)
    root.add_typer(audit_app, name="audit")


def init() -> None:
    """Create the store, or bring it to the current schema (Alembic migrations)."""
    from openbook.compose import from_url
    from openbook.kernel.database import initialise_store

    settings = Settings.from_env()
    with handled_errors():
        db = from_url(settings.database_url)
        before, after = initialise_store(db)
    from openbook.cli.output import store_label

    if before == after:
        console.print(f"Store is up to date (schema {after}): {store_label()}.")
    else:
        console.print(f"Store migrated from {before or 'empty'} to {after}: {store_label()}.")


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
        from openbook.governance.escalation_view import list_escalation_views

        open_now = list_escalation_views(db, "QVV", status="open")
        console.print(
            "Built the Dorset demonstration system (QVV): 2017/18 and 2018/19. "
            "Finances and non-A&E activity are synthetic; A&E activity is real NHS England "
            f"data. Five governance bodies; the escalation rules leave {len(open_now)} "
            "escalations open (openbook escalations list --system QVV)."
        )
    else:
        console.print("The Dorset demonstration system is already built; nothing to do.")
    _print_dorset_rotas()


def _print_dorset_rotas() -> None:
    """The workforce cases: each Dorset rota as three site rotas against one shared rota."""
    from openbook.demo.workforce import compare_dorset_rotas

    header = ["arrangement", "staff on rota", "staff needed", "cover short", "requests unmet",
              "weekends max"]  # fmt: skip
    for case in compare_dorset_rotas():
        rows = []
        for a in (case.comparison.separate, case.comparison.shared):
            needed = "-" if a.staff_needed is None else str(a.staff_needed)
            weekends = max(a.weekends.values(), default=0)
            rows.append([a.name, str(a.staff_on_rota), needed, str(a.shortfall),
                         str(a.unmet_requests), str(weekends)])  # fmt: skip
        print_table(case.name, header, rows)
        people = sorted({(p, why) for p, _day, _shift, why in case.exclusions})
        for person, why in people:
            line = f"  {person} kept off some shifts by the passport: {why}"
            console.print(line, highlight=False)


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
    action: Annotated[str | None, typer.Option(help="Only this action, e.g. pack.issued.")] = None,
    actor: Annotated[str | None, typer.Option(help="Only this user's events.")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """The latest audit events: who, when, what, why and what changed (before → after)."""
    from openbook.kernel.audit_diff import change_of
    from openbook.kernel.audit_log import list_audit_events

    events = list_audit_events(database(), limit, entity, action, actor)
    header = ["sequence", "occurred_at", "actor", "action", "entity_id", "reason", "change"]
    rows = [
        [
            str(e.sequence),
            e.occurred_at.isoformat(timespec="seconds"),
            e.actor,
            e.action,
            e.entity_id,
            e.reason or "",
            change_of(e.payload),
        ]
        for e in events
    ]
    if output_format is OutputFormat.json:
        print_json([dict(zip(header, row, strict=True)) for row in rows])
    elif output_format is OutputFormat.csv:
        print_csv(header, rows)
    else:
        print_table("Audit log (latest first)", header, rows, right_from=99)
