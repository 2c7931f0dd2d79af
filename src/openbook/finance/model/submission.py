"""Who has submitted a month's return, and who is late against the system's deadline (a
working day of the following month). Pure: dates in, statuses out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from openbook.kernel.period import FinancialYear, month_end
from openbook.kernel.working_day import working_day_of_month


class SubmissionStatus(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"  # submitted, after the deadline
    OVERDUE = "overdue"  # not submitted, and the deadline has passed
    DUE = "due"  # not submitted, the deadline is still to come

    @property
    def label(self) -> str:
        return {
            SubmissionStatus.ON_TIME: "Submitted on time",
            SubmissionStatus.LATE: "Submitted late",
            SubmissionStatus.OVERDUE: "Not submitted: late",
            SubmissionStatus.DUE: "Not yet due",
        }[self]

    @property
    def submitted(self) -> bool:
        return self in (SubmissionStatus.ON_TIME, SubmissionStatus.LATE)

    @property
    def is_late(self) -> bool:
        return self in (SubmissionStatus.LATE, SubmissionStatus.OVERDUE)


def return_deadline(year: FinancialYear, month: int, working_day: int) -> date:
    """When a month's return is due: the given working day of the next calendar month."""
    first_of_next = month_end(year, month) + timedelta(days=1)
    return working_day_of_month(first_of_next.year, first_of_next.month, working_day)


def classify_submission(
    first_submitted: date | None, deadline: date, today: date
) -> SubmissionStatus:
    """A return counts from the day its first version arrived; a return is due on its
    deadline day and late from the day after."""
    if first_submitted is not None:
        return SubmissionStatus.ON_TIME if first_submitted <= deadline else SubmissionStatus.LATE
    return SubmissionStatus.OVERDUE if today > deadline else SubmissionStatus.DUE


@dataclass(frozen=True)
class SubmissionRow:
    """One organisation's month: its first and latest versions and any reminder sent."""

    org_code: str
    name: str
    role: str  # partner or associate
    status: SubmissionStatus
    first_submitted_at: datetime | None
    first_submitted_by: str | None
    latest_version: int | None
    latest_submitted_at: datetime | None
    days_late: int  # calendar days after the deadline: to arrival, or to today when not in
    reminded_at: datetime | None  # the reminder sent for this deadline, if any
    reminded_by: str | None


def days_late(
    status: SubmissionStatus, first_submitted: date | None, deadline: date, today: date
) -> int:
    if status is SubmissionStatus.LATE and first_submitted is not None:
        return (first_submitted - deadline).days
    if status is SubmissionStatus.OVERDUE:
        return (today - deadline).days
    return 0


@dataclass(frozen=True)
class SubmissionTracker:
    system_code: str
    system_name: str
    financial_year: FinancialYear
    month: int
    deadline: date
    deadline_working_day: int
    today: date
    rows: tuple[SubmissionRow, ...]

    def count(self, status: SubmissionStatus) -> int:
        return sum(row.status is status for row in self.rows)

    @property
    def to_remind(self) -> tuple[SubmissionRow, ...]:
        """Late and not in, with no reminder sent yet for this deadline."""
        return tuple(
            row
            for row in self.rows
            if row.status is SubmissionStatus.OVERDUE and row.reminded_at is None
        )
