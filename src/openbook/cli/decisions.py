"""`openbook decisions` and `openbook notifications`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from openbook.cli.common import database, signed_in
from openbook.cli.governance import SystemOption, deliver, parse_day
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
from openbook.governance.model.governance import Agreement

decisions_app = typer.Typer(help="The decisions log of joint decisions.", no_args_is_help=True)
notifications_app = typer.Typer(help="In-app and email notifications.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(decisions_app, name="decisions")
    root.add_typer(notifications_app, name="notifications")


@decisions_app.command("list")
def decisions_list(
    system: SystemOption,
    body: Annotated[str | None, typer.Option(help="Only this body, e.g. ofrg.")] = None,
    search: Annotated[str | None, typer.Option(help="Words in the title or decision.")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Export to FILE.csv or FILE.xlsx.")
    ] = None,
) -> None:
    """The decisions log, searchable and exportable."""
    from openbook.governance.decisions import (
        DECISION_HEADER,
        decision_rows,
        list_decisions,
        render_decisions,
    )

    with handled_errors():
        found = list_decisions(database(), system.upper(), body_code=body, text=search)
    if output is not None:
        if output.suffix.lower() not in (".csv", ".xlsx"):
            fail("export to a .csv or .xlsx file")
        output.write_bytes(render_decisions(found, output.suffix.lower()))
        console.print(f"Wrote {len(found)} decision(s) to {output}.")
        return
    rows = decision_rows(found)
    if output_format is OutputFormat.json:
        print_json([dict(zip(DECISION_HEADER, row, strict=True)) for row in rows])
    elif output_format is OutputFormat.csv:
        print_csv(DECISION_HEADER, rows)
    else:
        shown = [[str(row[i]) for i in (0, 1, 2, 3, 8)] for row in rows]
        print_table(
            f"{system.upper()} decisions",
            ["ref", "body", "meeting", "title", "agreed by"],
            shown,
            right_from=99,
        )


def _agreements(values: list[str], day: str) -> list[Agreement]:
    agreements = []
    for value in values:
        org, _, user = value.partition("=")
        if not org or not user:
            fail(f"--agreed {value!r}: expected ORG=username, e.g. RD3=rd3.approver")
        agreements.append(Agreement(org.strip().upper(), user.strip(), parse_day(day, "--date")))
    return agreements


@decisions_app.command("record")
def decisions_record(
    system: SystemOption,
    body: Annotated[str, typer.Option(help="The body that decided, e.g. ofrg.")],
    meeting_date: Annotated[str, typer.Option("--date", help="The meeting, e.g. 2018-04-20.")],
    title: Annotated[str, typer.Option(help="The decision in a line.")],
    decided: Annotated[str, typer.Option(help="What was decided, in full.")],
    option: Annotated[
        list[str] | None, typer.Option("--option", help="An option considered (repeatable).")
    ] = None,
    proposal: Annotated[
        list[str] | None,
        typer.Option(
            "--proposal",
            help="A proposal it approves (repeatable); its affected "
            "organisations' approvals are recorded as their agreement.",
        ),
    ] = None,
    resolves: Annotated[
        list[str] | None, typer.Option("--resolves", help="An escalation it resolves.")
    ] = None,
    agreed: Annotated[
        list[str] | None, typer.Option("--agreed", help="ORG=username who agreed (repeatable).")
    ] = None,
) -> None:
    """Record a body's decision at a meeting, with who agreed."""
    from openbook.governance.decisions import record_decision

    settings = Settings.from_env()
    day = parse_day(meeting_date, "--date")
    db = database(settings)
    with handled_errors():
        view = record_decision(
            db,
            system.upper(),
            body_code=body,
            meeting_date=day,
            title=title,
            decided=decided,
            by=signed_in(db, settings),
            options=tuple(option or ()),
            proposal_refs=tuple(proposal or ()),
            resolves=tuple(resolves or ()),
            agreements=tuple(_agreements(agreed or [], meeting_date)),
        )
    who = ", ".join(f"{a.org_code} ({a.agreed_by})" for a in view.agreements) or "no one recorded"
    console.print(f"Recorded {view.ref}: {view.title}. Agreed by {who}.")
    deliver(settings)


@notifications_app.command("list")
def notifications_list(
    user: Annotated[str, typer.Option("--user", help="Whose notifications.")],
) -> None:
    """A user's notifications, newest first."""
    from openbook.governance.notifications import list_notifications

    with handled_errors():
        found = list_notifications(database(), user)
    rows = [
        [
            f"{n.created_at:%Y-%m-%d %H:%M}",
            "read" if n.read else "new",
            "sent" if n.emailed else "",
            n.subject,
        ]
        for n in found
    ]
    print_table(f"Notifications for {user}", ["when", "", "email", "subject"], rows, right_from=99)


@notifications_app.command("send")
def notifications_send() -> None:
    """Email every notification due now through OPENBOOK_SMTP_URL (as `openbook mail
    send-outbox`)."""
    from openbook.cli.mail import mail_send_outbox

    mail_send_outbox()
