"""A benefit's progress, read from the measure it is linked to: never typed in. A finance
line is read from the organisation's latest return of each year (its forecast outturn
at the latest month returned; at M12, the year's outturn); an activity series is the
provider's count at the point of delivery over the year; a quality metric is the year's
value, read by the reader the composition root hands in."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy.orm import Session

from openbook.activity import store as activity
from openbook.finance import store as returns
from openbook.kernel.period import FinancialYear, month_end
from openbook.programme.model import Benefit, MeasureKind, Programme

# How a quality metric is read (org, measure, year, to month -> value): the programme may
# not import the quality feature, so the composition root hands the reader in.
QualityReader = Callable[[Session, str, str, FinancialYear, int], Decimal | None]
QUALITY_READER = "programme.quality_reader"


def _years(benefit: Benefit) -> list[str]:
    return sorted({benefit.baseline_year, *benefit.trajectory})


def _finance_line(
    session: Session, benefit: Benefit, at: tuple[FinancialYear, int] | None
) -> dict[str, Decimal]:
    assert benefit.link is not None
    found = {}
    for label in _years(benefit):
        year = FinancialYear.parse(label)
        months = returns.list_submitted_months(session, benefit.link.org_code, year)
        if at is not None and at[0] == year:
            months = [m for m in months if m <= at[1]]
        if (at is not None and year.start_year > at[0].start_year) or not months:
            continue
        latest = returns.get_latest_returns(session, [benefit.link.org_code], year, max(months))
        if benefit.link.org_code in latest:
            finance_return, _ = latest[benefit.link.org_code]
            found[label] = finance_return.amount(benefit.link.code, "forecast_outturn")
    return found


def _activity(
    session: Session, benefit: Benefit, at: tuple[FinancialYear, int] | None
) -> dict[str, Decimal]:
    """A provider's count at a point of delivery over each year (to `at`'s month, if given),
    summed across commissioners; a year with no months held has no value."""
    assert benefit.link is not None
    found = {}
    for label in _years(benefit):
        year = FinancialYear.parse(label)
        if at is not None and year.start_year > at[0].start_year:
            continue
        last = month_end(year, at[1]) if at is not None and at[0] == year else year.end_date
        counts = [
            c
            for c in activity.list_counts(session, [benefit.link.org_code], year.start_date, last)
            if c.pod == benefit.link.code
        ]
        if counts:
            found[label] = Decimal(sum(c.count for c in counts))
    return found


def _quality(
    session: Session,
    benefit: Benefit,
    at: tuple[FinancialYear, int] | None,
    read: QualityReader | None,
) -> dict[str, Decimal]:
    assert benefit.link is not None
    if read is None:
        return {}
    found = {}
    for label in _years(benefit):
        year = FinancialYear.parse(label)
        if at is not None and year.start_year > at[0].start_year:
            continue
        to_month = at[1] if at is not None and at[0] == year else 12
        value = read(session, benefit.link.org_code, benefit.link.code, year, to_month)
        if value is not None:
            found[label] = value
    return found


def read_measures(
    session: Session,
    programme: Programme,
    at: tuple[FinancialYear, int] | None = None,
    quality: QualityReader | None = None,
) -> dict[str, dict[str, Decimal]]:
    """benefit ref -> year -> value, for every linked benefit whose measure openbook holds;
    `at` (a year and month) reads only what was returned by then, for judging that month."""
    measured = {}
    for benefit in programme.benefits:
        if benefit.link is None:
            continue
        if benefit.link.kind is MeasureKind.FINANCE_LINE:
            measured[benefit.ref] = _finance_line(session, benefit, at)
        elif benefit.link.kind is MeasureKind.ACTIVITY:
            measured[benefit.ref] = _activity(session, benefit, at)
        else:
            measured[benefit.ref] = _quality(session, benefit, at, quality)
    return measured
