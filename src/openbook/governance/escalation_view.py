"""Reading escalations: each with its history of events and its actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from openbook.governance import store as governance
from openbook.governance.model.governance import EscalationStatus
from openbook.governance.tables import EscalationRow
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError


@dataclass(frozen=True)
class EventView:
    kind: str
    body_code: str
    occurred_on: date
    actor: str
    note: str | None


@dataclass(frozen=True)
class ActionView:
    id: int
    description: str
    owner: str
    due_on: date
    status: str
    note: str | None


@dataclass(frozen=True)
class EscalationView:
    ref: str
    system_code: str
    financial_year: str
    month: int
    rule: str
    subject: str
    remit: str
    title: str
    detail: str
    body_code: str
    status: str
    raised_by: str
    raised_on: date
    due_on: date
    closed_on: date | None
    closing_note: str | None
    events: tuple[EventView, ...]
    actions: tuple[ActionView, ...]

    def overdue(self, as_of: date) -> bool:
        return self.status == EscalationStatus.OPEN and as_of > self.due_on


def views_of(session: Session, rows: list[EscalationRow]) -> list[EscalationView]:
    ids = [row.id for row in rows]
    events: dict[int, list[EventView]] = {i: [] for i in ids}
    for e in governance.list_events(session, ids):
        events[e.escalation_id].append(
            EventView(e.kind, e.body_code, e.occurred_on, e.actor, e.note)
        )
    actions: dict[int, list[ActionView]] = {i: [] for i in ids}
    for a in governance.list_actions(session, ids):
        actions[a.escalation_id].append(
            ActionView(a.id, a.description, a.owner, a.due_on, a.status, a.note)
        )
    return [
        EscalationView(
            r.ref,
            r.system_code,
            r.financial_year,
            r.month,
            r.rule,
            r.subject,
            r.remit,
            r.title,
            r.detail,
            r.body_code,
            r.status,
            r.raised_by,
            r.raised_on,
            r.due_on,
            r.closed_on,
            r.closing_note,
            tuple(events[r.id]),
            tuple(actions[r.id]),
        )
        for r in rows
    ]


def get_row(session: Session, ref: str) -> EscalationRow:
    row = governance.get_escalation(session, ref)
    if row is None:
        raise NotFoundError(f"there is no escalation {ref!r}")
    return row


def list_escalation_views(
    db: Database,
    system_code: str,
    *,
    status: str | None = None,
    body_code: str | None = None,
    financial_year: str | None = None,
) -> list[EscalationView]:
    with db.reading() as session:
        rows = governance.list_escalations(
            session,
            system_code,
            status=status,
            body_code=body_code,
            financial_year=financial_year,
        )
        return views_of(session, rows)


def get_escalation_view(db: Database, ref: str) -> EscalationView:
    with db.reading() as session:
        return views_of(session, [get_row(session, ref)])[0]
