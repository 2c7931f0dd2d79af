"""Reads and writes of the email outbox (notification rows awaiting a sender)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from openbook.governance.tables import NotificationRow


def _outbox_pending() -> Any:
    return (
        NotificationRow.email.is_not(None),
        NotificationRow.emailed_at.is_(None),
        NotificationRow.email_dead_at.is_(None),
    )


def _due(due_before: datetime) -> Any:
    return (
        *_outbox_pending(),
        or_(
            NotificationRow.email_next_attempt_at.is_(None),
            NotificationRow.email_next_attempt_at < due_before,
        ),
    )


def any_due_notification(session: Session, due_before: datetime) -> bool:
    """Whether anything is due: asked without a lock before claiming, so an idle sender
    never takes SQLite's write lock."""
    query = select(NotificationRow.id).where(*_due(due_before)).limit(1)
    return session.scalar(query) is not None


def claim_due_notifications(
    session: Session, due_before: datetime, until: datetime, limit: int
) -> list[NotificationRow]:
    """Pending notifications never tried or due before `due_before`, claimed until `until`
    (no other sender takes them meanwhile). PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED,
    so senders claiming at once take different rows and never wait for each other; SQLite:
    the claim runs in a write transaction (BEGIN IMMEDIATE), so claims queue."""
    query = (
        select(NotificationRow)
        .where(*_due(due_before))
        .order_by(NotificationRow.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = list(session.scalars(query))
    for row in rows:
        row.email_next_attempt_at = until
    session.flush()
    return rows


def get_notifications(session: Session, ids: list[int]) -> list[NotificationRow]:
    query = select(NotificationRow).where(NotificationRow.id.in_(ids)).order_by(NotificationRow.id)
    return list(session.scalars(query))


def count_outbox(session: Session) -> dict[str, int]:
    """How many notifications are pending, sent, dead letters, or in-app only."""
    state = case(
        (NotificationRow.email.is_(None), "in_app"),
        (NotificationRow.emailed_at.is_not(None), "sent"),
        (NotificationRow.email_dead_at.is_not(None), "dead"),
        else_="pending",
    )
    rows = session.execute(select(state, func.count()).group_by(state)).all()
    return {str(name): int(count) for name, count in rows}


def list_troubled_notifications(session: Session, limit: int) -> list[NotificationRow]:
    """Dead letters, then pending notifications whose last attempt failed, newest first."""
    query = (
        select(NotificationRow)
        .where(
            NotificationRow.email.is_not(None),
            NotificationRow.emailed_at.is_(None),
            or_(NotificationRow.email_dead_at.is_not(None), NotificationRow.email_attempts > 0),
        )
        .order_by(NotificationRow.email_dead_at.is_(None), NotificationRow.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def list_dead_notifications(session: Session, ids: list[int] | None) -> list[NotificationRow]:
    query = select(NotificationRow).where(
        NotificationRow.email_dead_at.is_not(None), NotificationRow.emailed_at.is_(None)
    )
    if ids is not None:
        query = query.where(NotificationRow.id.in_(ids))
    return list(session.scalars(query.order_by(NotificationRow.id)))
