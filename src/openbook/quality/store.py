"""Quality returns and CQC ratings in the store: the only SQL of the quality feature."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openbook.kernel.period import FinancialYear
from openbook.quality.file import QualityLine, QualityReturn
from openbook.quality.metrics import BY_CODE
from openbook.quality.rating import CqcRating, Rating
from openbook.quality.tables import CqcRatingRow, QualityLineRow, QualityReturnRow


@dataclass(frozen=True)
class StoredReturn:
    quality_return: QualityReturn
    version: int
    source: str
    submitted_at: datetime
    submitted_by: str
    synthetic: bool


def _lines(session: Session, return_id: int) -> tuple[QualityLine, ...]:
    rows = session.scalars(
        select(QualityLineRow)
        .where(QualityLineRow.return_id == return_id)
        .order_by(QualityLineRow.id)
    )
    return tuple(
        QualityLine(
            BY_CODE[row.measure], row.numerator.normalize(), row.denominator.normalize(), row.note
        )
        for row in rows
        if row.measure in BY_CODE
    )


def _stored(session: Session, row: QualityReturnRow) -> StoredReturn:
    parsed = QualityReturn(
        row.org_code, FinancialYear.parse(row.financial_year), row.month, _lines(session, row.id)
    )
    return StoredReturn(
        parsed, row.version, row.source, row.submitted_at, row.submitted_by, row.synthetic
    )


def get_latest(
    session: Session, org_code: str, year: FinancialYear, month: int
) -> StoredReturn | None:
    row = session.scalars(
        select(QualityReturnRow)
        .where(
            QualityReturnRow.org_code == org_code,
            QualityReturnRow.financial_year == year.label,
            QualityReturnRow.month == month,
        )
        .order_by(QualityReturnRow.version.desc())
        .limit(1)
    ).first()
    return None if row is None else _stored(session, row)


def record_return(
    session: Session,
    parsed: QualityReturn,
    *,
    source: str,
    content_hash: str,
    by: str,
    at: datetime,
    synthetic: bool = False,
) -> int:
    """Store a new version (one more than the highest) and return its number."""
    highest = session.scalar(
        select(func.max(QualityReturnRow.version)).where(
            QualityReturnRow.org_code == parsed.org_code,
            QualityReturnRow.financial_year == parsed.year.label,
            QualityReturnRow.month == parsed.month,
        )
    )
    row = QualityReturnRow(
        org_code=parsed.org_code,
        financial_year=parsed.year.label,
        month=parsed.month,
        version=(highest or 0) + 1,
        source=source[:255],
        content_hash=content_hash,
        synthetic=synthetic,
        submitted_at=at,
        submitted_by=by,
    )
    session.add(row)
    session.flush()
    for line in parsed.lines:
        session.add(
            QualityLineRow(
                return_id=row.id,
                measure=line.measure.code,
                numerator=line.numerator,
                denominator=line.denominator,
                note=line.note,
            )
        )
    session.flush()
    return row.version


def list_latest_returns(
    session: Session, org_codes: Iterable[str], year: FinancialYear, month: int
) -> list[StoredReturn]:
    """The version in force of each organisation's return for the month (those that have one)."""
    found = (get_latest(session, code, year, month) for code in sorted(set(org_codes)))
    return [stored for stored in found if stored is not None]


def list_series(
    session: Session, org_codes: Iterable[str], measure: str
) -> list[tuple[str, str, int, Decimal, Decimal]]:
    """(org_code, financial_year, month, numerator, denominator) of every month's version in
    force for one measure, in period order."""
    latest = (
        select(
            QualityReturnRow.org_code,
            QualityReturnRow.financial_year,
            QualityReturnRow.month,
            func.max(QualityReturnRow.version).label("version"),
        )
        .where(QualityReturnRow.org_code.in_(list(org_codes)))
        .group_by(
            QualityReturnRow.org_code, QualityReturnRow.financial_year, QualityReturnRow.month
        )
        .subquery()
    )
    rows = session.execute(
        select(
            QualityReturnRow.org_code,
            QualityReturnRow.financial_year,
            QualityReturnRow.month,
            QualityLineRow.numerator,
            QualityLineRow.denominator,
        )
        .join(
            latest,
            (latest.c.org_code == QualityReturnRow.org_code)
            & (latest.c.financial_year == QualityReturnRow.financial_year)
            & (latest.c.month == QualityReturnRow.month)
            & (latest.c.version == QualityReturnRow.version),
        )
        .join(QualityLineRow, QualityLineRow.return_id == QualityReturnRow.id)
        .where(QualityLineRow.measure == measure)
        .order_by(
            QualityReturnRow.org_code, QualityReturnRow.financial_year, QualityReturnRow.month
        )
    )
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def list_versions(
    session: Session, org_code: str, year: FinancialYear, month: int
) -> list[StoredReturn]:
    rows = session.scalars(
        select(QualityReturnRow)
        .where(
            QualityReturnRow.org_code == org_code,
            QualityReturnRow.financial_year == year.label,
            QualityReturnRow.month == month,
        )
        .order_by(QualityReturnRow.version)
    )
    return [_stored(session, row) for row in rows]


def record_rating(session: Session, rating: CqcRating, *, by: str, at: datetime) -> bool:
    """Store a rating; False (nothing written) when the same rating is already stored."""
    existing = session.scalars(
        select(CqcRatingRow).where(
            CqcRatingRow.org_code == rating.org_code, CqcRatingRow.published == rating.published
        )
    ).first()
    if existing is not None:
        return False
    session.add(
        CqcRatingRow(
            org_code=rating.org_code,
            published=rating.published,
            rating=rating.rating.name,
            source=rating.source[:255],
            recorded_at=at,
            recorded_by=by,
        )
    )
    session.flush()
    return True


def get_rating(session: Session, org_code: str, published: object) -> CqcRatingRow | None:
    return session.scalars(
        select(CqcRatingRow).where(
            CqcRatingRow.org_code == org_code, CqcRatingRow.published == published
        )
    ).first()


def list_ratings(session: Session, org_codes: Sequence[str]) -> list[CqcRating]:
    """Every stored rating of the organisations, oldest first."""
    rows = session.scalars(
        select(CqcRatingRow)
        .where(CqcRatingRow.org_code.in_(list(org_codes)))
        .order_by(CqcRatingRow.org_code, CqcRatingRow.published)
    )
    return [CqcRating(row.org_code, row.published, Rating[row.rating], row.source) for row in rows]
