"""Web session records (one per sign-in): reads and writes inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from openbook.accounts.tables import UserSessionRow


@dataclass(frozen=True)
class WebSession:
    """A signed-in web session as its owner sees it (the cookie's key is never shown)."""

    id: int
    user_id: int
    started_at: datetime
    last_seen_at: datetime
    user_agent: str
    client_address: str
    ended_at: datetime | None


def _to_session(row: UserSessionRow) -> WebSession:
    return WebSession(
        row.id,
        row.user_id,
        row.started_at,
        row.last_seen_at,
        row.user_agent,
        row.client_address,
        row.ended_at,
    )


def add_session(
    session: Session,
    *,
    key: str,
    user_id: int,
    started_at: datetime,
    user_agent: str,
    client_address: str,
) -> WebSession:
    row = UserSessionRow(
        key=key,
        user_id=user_id,
        started_at=started_at,
        last_seen_at=started_at,
        user_agent=user_agent,
        client_address=client_address,
    )
    session.add(row)
    session.flush()
    return _to_session(row)


def get_session_by_key(session: Session, key: str) -> WebSession | None:
    row = session.scalars(select(UserSessionRow).where(UserSessionRow.key == key)).first()
    return None if row is None else _to_session(row)


def list_open_sessions(
    session: Session, user_id: int, seen_since: datetime | None = None
) -> list[WebSession]:
    """The user's sessions not ended (and seen since the moment given), latest first."""
    query = (
        select(UserSessionRow)
        .where(UserSessionRow.user_id == user_id, UserSessionRow.ended_at.is_(None))
        .order_by(UserSessionRow.last_seen_at.desc(), UserSessionRow.id.desc())
    )
    if seen_since is not None:
        query = query.where(UserSessionRow.last_seen_at >= seen_since)
    return [_to_session(row) for row in session.scalars(query)]


def record_session_seen(session: Session, key: str, seen_at: datetime) -> None:
    row = session.scalars(select(UserSessionRow).where(UserSessionRow.key == key)).first()
    if row is not None and row.ended_at is None:
        row.last_seen_at = seen_at
        session.flush()


def record_session_ended(
    session: Session, session_id: int, ended_at: datetime, reason: str
) -> bool:
    """End one session; False if it had already ended."""
    row = session.get(UserSessionRow, session_id, with_for_update=True)
    if row is None or row.ended_at is not None:
        return False
    row.ended_at, row.ended_reason = ended_at, reason
    session.flush()
    return True


def end_all_session_records(session: Session, user_id: int, ended_at: datetime, reason: str) -> int:
    """End every open session of the user; how many."""
    query = select(UserSessionRow).where(
        UserSessionRow.user_id == user_id, UserSessionRow.ended_at.is_(None)
    )
    rows = list(session.scalars(query.with_for_update()))
    for row in rows:
        row.ended_at, row.ended_reason = ended_at, reason[:50]
    session.flush()
    return len(rows)
