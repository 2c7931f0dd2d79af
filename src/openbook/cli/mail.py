"""`openbook mail`: the email outbox. Writes only queue notifications; these commands send
them (once, or as a worker that keeps going), show what is pending, sent and dead, and put
dead letters back in the outbox."""

from __future__ import annotations

import signal
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from openbook.cli.common import database, operator
from openbook.cli.output import (
    OutputFormat,
    console,
    fail,
    handled_errors,
    print_json,
    print_table,
)
from openbook.config import Settings

if TYPE_CHECKING:
    from openbook.governance.outbox import OutboxPass, OutboxPolicy

mail_app = typer.Typer(help="The email outbox: send, watch and retry.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(mail_app, name="mail")


def policy_of(settings: Settings) -> OutboxPolicy:
    from openbook.compose import outbox_policy

    with handled_errors():
        return outbox_policy(settings)


def _smtp_settings() -> Settings:
    try:
        settings = Settings.from_env()
    except ValueError as error:
        fail(str(error))
    if not settings.smtp_url:
        fail("OPENBOOK_SMTP_URL is not set", hint="e.g. smtp://localhost:25?from=openbook@nhs.net")
    return settings


def send_once() -> OutboxPass:
    """One pass of the outbox with the configured server (also `notifications send`)."""
    from openbook.governance.outbox import send_outbox

    settings = _smtp_settings()
    with handled_errors():
        return send_outbox(database(settings), settings.smtp_url, policy_of(settings))


@mail_app.command("send-outbox")
def mail_send_outbox() -> None:
    """Email every notification due now, once; exit 1 if any failed (they are retried
    later, or are dead letters)."""
    done = send_once()
    console.print(
        f"Sent {done.sent} email(s); {done.failed} failed and will be retried; "
        f"{done.dead} became dead letters."
    )
    if done.failed or done.dead:
        raise typer.Exit(1)


@mail_app.command("worker")
def mail_worker(
    poll: Annotated[
        float, typer.Option("--poll", help="Seconds between looks at the outbox.", min=0.1)
    ] = 5.0,
) -> None:
    """Keep sending the outbox until stopped (Ctrl-C or SIGTERM). Run as many as you like:
    each notification is sent by one of them."""
    from openbook.governance.outbox import MailSender

    settings = _smtp_settings()
    with handled_errors():
        sender = MailSender(
            database(settings), settings.smtp_url, policy_of(settings), poll_seconds=poll
        )
    signal.signal(signal.SIGTERM, lambda *_: sender.stop(wait_seconds=0))
    console.print(f"Sending the outbox through {settings.smtp_url.split('@')[-1]}; Ctrl-C stops.")
    try:
        sender.run()
    except KeyboardInterrupt:
        sender.stop(wait_seconds=0)
    console.print("Stopped.")


@mail_app.command("status")
def mail_status(
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """How many notifications are pending, sent and dead letters, and the last error of
    each dead or retried one (administrators)."""
    from openbook.governance.outbox import get_outbox_status

    db = database()
    with handled_errors():
        status = get_outbox_status(db, operator(db))
    entries = [
        {
            "id": e.id,
            "state": e.state,
            "to": e.email,
            "subject": e.subject,
            "attempts": e.attempts,
            "next_attempt_at": None if e.next_attempt_at is None else e.next_attempt_at.isoformat(),
            "last_error": e.last_error,
        }
        for e in status.troubled
    ]
    if output_format is OutputFormat.json:
        counts = {
            "pending": status.pending,
            "sent": status.sent,
            "dead": status.dead,
            "in_app_only": status.in_app_only,
        }
        print_json({**counts, "troubled": entries})
        return
    console.print(
        f"Outbox: {status.pending} pending, {status.sent} sent, {status.dead} dead letter(s), "
        f"{status.in_app_only} in-app only."
    )
    if entries:
        print_table(
            "Dead letters and retries",
            ["id", "state", "to", "attempts", "last error", "subject"],
            [
                [
                    str(e.id),
                    e.state,
                    escape(e.email),
                    str(e.attempts),
                    escape(e.last_error or ""),
                    escape(e.subject),
                ]
                for e in status.troubled
            ],
            right_from=99,
        )


@mail_app.command("retry")
def mail_retry(
    ids: Annotated[list[int] | None, typer.Argument(help="Dead letters' ids (see status).")] = None,
    all_dead: Annotated[bool, typer.Option("--all", help="Every dead letter.")] = False,
) -> None:
    """Put dead letters back in the outbox, their attempts reset (administrators)."""
    from openbook.governance.outbox import retry_dead_letters

    if not ids and not all_dead:
        fail("name the dead letters to retry, or --all", hint="openbook mail status lists them")
    db = database()
    with handled_errors():
        retried = retry_dead_letters(db, operator(db), None if all_dead else list(ids or []))
    console.print(f"Put {len(retried)} dead letter(s) back in the outbox.")
