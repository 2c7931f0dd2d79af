"""Email from the web app: each server process runs an outbox sender in a thread of its own
while it serves (when OPENBOOK_SMTP_URL is set and OPENBOOK_MAIL_IN_WEB is 1), and a write
that made notifications only nudges it: no request ever waits for the mail server."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from openbook.compose import outbox_policy
from openbook.config import Settings
from openbook.governance.outbox import MailSender
from openbook.kernel.database import Database
from openbook.web.state import app_state


def mail_sender(settings: Settings, db: Database) -> MailSender | None:
    """The sender this process should run, or None (no SMTP server, or a separate
    `openbook mail worker` sends)."""
    if not settings.smtp_url or not settings.mail_in_web:
        return None
    return MailSender(db, settings.smtp_url, outbox_policy(settings))


def send_after(request: Request, response: Response) -> Response:
    """Nudge this process's sender: the notifications the write made go out now rather
    than at its next poll. Returns the response untouched."""
    sender = app_state(request).mail_sender
    if sender is not None:
        sender.nudge()
    return response
