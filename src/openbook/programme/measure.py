"""A benefit's progress, read from the measure it is linked to: never typed in. A finance
line is read from the organisation's latest return of each year (its forecast outturn
at the latest month returned; at M12, the year's outturn)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from openbook.finance import store as returns
from openbook.kernel.period import FinancialYear
from openbook.programme.model import Benefit, MeasureKind, Programme


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


def read_measures(
    session: Session, programme: Programme, at: tuple[FinancialYear, int] | None = None
) -> dict[str, dict[str, Decimal]]:
    """benefit ref -> year -> value, for every linked benefit whose measure openbook holds;
    `at` (a year and month) reads only what was returned by then, for judging that month."""
    measured = {}
    for benefit in programme.benefits:
        if benefit.link is None:
            continue
        if benefit.link.kind is MeasureKind.FINANCE_LINE:
            measured[benefit.ref] = _finance_line(session, benefit, at)
        else:  # activity series and quality metrics are read by their features' readers
            measured[benefit.ref] = {}
    return measured
