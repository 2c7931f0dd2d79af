"""When each organisation's return for a month first and last arrived, and the reminders
sent for late ones: the only SQL for the submission tracker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openbook.finance.tables import FinanceReturnRow, ReturnReminderRow
from openbook.kernel.clock import aware
from openbook.kernel.period import FinancialYear


@dataclass(frozen=True)
class Arrival:
    first_submitted_at: datetime
    first_submitted_by: str
    latest_version: int
    latest_submitted_at: datetime


def list_arrivals(
    session: Session, org_codes: list[str], year: FinancialYear, month: int
) -> dict[str, Arrival]:
    """For each organisation with a return for the month: its first and latest versions."""
    bounds = (
        select(
            FinanceReturnRow.org_code,
            func.min(FinanceReturnRow.version).label("first"),
            func.max(FinanceReturnRow.version).label("latest"),
        )
        .where(
            FinanceReturnRow.org_code.in_(org_codes),
            FinanceReturnRow.financial_year == year.label,
            FinanceReturnRow.month == month,
        )
        .group_by(FinanceReturnRow.org_code)
        .subquery()
    )
    query = (
        select(FinanceReturnRow, bounds.c.first, bounds.c.latest)
        .join(bounds, FinanceReturnRow.org_code == bounds.c.org_code)
        .where(
            FinanceReturnRow.financial_year == year.label,
            FinanceReturnRow.month == month,
            FinanceReturnRow.version.in_([bounds.c.first, bounds.c.latest]),
        )
    )
    firsts: dict[str, FinanceReturnRow] = {}
    latests: dict[str, FinanceReturnRow] = {}
    for row, first, latest in session.execute(query):
        if row.version == first:
            firsts[row.org_code] = row
        if row.version == latest:
            latests[row.org_code] = row
    return {
        code: Arrival(
            aware(first.submitted_at),
            first.submitted_by,
            latests[code].version,
            aware(latests[code].submitted_at),
        )
        for code, first in firsts.items()
    }


def list_reminders(
    session: Session, org_codes: list[str], year: FinancialYear, month: int, deadline: date
) -> dict[str, tuple[datetime, str]]:
    """The reminder sent to each organisation for the month and deadline: (when, by whom)."""
    query = select(ReturnReminderRow).where(
        ReturnReminderRow.org_code.in_(org_codes),
        ReturnReminderRow.financial_year == year.label,
        ReturnReminderRow.month == month,
        ReturnReminderRow.deadline == deadline,
    )
    return {row.org_code: (aware(row.sent_at), row.sent_by) for row in session.scalars(query)}


def record_reminder(
    session: Session,
    system_code: str,
    org_code: str,
    year: FinancialYear,
    month: int,
    deadline: date,
    sent_at: datetime,
    sent_by: str,
) -> None:
    session.add(
        ReturnReminderRow(
            org_code=org_code,
            financial_year=year.label,
            month=month,
            deadline=deadline,
            system_code=system_code,
            sent_at=sent_at,
            sent_by=sent_by,
        )
    )
    session.flush()
