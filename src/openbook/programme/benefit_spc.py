"""A benefit's progress month by month from its linked measure, drawn as a Making Data
Count chart (the spc library): its variation icon says whether the measure is changing by
more than chance, its assurance icon whether it reliably meets the trajectory.

The monthly series: a finance line's in-month actual (each month's year-to-date actual
less the previous month's, from the return in force for the month); an activity series'
count at the point of delivery; a quality metric's value in the measure's unit (read by
the reader the composition root hands in). It runs from the baseline year to the last
year of the trajectory. The target is the trajectory of the latest point's year, a twelfth
of it for a finance line or an activity count (their trajectories are for a year), as is
for a quality metric (a rate). Fewer than 12 points: no chart, as Making Data Count
advises."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from openbook.activity import store as activity
from openbook.finance import store as returns
from openbook.kernel.period import FinancialYear, month_start, period_of
from openbook.programme.model import Benefit, Direction, MeasureKind
from openbook.spc import SpcResult, spc
from openbook.spc.chart import ASSURANCE_TEXT, ICON_TEXT

MIN_POINTS = 12
# (session, org, quality measure) -> (financial year, month, value): handed in by the root
QualitySeriesReader = Callable[[Session, str, str], list[tuple[str, int, Decimal]]]
QUALITY_SERIES_READER = "programme.quality_series_reader"
Point = tuple[date, Decimal]


def _years(benefit: Benefit) -> list[FinancialYear]:
    labels = {benefit.baseline_year, *benefit.trajectory}
    first = min(FinancialYear.parse(label).start_year for label in labels)
    last = max(FinancialYear.parse(label).start_year for label in labels)
    return [FinancialYear(year) for year in range(first, last + 1)]


def _finance(session: Session, benefit: Benefit, year: FinancialYear) -> list[Point]:
    assert benefit.link is not None
    org, code = benefit.link.org_code, benefit.link.code
    months = set(returns.list_submitted_months(session, org, year))
    ytd: dict[int, Decimal] = {}
    for month in sorted(months):
        latest = returns.get_latest_returns(session, [org], year, month)
        if org in latest:
            ytd[month] = latest[org][0].amount(code, "actual_ytd")
    return [
        (month_start(year, m), value - ytd.get(m - 1, Decimal(0)))
        for m, value in sorted(ytd.items())
        if m == 1 or m - 1 in ytd
    ]


def _activity(session: Session, benefit: Benefit, years: list[FinancialYear]) -> list[Point]:
    assert benefit.link is not None
    counts: dict[date, int] = {}
    for c in activity.list_counts(
        session, [benefit.link.org_code], years[0].start_date, years[-1].end_date
    ):
        if c.pod == benefit.link.code:
            counts[c.period_start] = counts.get(c.period_start, 0) + c.count
    return [(day, Decimal(count)) for day, count in sorted(counts.items())]


def read_monthly_series(
    session: Session,
    benefit: Benefit,
    at: tuple[FinancialYear, int] | None = None,
    quality: QualitySeriesReader | None = None,
) -> list[Point]:
    """The benefit's linked measure month by month (first day of each month), to `at`'s
    month when given; empty for an unlinked benefit."""
    link = benefit.link
    if link is None:
        return []
    years = _years(benefit)
    if link.kind is MeasureKind.FINANCE_LINE:
        points = [p for year in years for p in _finance(session, benefit, year)]
    elif link.kind is MeasureKind.ACTIVITY:
        points = _activity(session, benefit, years)
    else:
        labels = {year.label for year in years}
        points = [
            (month_start(FinancialYear.parse(label), month), value)
            for label, month, value in (quality or (lambda *_: []))(
                session, link.org_code, link.code
            )
            if label in labels
        ]
    if at is not None:
        points = [p for p in points if p[0] <= month_start(*at)]
    return sorted(points)


def monthly_target(benefit: Benefit, day: date) -> Decimal | None:
    """The trajectory of the year `day` falls in, on the monthly series' scale."""
    target = benefit.trajectory.get(period_of(day)[0].label)
    if target is None or benefit.link is None:
        return None
    return target if benefit.link.kind is MeasureKind.QUALITY else target / 12


def calculate_benefit_spc(benefit: Benefit, points: list[Point]) -> SpcResult | None:
    """The Making Data Count chart of the series (None below 12 points)."""
    if len(points) < MIN_POINTS:
        return None
    data = pd.DataFrame(
        {
            "date": pd.to_datetime([day for day, _ in points]),
            "value": [float(value) for _, value in points],
            "benefit": benefit.ref,
        }
    )
    target = monthly_target(benefit, points[-1][0])
    direction = "increase" if benefit.direction is Direction.INCREASE else "decrease"
    return spc(
        data,
        facet_col="benefit",
        improvement_direction=direction,
        target=None if target is None else float(target),
        source=f"benefit {benefit.ref}",
    )


@dataclass(frozen=True)
class BenefitSpc:
    points: int
    first: date
    last: date
    latest: Decimal
    mean: Decimal
    lpl: Decimal
    upl: Decimal
    target: Decimal | None
    variation_icon: str
    assurance_icon: str | None

    @property
    def is_concern(self) -> bool:
        return self.variation_icon.startswith("concern")

    @property
    def fails(self) -> bool:
        return self.assurance_icon == "consistent_fail"

    @property
    def words(self) -> str:
        text = f"variation: {ICON_TEXT[self.variation_icon][2]}"
        if self.assurance_icon is not None:
            text += f"; assurance: {ASSURANCE_TEXT[self.assurance_icon][2]}"
        return text


def _decimal(value: Any) -> Decimal:
    return Decimal(str(float(value))).quantize(Decimal("0.01"))


def summarise(benefit: Benefit, result: SpcResult, points: list[Point]) -> BenefitSpc:
    last = result.points.iloc[-1]
    icons = result.icons.iloc[0]
    assurance = icons["assurance_icon"]
    target = monthly_target(benefit, points[-1][0])
    return BenefitSpc(
        len(points),
        points[0][0],
        points[-1][0],
        points[-1][1],
        _decimal(last["mean_col"]),
        _decimal(last["lpl"]),
        _decimal(last["upl"]),
        None if target is None else target.quantize(Decimal("0.01")),
        str(icons["variation_icon"]),
        None if pd.isna(assurance) else str(assurance),
    )


def spc_to_dict(found: BenefitSpc | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "points": found.points,
        "from": f"{found.first:%Y-%m}",
        "to": f"{found.last:%Y-%m}",
        "latest": str(found.latest),
        "mean": str(found.mean),
        "lpl": str(found.lpl),
        "upl": str(found.upl),
        "target": None if found.target is None else str(found.target),
        "variation_icon": found.variation_icon,
        "assurance_icon": found.assurance_icon,
        "summary": found.words,
    }


def read_benefit_spc(
    session: Session,
    benefits: tuple[Benefit, ...],
    at: tuple[FinancialYear, int] | None = None,
    quality: QualitySeriesReader | None = None,
) -> dict[str, tuple[SpcResult, BenefitSpc]]:
    """Benefit ref -> its chart and summary, for each linked benefit with 12 months or more."""
    found = {}
    for benefit in benefits:
        points = read_monthly_series(session, benefit, at, quality)
        result = calculate_benefit_spc(benefit, points)
        if result is not None:
            found[benefit.ref] = (result, summarise(benefit, result, points))
    return found
