"""Programmes, their versions and their postings: reads and writes inside the caller's
transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openbook.programme.tables import ProgrammePostingRow, ProgrammeRow, ProgrammeVersionRow


@dataclass(frozen=True)
class StoredVersion:
    code: str
    system_code: str
    version: int
    source_name: str
    content_hash: str
    text: str
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class Posting:
    org_code: str
    financial_year: str
    amount: Decimal
    plan_version: int | None
    effective_month: int | None
    note: str


def _programme(session: Session, code: str) -> ProgrammeRow | None:
    return session.scalar(select(ProgrammeRow).where(ProgrammeRow.code == code))


def _stored(programme: ProgrammeRow, row: ProgrammeVersionRow) -> StoredVersion:
    return StoredVersion(
        programme.code,
        programme.system_code,
        row.version,
        row.source_name,
        row.content_hash,
        row.text,
        row.recorded_at,
        row.recorded_by,
    )


def record_version(
    session: Session,
    *,
    code: str,
    system_code: str,
    name: str,
    source_name: str,
    content_hash: str,
    text: str,
    at: datetime,
    by: str,
) -> int:
    """Append a version (creating the programme if new); returns its number."""
    programme = _programme(session, code)
    if programme is None:
        programme = ProgrammeRow(
            code=code, system_code=system_code, name=name, created_at=at, created_by=by
        )
        session.add(programme)
        session.flush()
    programme.name, programme.system_code = name, system_code
    latest = session.scalar(
        select(func.max(ProgrammeVersionRow.version)).where(
            ProgrammeVersionRow.programme_id == programme.id
        )
    )
    version = (latest or 0) + 1
    session.add(
        ProgrammeVersionRow(
            programme_id=programme.id,
            version=version,
            source_name=source_name,
            content_hash=content_hash,
            text=text,
            recorded_at=at,
            recorded_by=by,
        )
    )
    session.flush()
    return version


def get_version(
    session: Session, code: str, version: int | None = None, as_at: datetime | None = None
) -> StoredVersion | None:
    """A version of a programme (the latest when `version` is None; of those recorded by
    `as_at`, when given)."""
    programme = _programme(session, code)
    if programme is None:
        return None
    query = select(ProgrammeVersionRow).where(ProgrammeVersionRow.programme_id == programme.id)
    if version is not None:
        query = query.where(ProgrammeVersionRow.version == version)
    if as_at is not None:
        query = query.where(ProgrammeVersionRow.recorded_at <= as_at)
    row = session.scalar(query.order_by(ProgrammeVersionRow.version.desc()).limit(1))
    return None if row is None else _stored(programme, row)


def list_versions(session: Session, code: str) -> list[StoredVersion]:
    programme = _programme(session, code)
    if programme is None:
        return []
    rows = session.scalars(
        select(ProgrammeVersionRow)
        .where(ProgrammeVersionRow.programme_id == programme.id)
        .order_by(ProgrammeVersionRow.version)
    )
    return [_stored(programme, row) for row in rows]


def list_programme_codes(session: Session, system_code: str) -> list[str]:
    return list(
        session.scalars(
            select(ProgrammeRow.code)
            .where(ProgrammeRow.system_code == system_code)
            .order_by(ProgrammeRow.code)
        )
    )


def list_all_programme_codes(session: Session) -> list[str]:
    return list(session.scalars(select(ProgrammeRow.code).order_by(ProgrammeRow.code)))


def record_posting(session: Session, code: str, version: int, posting: Posting) -> None:
    programme = _programme(session, code)
    assert programme is not None
    session.add(
        ProgrammePostingRow(
            programme_id=programme.id,
            version=version,
            org_code=posting.org_code,
            financial_year=posting.financial_year,
            amount=posting.amount,
            plan_version=posting.plan_version,
            effective_month=posting.effective_month,
            note=posting.note,
        )
    )
    session.flush()


def list_postings(session: Session, code: str) -> list[Posting]:
    programme = _programme(session, code)
    if programme is None:
        return []
    rows = session.scalars(
        select(ProgrammePostingRow)
        .where(ProgrammePostingRow.programme_id == programme.id)
        .order_by(ProgrammePostingRow.id)
    )
    return [
        Posting(r.org_code, r.financial_year, r.amount, r.plan_version, r.effective_month, r.note)
        for r in rows
    ]
