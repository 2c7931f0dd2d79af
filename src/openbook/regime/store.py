"""Capital, cash and workforce returns: every version kept; the latest is in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openbook.kernel.period import FinancialYear
from openbook.regime.model.ccw import CcwLine, CcwReturn
from openbook.regime.tables import CcwLineRow, CcwReturnRow


@dataclass(frozen=True)
class CcwVersion:
    id: int
    org_code: str
    financial_year: FinancialYear
    month: int
    version: int
    content_hash: str
    source_name: str
    submitted_at: datetime
    submitted_by: str


def _to_version(row: CcwReturnRow) -> CcwVersion:
    return CcwVersion(
        row.id,
        row.org_code,
        FinancialYear.parse(row.financial_year),
        row.month,
        row.version,
        row.content_hash,
        row.source_name,
        row.submitted_at,
        row.submitted_by,
    )


def list_ccw_versions(
    session: Session, org_code: str, year: FinancialYear, month: int
) -> list[CcwVersion]:
    query = (
        select(CcwReturnRow)
        .where(
            CcwReturnRow.org_code == org_code,
            CcwReturnRow.financial_year == year.label,
            CcwReturnRow.month == month,
        )
        .order_by(CcwReturnRow.version)
    )
    return [_to_version(row) for row in session.scalars(query)]


def get_ccw_return(session: Session, version: CcwVersion) -> CcwReturn:
    rows = session.scalars(select(CcwLineRow).where(CcwLineRow.return_id == version.id))
    lines = tuple(
        CcwLine(row.line_code, row.plan, row.actual, row.forecast_outturn)
        for row in sorted(rows, key=lambda row: row.line_code)
    )
    return CcwReturn(version.org_code, version.financial_year, version.month, lines)


def get_latest_ccw_returns(
    session: Session,
    org_codes: list[str],
    year: FinancialYear,
    month: int,
    as_at: datetime | None = None,
) -> dict[str, tuple[CcwReturn, CcwVersion]]:
    """The version in force at `as_at` (the latest of all when None) of each organisation's
    return for the month."""
    conditions = [
        CcwReturnRow.org_code.in_(org_codes),
        CcwReturnRow.financial_year == year.label,
        CcwReturnRow.month == month,
    ]
    if as_at is not None:
        conditions.append(CcwReturnRow.submitted_at <= as_at)
    latest = (
        select(CcwReturnRow.org_code, func.max(CcwReturnRow.version).label("version"))
        .where(*conditions)
        .group_by(CcwReturnRow.org_code)
        .subquery()
    )
    query = (
        select(CcwReturnRow)
        .join(
            latest,
            (CcwReturnRow.org_code == latest.c.org_code)
            & (CcwReturnRow.version == latest.c.version),
        )
        .where(CcwReturnRow.financial_year == year.label, CcwReturnRow.month == month)
    )
    versions = [_to_version(row) for row in session.scalars(query)]
    return {v.org_code: (get_ccw_return(session, v), v) for v in versions}


def record_ccw_return(
    session: Session, r: CcwReturn, source_name: str, submitted_at: datetime, submitted_by: str
) -> CcwVersion:
    """Append a new version; earlier versions are never touched."""
    versions = list_ccw_versions(session, r.org_code, r.financial_year, r.month)
    row = CcwReturnRow(
        org_code=r.org_code,
        financial_year=r.financial_year.label,
        month=r.month,
        version=versions[-1].version + 1 if versions else 1,
        content_hash=r.content_hash(),
        source_name=source_name,
        submitted_at=submitted_at,
        submitted_by=submitted_by,
    )
    session.add(row)
    session.flush()
    session.add_all(
        CcwLineRow(
            return_id=row.id,
            line_code=line.line_code,
            plan=line.plan,
            actual=line.actual,
            forecast_outturn=line.forecast_outturn,
        )
        for line in r.lines
    )
    session.flush()
    return _to_version(row)
