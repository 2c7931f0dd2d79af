"""Who hears that their organisation's return is late: its active submitters, in-app and by
email through the outbox. The reminder itself (once per organisation, month and deadline,
audited) is finance's record; this only queues the notices."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy.orm import Session

from openbook.governance.notifications import notify, users_of
from openbook.kernel.access import Role
from openbook.kernel.database import Database
from openbook.kernel.event import ReturnReminderDue
from openbook.kernel.period import month_end

log = logging.getLogger(__name__)
SUBMITTERS = (Role.SUBMITTER.value,)


def notify_reminder(db: Database, event: ReturnReminderDue) -> int:
    """Notify the organisation's submitters; how many notifications were made."""
    year, month = event.financial_year, event.month
    due = date.fromisoformat(event.deadline)
    period = f"{month_end(year, month):%B %Y} ({year.label} M{month})"
    subject = f"{event.org_code}'s return for {period} is late"
    body = (
        f"{event.org_code}'s monthly return for {period} was due on {due:%A %d %B %Y} and "
        f"{event.system_code} has not received it. Please submit it as soon as you can: "
        f"download the template and upload the completed return on the Submit a return "
        f"page. (Reminder sent by {event.by}.)"
    )
    link = "/submissions"

    def work(session: Session) -> int:
        recipients = users_of(session, {event.org_code}, SUBMITTERS)
        return notify(session, recipients, subject, body, link)

    return db.write(work)


def wire(db: Database) -> None:
    def on_reminder(event: ReturnReminderDue) -> None:
        try:
            notify_reminder(db, event)
        except Exception:  # the reminder is recorded; a failed notice must not hide it
            log.exception("no notifications for the reminder to %s", event.org_code)

    db.events.subscribe(ReturnReminderDue, on_reminder)
