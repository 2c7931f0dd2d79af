"""Monthly activity counts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openbook.domain.period import period_of
from openbook.store.schema import ActivityRow


def record_ae_month(
    session: Session,
    *,
    provider_code: str,
    ae_type: str,
    period_start: date,
    attendances: int,
    breaches: int,
    admissions: int,
    source: str,
) -> None:
    year, month = period_of(period_start)
    session.add(
        ActivityRow(
            provider_code=provider_code,
            commissioner_code="",
            pod="E.M.6",
            ae_type=ae_type,
            period_start=period_start,
            financial_year=year.label,
            month=month,
            measure="actual",
            count=attendances,
            breaches=breaches,
            admissions=admissions,
            source=source,
            synthetic=False,
        )
    )


def get_ae_four_hour(
    session: Session, provider_code: str, period_start: date, ae_type: str | None = None
) -> tuple[int, int] | None:
    """(attendances, breaches) for a provider's month, all types or one type."""
    query = select(func.sum(ActivityRow.count), func.sum(ActivityRow.breaches)).where(
        ActivityRow.provider_code == provider_code,
        ActivityRow.pod == "E.M.6",
        ActivityRow.period_start == period_start,
        ActivityRow.measure == "actual",
    )
    if ae_type is not None:
        query = query.where(ActivityRow.ae_type == ae_type)
    attendances, breaches = session.execute(query).one()
    if attendances is None:
        return None
    return int(attendances), int(breaches or 0)


def list_ae_months(
    session: Session, provider_codes: list[str], up_to: date
) -> list[tuple[str, date, int, int]]:
    """(provider, month, attendances, breaches) of all A&E types, oldest first."""
    query = (
        select(
            ActivityRow.provider_code,
            ActivityRow.period_start,
            func.sum(ActivityRow.count),
            func.sum(ActivityRow.breaches),
        )
        .where(
            ActivityRow.provider_code.in_(provider_codes),
            ActivityRow.pod == "E.M.6",
            ActivityRow.measure == "actual",
            ActivityRow.period_start <= up_to,
        )
        .group_by(ActivityRow.provider_code, ActivityRow.period_start)
        .order_by(ActivityRow.provider_code, ActivityRow.period_start)
    )
    return [(str(p), d, int(a or 0), int(b or 0)) for p, d, a, b in session.execute(query)]
