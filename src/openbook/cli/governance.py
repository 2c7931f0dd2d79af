"""`openbook governance` and `openbook escalations`: bodies, rules and the escalation
lifecycle from the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from openbook.cli.common import YearOption, database, operator, signed_in
from openbook.cli.output import (
    OutputFormat,
    console,
    fail,
    handled_errors,
    print_csv,
    print_json,
    print_table,
)
from openbook.config import Settings
from openbook.kernel.period import FinancialYear, parse_month
from openbook.kernel.rule import Remit

SystemOption = Annotated[str, typer.Option("--system", help="System code, e.g. QVV.")]
governance_app = typer.Typer(help="The system's governance bodies and rules.", no_args_is_help=True)
escalations_app = typer.Typer(
    help="Escalations through the governance bodies.", no_args_is_help=True
)


def register(root: typer.Typer) -> None:
    root.add_typer(governance_app, name="governance")
    root.add_typer(escalations_app, name="escalations")


def deliver(settings: Settings) -> None:
    """Say where the notifications a write made have gone: a write only queues them (it
    never waits for the mail server); a sender emails them."""
    if settings.smtp_url:
        console.print(
            "Notifications are in the outbox: the web server's sender or 'openbook mail "
            "worker' emails them ('openbook mail send-outbox' sends them now)."
        )


def parse_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{option} {text!r} is not a date like 2018-04-20")


def _period(year: str, month: str) -> tuple[FinancialYear, int]:
    try:
        return FinancialYear.parse(year), parse_month(month)
    except ValueError as error:
        fail(str(error))


@governance_app.command("load")
def governance_load(
    file: Annotated[Path, typer.Argument(help="A governance file (YAML), see docs/governance.md.")],
) -> None:
    """Check a governance file whole and store it as the system's next version."""
    from openbook.governance.config import load_governance_file

    db = database()
    with handled_errors():
        version = load_governance_file(db, file, operator(db))
    console.print(f"Stored the bodies and rules of {file.name} as version {version}.")


@governance_app.command("bodies")
def governance_bodies(
    system: SystemOption,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """The bodies, their remits, chairs, members, meetings and escalation path."""
    from openbook.governance.config import get_definition

    with handled_errors():
        definition = get_definition(database(), system.upper())
    header = ["code", "name", "remits", "chair", "members", "escalates_to", "meets"]
    rows = [
        [
            b.code,
            b.name,
            " ".join(b.remits),
            b.chair,
            str(len(b.members)),
            b.escalates_to or "",
            b.meets or "",
        ]
        for b in definition.bodies
    ]
    if output_format is OutputFormat.json:
        print_json(definition.as_document())
    elif output_format is OutputFormat.csv:
        print_csv(header, rows)
    else:
        print_table(f"{definition.system_code} governance bodies", header, rows, right_from=99)


@escalations_app.command("list")
def escalations_list(
    system: SystemOption,
    status: Annotated[str | None, typer.Option(help="open, resolved or cleared.")] = None,
    body: Annotated[str | None, typer.Option(help="Only this body, e.g. ofrg.")] = None,
    year: Annotated[str | None, typer.Option("--year", "-y", help="Financial year.")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Escalations with their body, status and dates."""
    from openbook.governance.escalation_view import list_escalation_views

    with handled_errors():
        views = list_escalation_views(
            database(), system.upper(), status=status, body_code=body, financial_year=year
        )
    header = ["ref", "year", "month", "body", "status", "raised_on", "due_on", "closed_on", "title"]
    rows = [
        [
            v.ref,
            v.financial_year,
            f"M{v.month}",
            v.body_code,
            v.status,
            v.raised_on.isoformat(),
            v.due_on.isoformat(),
            v.closed_on.isoformat() if v.closed_on else "",
            v.title,
        ]
        for v in views
    ]
    if output_format is OutputFormat.json:
        print_json([dict(zip(header, row, strict=True)) for row in rows])
    elif output_format is OutputFormat.csv:
        print_csv(header, rows)
    else:
        print_table(f"{system.upper()} escalations", header, rows, right_from=99)


@escalations_app.command("show")
def escalations_show(ref: Annotated[str, typer.Argument(help="E.g. E-QVV-0008.")]) -> None:
    """One escalation: its detail, history and actions."""
    from openbook.governance.escalation_view import get_escalation_view

    with handled_errors():
        v = get_escalation_view(database(), ref)
    console.print(f"[bold]{v.ref}[/] {escape(v.title)}", highlight=False)
    console.print(
        f"{v.status}, with {v.body_code}; raised {v.raised_on} by {v.raised_by}; due {v.due_on}",
        highlight=False,
        markup=False,
    )
    console.print(v.detail, highlight=False, markup=False)
    for event in v.events:
        console.print(
            f"  {event.occurred_on} {event.kind} ({event.body_code}, {event.actor})"
            f"{': ' + event.note if event.note else ''}",
            highlight=False,
            markup=False,
        )
    for action in v.actions:
        console.print(
            f"  action {action.id} [{action.status}] {action.description} "
            f"(owner {action.owner}, due {action.due_on})",
            highlight=False,
            markup=False,
        )


@escalations_app.command("raise")
def escalations_raise(
    system: SystemOption,
    title: Annotated[str, typer.Option(help="What is wrong, in a line.")],
    subject: Annotated[str, typer.Option(help="The organisation concerned (ODS code).")],
    remit: Annotated[Remit, typer.Option(help="Which remit it falls under.")],
    year: YearOption,
    month: Annotated[str, typer.Option("--month", "-m", help="The month it concerns.")],
    detail: Annotated[str, typer.Option(help="The facts behind it.")] = "",
    body: Annotated[str | None, typer.Option(help="A body (default: by remit).")] = None,
) -> None:
    """Raise an escalation by hand; it goes to the body whose remit fits unless named."""
    from openbook.governance.escalations import raise_escalation

    financial_year, month_number = _period(year, month)
    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        v = raise_escalation(
            db,
            system.upper(),
            title=title,
            detail=detail,
            remit=remit,
            subject=subject.upper(),
            year=financial_year,
            month=month_number,
            by=signed_in(db, settings),
            body_code=body,
            per_hour=settings.escalations_per_hour,
        )
    console.print(f"Raised {v.ref} with {v.body_code}, due {v.due_on}.")
    deliver(settings)


@escalations_app.command("evaluate")
def escalations_evaluate(
    system: SystemOption,
    year: YearOption,
    month: Annotated[str, typer.Option("--month", "-m", help="The month's figures to judge.")],
    as_of: Annotated[str | None, typer.Option(help="Date to record (default today).")] = None,
) -> None:
    """Run every escalation rule on a month's figures (idempotent: safe to run again)."""
    from openbook.governance.evaluate import evaluate_escalations

    financial_year, month_number = _period(year, month)
    day = parse_day(as_of, "--as-of") if as_of else None
    with handled_errors():
        result = evaluate_escalations(database(), system.upper(), financial_year, month_number, day)
    console.print(
        f"Raised {len(result.raised)}, reopened {len(result.reopened)}, cleared "
        f"{len(result.cleared)}; {len(result.still_open)} still open."
        + "".join(f"\n  raised {ref}" for ref in result.raised)
        + "".join(f"\n  cleared {ref}" for ref in result.cleared)
    )


@escalations_app.command("action")
def escalations_action(
    ref: Annotated[str, typer.Argument(help="E.g. E-QVV-0008.")],
    description: Annotated[str, typer.Option(help="What is to be done.")],
    owner: Annotated[str, typer.Option(help="Who does it (a username or a name).")],
    due: Annotated[str, typer.Option(help="By when, e.g. 2018-05-18.")],
) -> None:
    """Add an action with an owner and a due date."""
    from openbook.governance.escalations import add_action

    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        v = add_action(
            db, ref, description, owner, parse_day(due, "--due"), signed_in(db, settings)
        )
    console.print(f"{v.ref} now has {len(v.actions)} action(s).")
    deliver(settings)


@escalations_app.command("done")
def escalations_done(
    ref: Annotated[str, typer.Argument(help="E.g. E-QVV-0008.")],
    action: Annotated[int, typer.Option("--action", help="The action's number.")],
    note: Annotated[str, typer.Option(help="What was done.")] = "",
) -> None:
    """Mark an action done."""
    from openbook.governance.escalations import complete_action

    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        complete_action(db, ref, action, note, signed_in(db, settings))
    console.print(f"Action {action} of {ref} is done.")
    deliver(settings)


@escalations_app.command("resolve")
def escalations_resolve(
    ref: Annotated[str, typer.Argument(help="E.g. E-QVV-0008.")],
    note: Annotated[str, typer.Option(help="How it was resolved.")],
) -> None:
    """Close an escalation with a note."""
    from openbook.governance.escalations import resolve

    settings = Settings.from_env()
    db = database(settings)
    with handled_errors():
        v = resolve(db, ref, note, signed_in(db, settings))
    console.print(f"Resolved {v.ref}.")
    deliver(settings)


@escalations_app.command("escalate")
def escalations_escalate(
    ref: Annotated[str | None, typer.Argument(help="E.g. E-QVV-0008.")] = None,
    reason: Annotated[str, typer.Option(help="Why it goes up the path.")] = "",
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Every open escalation past its due date.")
    ] = False,
    system: Annotated[str | None, typer.Option("--system", help="With --overdue.")] = None,
    as_of: Annotated[str | None, typer.Option(help="With --overdue: the date (today).")] = None,
) -> None:
    """Move an escalation up its path by decision, or every overdue one (run daily)."""
    from openbook.governance import escalations

    settings = Settings.from_env()
    db = database(settings)
    if overdue:
        if system is None:
            fail("--overdue needs --system")
        day = parse_day(as_of, "--as-of") if as_of else date.today()  # noqa: DTZ011
        with handled_errors():
            moved = escalations.escalate_overdue(db, system.upper(), day)
        console.print(f"Escalated {len(moved)} overdue: {', '.join(moved) or 'none'}.")
        return
    if ref is None:
        fail("name an escalation, or use --overdue --system QVV")
    with handled_errors():
        v = escalations.escalate(db, ref, reason, signed_in(db, settings))
    console.print(f"Escalated {v.ref} to {v.body_code}, due {v.due_on}.")
    deliver(settings)
