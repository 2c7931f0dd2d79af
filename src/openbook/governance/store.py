"""Reads and writes of governance rows. Writes only add or update status fields; history
lives in escalation_event and the audit log; the config is versioned."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from openbook.accounts.tables import UserAccountRow
from openbook.governance.model.escalation import Escalation, EscalationEvent
from openbook.governance.model.governance import EscalationStatus
from openbook.governance.tables import (
    DecisionRow,
    EscalationActionRow,
    EscalationEventRow,
    EscalationRow,
    GovernanceConfigRow,
    NotificationRow,
)
from openbook.kernel.counter import next_number


def record_config(
    session: Session,
    system_code: str,
    document: dict[str, Any],
    source: str,
    actor: str,
    at: datetime,
) -> int:
    latest = session.scalar(
        select(func.max(GovernanceConfigRow.version)).where(
            GovernanceConfigRow.system_code == system_code
        )
    )
    version = int(latest or 0) + 1
    session.add(
        GovernanceConfigRow(
            system_code=system_code,
            version=version,
            document=document,
            source=source,
            loaded_at=at,
            loaded_by=actor,
        )
    )
    session.flush()
    return version


def get_config(session: Session, system_code: str) -> GovernanceConfigRow | None:
    return session.scalars(
        select(GovernanceConfigRow)
        .where(GovernanceConfigRow.system_code == system_code)
        .order_by(GovernanceConfigRow.version.desc())
        .limit(1)
    ).first()


def count_raised_by(session: Session, actor: str, since: datetime) -> int:
    """Escalations `actor` has raised by hand since `since` (for the hourly limit)."""
    count = session.scalar(
        select(func.count())
        .select_from(EscalationEventRow)
        .join(EscalationRow, EscalationRow.id == EscalationEventRow.escalation_id)
        .where(
            EscalationEventRow.kind == "raised",
            EscalationEventRow.actor == actor,
            EscalationEventRow.occurred_at >= since,
            EscalationRow.condition_key.is_(None),
        )
    )
    return int(count or 0)


def next_ref(session: Session, prefix: str, system_code: str) -> str:
    """The system's next escalation (E) or decision (D) reference, from the system's counter
    (held until the transaction ends, so two writers never number the same reference; were
    they to, the unique ref makes the loser run again, Database.write)."""
    table = EscalationRow if prefix == "E" else DecisionRow

    def numbered_before() -> int:
        query = select(func.count()).select_from(table).where(table.system_code == system_code)
        return int(session.scalar(query) or 0)

    name = "escalation" if prefix == "E" else "decision"
    return f"{prefix}-{system_code}-{next_number(session, system_code, name, numbered_before):04d}"


def get_escalation_by_key(
    session: Session, system_code: str, financial_year: str, key: str
) -> EscalationRow | None:
    return session.scalars(
        select(EscalationRow).where(
            EscalationRow.system_code == system_code,
            EscalationRow.financial_year == financial_year,
            EscalationRow.condition_key == key,
        )
    ).first()


def list_rule_escalations(
    session: Session, system_code: str, financial_year: str
) -> list[EscalationRow]:
    return list(
        session.scalars(
            select(EscalationRow).where(
                EscalationRow.system_code == system_code,
                EscalationRow.financial_year == financial_year,
                EscalationRow.condition_key.is_not(None),
            )
        )
    )


def get_escalation(session: Session, ref: str) -> EscalationRow | None:
    return session.scalars(select(EscalationRow).where(EscalationRow.ref == ref)).first()


def list_escalations(
    session: Session,
    system_code: str,
    *,
    status: str | None = None,
    body_code: str | None = None,
    financial_year: str | None = None,
) -> list[EscalationRow]:
    query = select(EscalationRow).where(EscalationRow.system_code == system_code)
    if status is not None:
        query = query.where(EscalationRow.status == status)
    if body_code is not None:
        query = query.where(EscalationRow.body_code == body_code)
    if financial_year is not None:
        query = query.where(EscalationRow.financial_year == financial_year)
    return list(session.scalars(query.order_by(EscalationRow.id)))


def add_event(
    session: Session,
    escalation: EscalationRow,
    kind: str,
    occurred_on: date,
    actor: str,
    at: datetime,
    note: str | None = None,
) -> None:
    session.add(
        EscalationEventRow(
            escalation_id=escalation.id,
            kind=kind,
            body_code=escalation.body_code,
            occurred_on=occurred_on,
            occurred_at=at,
            actor=actor,
            note=note,
        )
    )


def list_events(session: Session, escalation_ids: list[int]) -> list[EscalationEventRow]:
    if not escalation_ids:
        return []
    return list(
        session.scalars(
            select(EscalationEventRow)
            .where(EscalationEventRow.escalation_id.in_(escalation_ids))
            .order_by(EscalationEventRow.id)
        )
    )


def list_actions(session: Session, escalation_ids: list[int]) -> list[EscalationActionRow]:
    if not escalation_ids:
        return []
    return list(
        session.scalars(
            select(EscalationActionRow)
            .where(EscalationActionRow.escalation_id.in_(escalation_ids))
            .order_by(EscalationActionRow.id)
        )
    )


def get_action(session: Session, action_id: int) -> EscalationActionRow | None:
    return session.get(EscalationActionRow, action_id)


def get_decision(session: Session, ref: str) -> DecisionRow | None:
    return session.scalars(select(DecisionRow).where(DecisionRow.ref == ref)).first()


def list_decisions(
    session: Session,
    system_code: str,
    *,
    body_code: str | None = None,
    text: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[DecisionRow]:
    query = select(DecisionRow).where(DecisionRow.system_code == system_code)
    if body_code is not None:
        query = query.where(DecisionRow.body_code == body_code)
    if since is not None:
        query = query.where(DecisionRow.meeting_date >= since)
    if until is not None:
        query = query.where(DecisionRow.meeting_date <= until)
    if text:
        pattern = f"%{text.lower()}%"
        query = query.where(
            or_(
                func.lower(DecisionRow.title).like(pattern),
                func.lower(DecisionRow.decided).like(pattern),
                func.lower(DecisionRow.ref).like(pattern),
            )
        )
    return list(session.scalars(query.order_by(DecisionRow.meeting_date, DecisionRow.id)))


def list_user_contacts(session: Session) -> dict[str, tuple[str, str | None, bool]]:
    """username -> (org_code, email, active)."""
    rows = session.execute(
        select(
            UserAccountRow.username,
            UserAccountRow.org_code,
            UserAccountRow.email,
            UserAccountRow.active,
        )
    )
    return {name: (org, email, active) for name, org, email, active in rows}


def list_notifications(session: Session, username: str, limit: int = 100) -> list[NotificationRow]:
    return list(
        session.scalars(
            select(NotificationRow)
            .where(NotificationRow.username == username)
            .order_by(NotificationRow.id.desc())
            .limit(limit)
        )
    )


def count_unread(session: Session, username: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(NotificationRow)
            .where(NotificationRow.username == username, NotificationRow.read_at.is_(None))
        )
        or 0
    )


def list_unsent(session: Session, limit: int = 500) -> list[NotificationRow]:
    return list(
        session.scalars(
            select(NotificationRow)
            .where(NotificationRow.email.is_not(None), NotificationRow.emailed_at.is_(None))
            .order_by(NotificationRow.id)
            .limit(limit)
        )
    )


def keep_in_app_only(session: Session) -> int:
    """Mark every notification not yet emailed as in-app only (no address)."""
    rows = list_unsent(session, limit=1_000_000)
    for row in rows:
        row.email = None
    return len(rows)


def to_escalation(row: EscalationRow) -> Escalation:
    return Escalation(
        ref=row.ref,
        system_code=row.system_code,
        financial_year=row.financial_year,
        month=row.month,
        condition_key=row.condition_key,
        rule=row.rule,
        subject=row.subject,
        remit=row.remit,
        title=row.title,
        detail=row.detail,
        body_code=row.body_code,
        status=EscalationStatus(row.status),
        raised_by=row.raised_by,
        raised_on=row.raised_on,
        due_on=row.due_on,
        last_seen_month=row.last_seen_month,
        closed_on=row.closed_on,
        closing_note=row.closing_note,
    )


def add_escalation(session: Session, escalation: Escalation) -> EscalationRow:
    row = EscalationRow(ref=escalation.ref)
    save_escalation(row, escalation)
    session.add(row)
    session.flush()
    return row


def save_escalation(row: EscalationRow, escalation: Escalation) -> None:
    """Write a lifecycle step's result onto the row (its identity fields never change)."""
    row.system_code, row.financial_year = escalation.system_code, escalation.financial_year
    row.month, row.condition_key = escalation.month, escalation.condition_key
    row.rule, row.subject, row.remit = escalation.rule, escalation.subject, escalation.remit
    row.title, row.detail = escalation.title, escalation.detail
    row.body_code, row.status = escalation.body_code, escalation.status.value
    row.raised_by, row.raised_on, row.due_on = (
        escalation.raised_by,
        escalation.raised_on,
        escalation.due_on,
    )
    row.last_seen_month = escalation.last_seen_month
    row.closed_on, row.closing_note = escalation.closed_on, escalation.closing_note


def record_step(session: Session, row: EscalationRow, event: EscalationEvent, at: datetime) -> None:
    session.add(
        EscalationEventRow(
            escalation_id=row.id,
            kind=event.kind,
            body_code=event.body_code,
            occurred_on=event.on,
            occurred_at=at,
            actor=event.actor,
            note=event.note,
        )
    )
