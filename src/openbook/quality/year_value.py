"""A provider's value on one quality measure over a financial year (or its months to a
given month): the year's numerators over its denominators, in the measure's unit. What a
programme benefit linked to a quality metric is measured by."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from openbook.kernel.period import FinancialYear
from openbook.quality import store
from openbook.quality.metrics import BY_CODE, MeasureKind


def get_year_value(
    session: Session, org_code: str, measure: str, year: FinancialYear, to_month: int = 12
) -> Decimal | None:
    """None when the measure is unknown or no month of the year is returned."""
    known = BY_CODE.get(measure)
    if known is None:
        return None
    months = [
        (numerator, denominator)
        for _org, label, month, numerator, denominator in store.list_series(
            session, [org_code], measure
        )
        if label == year.label and month <= to_month
    ]
    denominator = sum((d for _, d in months), Decimal(0))
    if not months or denominator == 0:
        return None
    value = sum((n for n, _ in months), Decimal(0)) / denominator
    scale = Decimal(100) if known.kind is MeasureKind.PROPORTION else Decimal(1)
    return (value * scale).quantize(Decimal("0.01"))


def get_month_values(
    session: Session, org_code: str, measure: str
) -> list[tuple[str, int, Decimal]]:
    """(financial year, month, value) of every month returned, in period order, in the
    measure's unit: the series a programme benefit's SPC chart is drawn from."""
    known = BY_CODE.get(measure)
    if known is None:
        return []
    scale = Decimal(100) if known.kind is MeasureKind.PROPORTION else Decimal(1)
    return [
        (label, month, (numerator / denominator * scale).quantize(Decimal("0.01")))
        for _org, label, month, numerator, denominator in store.list_series(
            session, [org_code], measure
        )
        if denominator > 0
    ]
