"""Closing months: once closed, no more returns for that month; the system finance lead may
reopen one, with a reason (audited, and the rules re-run on the month's figures)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from openbook.finance import store as finance
from openbook.kernel.access import Principal, can_propose
from openbook.kernel.audit import record_event
from openbook.kernel.clock import aware, clock_of
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, NotFoundError, OpenbookError
from openbook.kernel.event import FiguresChanged, publish
from openbook.kernel.period import FinancialYear, check_month
from openbook.reference import store as organisations


def close_period(
    db: Database, system_code: str, year: FinancialYear, month: int, by: Principal
) -> bool:
    """The system finance lead closes a month: no more returns for it."""
    check_month(month)
    with db.transaction() as session:
        if not can_propose(by):
            raise ForbiddenError("only the system finance lead may close a month")
        if organisations.get_system(session, system_code) is None:
            raise NotFoundError(f"system {system_code!r} is not known")
        return close_month(session, system_code, year, month, by.username)


def close_month(
    session: Session,
    system_code: str,
    year: FinancialYear,
    month: int,
    actor: str,
    closed_at: datetime | None = None,
) -> bool:
    """Close a month inside the caller's transaction (`closed_at`: when it was closed, for
    building history; default now)."""
    closed = finance.record_period_close(
        session, system_code, year, month, closed_at or clock_of(session).now(), actor
    )
    if closed:
        record_event(
            session,
            actor=actor,
            action="period.closed",
            entity="period",
            entity_id=f"{system_code}/{year.label}/M{month}",
            before=None,
            after={"closed": True},
        )
    return closed


def reopen_period(
    db: Database, system_code: str, year: FinancialYear, month: int, reason: str, by: Principal
) -> bool:
    """The system finance lead reopens a closed month so returns can be submitted again;
    False if it was not closed."""
    check_month(month)
    reason = reason.strip()
    if not reason:
        raise OpenbookError("say why the month is reopened", hint="e.g. RD3's M6 return was wrong")
    if len(reason) > 1000:
        raise OpenbookError("the reason is too long (1,000 characters at most)")
    with db.transaction() as session:
        if not can_propose(by):
            raise ForbiddenError("only the system finance lead may reopen a month")
        if organisations.get_system(session, system_code) is None:
            raise NotFoundError(f"system {system_code!r} is not known")
        closed = finance.remove_period_close(session, system_code, year, month)
        if closed is None:
            return False
        label = f"{system_code}/{year.label}/M{month}"
        record_event(
            session,
            actor=by.username,
            action="period.reopened",
            entity="period",
            entity_id=label,
            before={"closed": True, "closed_at": closed[0].isoformat(), "closed_by": closed[1]},
            after={"closed": False},
            reason=reason,
        )
        publish(session, FiguresChanged(system_code, year, month, f"period {label} reopened"))
    return True


@dataclass(frozen=True)
class MonthState:
    month: int
    closed_at: datetime | None
    closed_by: str | None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


def list_month_states(db: Database, system_code: str, year: FinancialYear) -> list[MonthState]:
    """M1 to M12 of a year, each open or closed (when, by whom)."""
    with db.reading() as session:
        rows = {r.month: r for r in finance.list_period_closes(session, system_code, year)}
    return [
        MonthState(m, aware(rows[m].closed_at), rows[m].closed_by)
        if m in rows
        else MonthState(m, None, None)
        for m in range(1, 13)
    ]
