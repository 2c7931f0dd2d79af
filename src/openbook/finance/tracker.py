"""The submission tracker: for a system and month, who has submitted their monthly return
and who is late against the system's deadline (its `return_deadline_working_day` setting,
a working day of the following month); and reminders to the submitters of late returns,
at most one for each organisation, month and deadline, each audited. Who is told, and how,
is governance's business: a reminder publishes `ReturnReminderDue`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from openbook.finance import reminder_store
from openbook.finance.model.submission import (
    SubmissionRow,
    SubmissionStatus,
    SubmissionTracker,
    classify_submission,
    days_late,
    return_deadline,
)
from openbook.kernel.access import Principal, can_remind_submitters
from openbook.kernel.audit import record_event
from openbook.kernel.clock import clock_of
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, NotFoundError
from openbook.kernel.event import ReturnReminderDue, publish
from openbook.kernel.period import FinancialYear, check_month
from openbook.reference import store as organisations


def read_tracker(
    session: Session, system_code: str, year: FinancialYear, month: int, today: date
) -> SubmissionTracker:
    check_month(month)
    system = organisations.get_system(session, system_code)
    if system is None:
        known = ", ".join(s.system_code for s in organisations.list_systems(session))
        raise NotFoundError(
            f"system {system_code!r} is not known",
            hint=f"known systems: {known or 'none; run openbook demo'}",
        )
    members = [
        (org, role)
        for org, role in organisations.list_members(session, system_code, year)
        if org.kind.submits_returns
    ]
    if not members:
        raise NotFoundError(f"system {system_code} has no members in {year.label}")
    working_day = organisations.get_system_settings(
        session, system_code
    ).return_deadline_working_day
    deadline = return_deadline(year, month, working_day)
    codes = [org.org_code for org, _ in members]
    arrivals = reminder_store.list_arrivals(session, codes, year, month)
    reminders = reminder_store.list_reminders(session, codes, year, month, deadline)
    rows = []
    for org, role in members:
        arrival = arrivals.get(org.org_code)
        first = None if arrival is None else arrival.first_submitted_at.date()
        status = classify_submission(first, deadline, today)
        reminded = reminders.get(org.org_code)
        rows.append(
            SubmissionRow(
                org_code=org.org_code,
                name=org.name,
                role=role.value,
                status=status,
                first_submitted_at=None if arrival is None else arrival.first_submitted_at,
                first_submitted_by=None if arrival is None else arrival.first_submitted_by,
                latest_version=None if arrival is None else arrival.latest_version,
                latest_submitted_at=None if arrival is None else arrival.latest_submitted_at,
                days_late=days_late(status, first, deadline, today),
                reminded_at=None if reminded is None else reminded[0],
                reminded_by=None if reminded is None else reminded[1],
            )
        )
    return SubmissionTracker(
        system.system_code, system.name, year, month, deadline, working_day, today, tuple(rows)
    )


def get_return_tracker(
    db: Database, system_code: str, year: FinancialYear, month: int, today: date | None = None
) -> SubmissionTracker:
    """Who has submitted the month's return, who is late, and who was reminded (as at
    `today`, the clock's today when None)."""
    with db.reading() as session:
        return read_tracker(session, system_code, year, month, today or db.clock.today())


def get_year_tracker(
    db: Database, system_code: str, year: FinancialYear, today: date | None = None
) -> list[SubmissionTracker]:
    """The tracker of every month of the year, M1 first."""
    with db.reading() as session:
        day = today or db.clock.today()
        return [read_tracker(session, system_code, year, m, day) for m in range(1, 13)]


@dataclass(frozen=True)
class ReminderResult:
    tracker: SubmissionTracker  # after the reminders
    reminded: tuple[str, ...]  # organisations reminded now
    already: tuple[str, ...]  # late, but reminded before for this deadline


def send_return_reminders(
    db: Database,
    system_code: str,
    year: FinancialYear,
    month: int,
    by: Principal,
    org_codes: frozenset[str] | None = None,
) -> ReminderResult:
    """Remind the submitters of every organisation whose return is late and not in (or of
    those of `org_codes` only); an organisation already reminded for this month and
    deadline is never reminded again."""

    def work(session: Session) -> ReminderResult:
        if not can_remind_submitters(by):
            raise ForbiddenError("only the system finance lead or an administrator may remind")
        now = clock_of(session).now()
        tracker = read_tracker(session, system_code, year, month, now.date())
        wanted = [r for r in tracker.rows if org_codes is None or r.org_code in org_codes]
        unknown = sorted((org_codes or frozenset()) - {r.org_code for r in tracker.rows})
        if unknown:
            raise NotFoundError(
                f"{', '.join(unknown)} submit no returns to {system_code} in {year.label}"
            )
        due = [r for r in wanted if r in tracker.to_remind]
        for row in due:
            _remind(session, tracker, row, now, by.username)
        already = tuple(
            r.org_code
            for r in wanted
            if r.status is SubmissionStatus.OVERDUE and r.reminded_at is not None
        )
        after = read_tracker(session, system_code, year, month, now.date())
        return ReminderResult(after, tuple(r.org_code for r in due), already)

    return db.write(work)


def _remind(
    session: Session, tracker: SubmissionTracker, row: SubmissionRow, now: Any, actor: str
) -> None:
    reminder_store.record_reminder(
        session,
        tracker.system_code,
        row.org_code,
        tracker.financial_year,
        tracker.month,
        tracker.deadline,
        now,
        actor,
    )
    period = f"{tracker.financial_year.label}/M{tracker.month}"
    record_event(
        session,
        actor=actor,
        action="return.reminder_sent",
        entity="return_reminder",
        entity_id=f"{row.org_code} {period} {tracker.deadline.isoformat()}",
        before=None,
        after={
            "org_code": row.org_code,
            "period": period,
            "deadline": tracker.deadline.isoformat(),
            "days_late": row.days_late,
        },
    )
    publish(
        session,
        ReturnReminderDue(
            tracker.system_code,
            row.org_code,
            tracker.financial_year,
            tracker.month,
            tracker.deadline.isoformat(),
            actor,
        ),
    )


def _when(moment: Any) -> str | None:
    return None if moment is None else moment.isoformat()


def tracker_row_to_dict(row: SubmissionRow) -> dict[str, Any]:
    return {
        "org_code": row.org_code,
        "name": row.name,
        "role": row.role,
        "status": row.status.value,
        "status_label": row.status.label,
        "submitted": row.status.submitted,
        "late": row.status.is_late,
        "days_late": row.days_late,
        "first_submitted_at": _when(row.first_submitted_at),
        "first_submitted_by": row.first_submitted_by,
        "latest_version": row.latest_version,
        "latest_submitted_at": _when(row.latest_submitted_at),
        "reminded_at": _when(row.reminded_at),
        "reminded_by": row.reminded_by,
    }


def tracker_to_dict(tracker: SubmissionTracker) -> dict[str, Any]:
    return {
        "system_code": tracker.system_code,
        "financial_year": tracker.financial_year.label,
        "month": f"M{tracker.month}",
        "deadline": tracker.deadline.isoformat(),
        "deadline_working_day": tracker.deadline_working_day,
        "as_at": tracker.today.isoformat(),
        "counts": {status.value: tracker.count(status) for status in SubmissionStatus},
        "organisations": [tracker_row_to_dict(row) for row in tracker.rows],
    }
