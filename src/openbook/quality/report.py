"""A system's quality for a month (the use case behind the page, the CLI and the API):
the KPI summary (each provider's value on each measure with its Making Data Count icons),
the funnels across providers, who has not returned, and the CQC ratings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from openbook.kernel.chart_note import ChartNotes, chart_key, read_chart_notes
from openbook.kernel.database import Database
from openbook.kernel.organisation import OrgKind
from openbook.kernel.period import FinancialYear, month_start
from openbook.quality import store
from openbook.quality.compare import QualityFunnel, quality_funnels
from openbook.quality.metrics import MEASURES, Direction, Measure, MeasureKind
from openbook.quality.rating import CqcRating, latest_fall
from openbook.reference import store as organisations
from openbook.spc import spc
from openbook.spc.chart import ASSURANCE_TEXT, ICON_TEXT, vega_lite_spec

FUNNEL_WORDS = {
    None: "inside the limits",
    "ll95": "below the 95% limit",
    "ul95": "above the 95% limit",
    "ll998": "below the 99.8% limit",
    "ul998": "above the 99.8% limit",
}
MIN_SPC_POINTS = 12  # below this, no icons: Making Data Count's own advice


@dataclass(frozen=True)
class KpiRow:
    """One provider on one measure this month, with its run of months behind it."""

    org_code: str
    measure: Measure
    numerator: float
    denominator: float
    value: float  # in the measure's unit (% for a proportion)
    points: int  # months of data up to this one
    variation_icon: str | None  # e.g. "concern_high"; None with too few points
    assurance_icon: str | None
    funnel_outside: str | None  # "ll998", "ul95", ... across the system's providers
    funnel_concern: bool

    @property
    def variation_words(self) -> str:
        found = ICON_TEXT.get(self.variation_icon or "")
        return found[2] if found else "too few months"

    @property
    def assurance_words(self) -> str:
        found = ASSURANCE_TEXT.get(self.assurance_icon or "")
        return found[2] if found else "no target"

    @property
    def funnel_words(self) -> str:
        return FUNNEL_WORDS.get(self.funnel_outside, self.funnel_outside or "")


@dataclass(frozen=True)
class QualityReport:
    system_code: str
    financial_year: FinancialYear
    month: int
    providers: tuple[str, ...]  # the acute providers, who make the quality return
    kpis: tuple[KpiRow, ...]
    funnels: tuple[QualityFunnel, ...]
    missing: tuple[str, ...]  # providers with no return for the month
    ratings: tuple[CqcRating, ...]  # every rating, oldest first
    spc_charts: tuple[tuple[str, str, dict[str, Any]], ...]  # (org, measure, Vega-Lite)

    @property
    def rated(self) -> tuple[str, ...]:
        return tuple(sorted({rating.org_code for rating in self.ratings}))

    def latest_rating(self, org_code: str) -> CqcRating | None:
        mine = [rating for rating in self.ratings if rating.org_code == org_code]
        return mine[-1] if mine else None

    def falls(self) -> list[tuple[CqcRating, CqcRating]]:
        found = (latest_fall([r for r in self.ratings if r.org_code == c]) for c in self.rated)
        return [fall for fall in found if fall is not None]


def _after(year: FinancialYear, month: int) -> date:
    """The first day after the month: ratings published by then are known at its end."""
    return (
        month_start(year, month + 1)
        if month < 12
        else FinancialYear(year.start_year + 1).start_date
    )


def list_providers(db: Database, system_code: str, year: FinancialYear) -> tuple[str, ...]:
    """The system's providers in the year (its partners and associates)."""
    with db.reading() as session:
        members = organisations.list_members(session, system_code, year)
    return tuple(org.org_code for org, _ in members if org.kind.is_provider)


def list_acute_providers(db: Database, system_code: str, year: FinancialYear) -> tuple[str, ...]:
    """The providers that make the quality return: its measures are acute hospitals'."""
    with db.reading() as session:
        members = organisations.list_members(session, system_code, year)
    return tuple(org.org_code for org, _ in members if org.kind is OrgKind.ACUTE)


def _series(
    db: Database, providers: Sequence[str], measure: Measure, year: FinancialYear, month: int
) -> pd.DataFrame:
    with db.reading() as session:
        rows = store.list_series(session, providers, measure.code)
    end = month_start(year, month)
    records = [
        (org, month_start(FinancialYear.parse(fy), m), float(num), float(den))
        for org, fy, m, num, den in rows
        if month_start(FinancialYear.parse(fy), m) <= end and den > 0
    ]
    data = pd.DataFrame(records, columns=["org_code", "month", "numerator", "denominator"])
    scale = 100.0 if measure.kind is MeasureKind.PROPORTION else 1.0
    data["value"] = data["numerator"] / data["denominator"] * scale
    return data


def _icons(
    data: pd.DataFrame, measure: Measure, notes: ChartNotes, with_charts: bool = True
) -> tuple[dict[str, tuple[str, str | None]], list[tuple[str, str, dict[str, Any]]]]:
    enough = data.groupby("org_code")["month"].transform("count") >= MIN_SPC_POINTS
    data = data[enough]
    if data.empty:
        return {}, []
    direction = "increase" if measure.direction is Direction.HIGHER else "decrease"
    keys = {code: chart_key("quality", code, measure.code) for code in data["org_code"].unique()}
    result = spc(
        data.assign(month=pd.to_datetime(data["month"])),
        value_col="value",
        date_col="month",
        facet_col="org_code",
        improvement_direction=direction,
        rebase=notes.rebase_option(keys),
    )
    icons: dict[str, tuple[str, str | None]] = {}
    charts = []
    for row in result.icons.itertuples(index=False):
        code = str(row.f)
        assurance = None if pd.isna(row.assurance_icon) else str(row.assurance_icon)
        icons[code] = (str(row.variation_icon), assurance)
        if not with_charts:
            continue
        title = f"{code}: {measure.name}"
        charts.append(
            (
                code,
                measure.code,
                vega_lite_spec(
                    result, code, title, y_title=measure.unit, notes=notes.annotations(keys[code])
                ),
            )
        )
    return icons, charts


def quality_report(
    db: Database, system_code: str, year: FinancialYear, month: int, with_charts: bool = True
) -> QualityReport:
    """The month's quality report; `with_charts=False` (the escalation rules, which read the
    icons and funnels only) leaves out the Vega-Lite charts, a tenth of a rules run."""
    providers = list_acute_providers(db, system_code, year)
    rated = list_providers(db, system_code, year)
    with db.reading() as session:
        returns = store.list_latest_returns(session, providers, year, month)
        ratings = tuple(
            r for r in store.list_ratings(session, rated) if r.published < _after(year, month)
        )
    funnels = tuple(quality_funnels([stored.quality_return for stored in returns]))
    on_funnel = {(f.measure.code, p.org_code): p for f in funnels for p in f.points}
    notes = read_chart_notes(db)
    kpis: list[KpiRow] = []
    charts: list[tuple[str, str, dict[str, Any]]] = []
    for measure in MEASURES:
        data = _series(db, providers, measure, year, month)
        icons, measure_charts = _icons(data, measure, notes, with_charts)
        charts += measure_charts
        for stored in returns:
            line = stored.quality_return.line(measure.code)
            if line is None:
                continue
            point = on_funnel.get((measure.code, stored.quality_return.org_code))
            variation, assurance = icons.get(stored.quality_return.org_code, (None, None))
            kpis.append(
                KpiRow(
                    stored.quality_return.org_code,
                    measure,
                    float(line.numerator),
                    float(line.denominator),
                    line.value,
                    int((data["org_code"] == stored.quality_return.org_code).sum()),
                    variation,
                    assurance,
                    point.outside if point else None,
                    point.concern if point else False,
                )
            )
    returned = {stored.quality_return.org_code for stored in returns}
    missing = tuple(code for code in providers if code not in returned)
    return QualityReport(
        system_code, year, month, providers, tuple(kpis), funnels, missing, ratings, tuple(charts)
    )
