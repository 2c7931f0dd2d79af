"""The activity report: each provider's activity by point of delivery against its plan,
Making Data Count icons per series, activity flags, and shadow Payment by Results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from openbook.activity import store as activity
from openbook.activity.load import system_providers
from openbook.activity.model.activity import ActivityCount, service_name
from openbook.activity.model.aligned_payment import AlignedPayment, calculate_aligned_payment
from openbook.activity.model.elective_value import elective_value_to_date
from openbook.activity.model.shadow_pbr import ShadowPbrMonth, calculate_shadow_pbr
from openbook.activity.model.summary import SeriesSummary, summarise_activity
from openbook.kernel.chart_note import ChartNotes, chart_key, read_chart_notes
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.money import money_str
from openbook.kernel.period import FinancialYear, month_start, period_of
from openbook.reference import contract_store
from openbook.reference.model.contract import ContractType
from openbook.spc import SpcResult, spc
from openbook.spc.chart import vega_lite_spec

DEFAULT_FLAG_PERCENT = Decimal("2.0")  # YTD activity this far above plan raises a flag
HISTORY_START = date(2016, 4, 1)  # SPC looks back over every month held


@dataclass(frozen=True)
class ActivityFlag:
    provider_code: str
    pod: str
    reason: str
    kind: str  # "special-cause" or "above-plan"


@dataclass(frozen=True)
class SeriesLine:
    summary: SeriesSummary
    variation_icon: str | None  # None when the series is too short for SPC
    flags: tuple[ActivityFlag, ...]


@dataclass(frozen=True)
class ActivityReport:
    system_code: str
    financial_year: FinancialYear
    month: int
    lines: tuple[SeriesLine, ...]
    shadow_pbr: tuple[ShadowPbrMonth, ...]
    flag_percent: Decimal
    synthetic: bool
    aligned_payment: tuple[AlignedPayment, ...] = ()  # contracts with aligned payment terms

    @property
    def flags(self) -> tuple[ActivityFlag, ...]:
        return tuple(flag for line in self.lines for flag in line.flags)


def series_key(series: str) -> str:
    """The chart key of a series 'RDZ|E.M.11': activity/RDZ/E.M.11."""
    return chart_key("activity", *series.split("|"))


def _series_spc(history: list[ActivityCount], notes: ChartNotes) -> SpcResult | None:
    """SPC per provider x point of delivery on monthly totals; rising activity is the
    concern under the flat ambition, so the improvement direction is 'decrease'. Limits
    split at every agreed rebase of the series' chart."""
    totals: dict[tuple[str, str, date], int] = {}
    for count in history:
        key = (count.provider_code, count.pod, count.period_start)
        totals[key] = totals.get(key, 0) + count.count
    if not totals:
        return None
    data = pd.DataFrame(
        [(f"{p}|{pod}", start, n) for (p, pod, start), n in totals.items()],
        columns=["series", "month", "value"],
    )
    data["month"] = pd.to_datetime(data["month"])
    rebase = notes.rebase_option({s: series_key(s) for s in data["series"].unique()})
    return spc(
        data,
        "value",
        "month",
        facet_col="series",
        improvement_direction="decrease",
        rebase=rebase,
    )


def _variation_icons(result: SpcResult | None) -> dict[tuple[str, str], str]:
    if result is None:
        return {}
    icons = {}
    for row in result.icons.itertuples(index=False):
        provider, pod = str(row.f).split("|")
        icons[(provider, pod)] = str(row.variation_icon)
    return icons


@dataclass(frozen=True)
class ActivitySeriesChart:
    provider_code: str
    pod: str
    variation_icon: str
    spec: dict[str, Any]


def activity_series_charts(
    db: Database,
    system_code: str,
    year: FinancialYear,
    month: int,
    *,
    provider: str | None = None,
    pod: str | None = None,
) -> list[ActivitySeriesChart]:
    """A Making Data Count chart of each provider x point of delivery's monthly activity,
    every month held up to the one chosen."""
    with db.reading() as session:
        providers = system_providers(session, system_code, year)
        chosen = [p for p in providers if provider is None or p == provider]
        history = activity.list_counts(session, chosen, HISTORY_START, month_start(year, month))
    history = [c for c in history if pod is None or c.pod == pod]
    notes = read_chart_notes(db)
    result = _series_spc(history, notes)
    if result is None:
        return []
    charts = []
    for row in result.icons.itertuples(index=False):
        code, point = str(row.f).split("|")
        title = f"{code} {service_name(point)}: count a month ({point})"
        spec = vega_lite_spec(
            result,
            str(row.f),
            title,
            y_title="count",
            notes=notes.annotations(series_key(str(row.f))),
        )
        charts.append(ActivitySeriesChart(code, point, str(row.variation_icon), spec))
    return charts


def _flags(
    summary: SeriesSummary, icon: str | None, flag_percent: Decimal
) -> tuple[ActivityFlag, ...]:
    flags = []
    if icon == "concern_high":
        flags.append(
            ActivityFlag(
                summary.provider_code,
                summary.pod,
                "special cause concern: activity is rising beyond common-cause variation",
                "special-cause",
            )
        )
    ytd = summary.ytd
    if ytd.exceeds(flag_percent):
        flags.append(
            ActivityFlag(
                summary.provider_code,
                summary.pod,
                f"year to date {ytd.percent}% above plan ({ytd.actual:,} against {ytd.plan:,};"
                f" flagged above {flag_percent}%)",
                "above-plan",
            )
        )
    return tuple(flags)


def _latest_month(session: Session, providers: list[str], year: FinancialYear) -> int:
    counts = activity.list_counts(session, providers, year.start_date, year.end_date)
    if not counts:
        raise NotFoundError(f"no activity held for {year.label}")
    return max(period_of(c.period_start)[1] for c in counts)


def _payments(
    session: Session,
    providers: list[str],
    year: FinancialYear,
    month: int,
    actuals: list[ActivityCount],
) -> tuple[tuple[ShadowPbrMonth, ...], tuple[AlignedPayment, ...]]:
    """Shadow PbR of the fixed contracts; the aligned payment (fixed element plus variable
    element on elective value) of the contracts with aligned payment terms, which are left
    out of shadow PbR (their payment already follows elective activity)."""
    prices = activity.get_prices(session, year)
    if not prices:
        return (), ()
    terms = activity.list_terms(session, year, providers)
    aligned = tuple(
        calculate_aligned_payment(
            t,
            month,
            elective_value_to_date(
                actuals, t.provider_code, t.commissioner_code, prices, year, month
            ),
        )
        for t in terms
    )
    with_terms = {(t.commissioner_code, t.provider_code) for t in terms}
    months: list[ShadowPbrMonth] = []
    for provider in providers:
        contracts = [
            c
            for c in contract_store.list_contracts(session, year, provider)
            if c.provider_code == provider
            and c.contract_type is not ContractType.PBR
            and (c.commissioner_code, c.provider_code) not in with_terms
        ]
        if contracts:
            months += calculate_shadow_pbr(provider, year, contracts, actuals, prices)
    return tuple(months), aligned


def activity_report(
    db: Database,
    system_code: str,
    year: FinancialYear,
    month: int | None = None,
    *,
    provider: str | None = None,
    pod: str | None = None,
    flag_percent: Decimal = DEFAULT_FLAG_PERCENT,
) -> ActivityReport:
    with db.reading() as session:
        providers = system_providers(session, system_code, year)
        if provider is not None:
            if provider not in providers:
                raise NotFoundError(f"{provider} is not a provider in {system_code} {year.label}")
            providers = [provider]
        month = month or _latest_month(session, providers, year)
        last = month_start(year, month)
        history = activity.list_counts(session, providers, HISTORY_START, last)
        plans = activity.list_counts(session, providers, year.start_date, last, "plan")
        synthetic = activity.has_synthetic(session, providers, year)
        actuals = [c for c in history if c.period_start >= year.start_date]
        shadow, aligned = _payments(session, providers, year, month, actuals)
    if pod is not None:
        history = [c for c in history if c.pod == pod]
        actuals = [c for c in actuals if c.pod == pod]
        plans = [c for c in plans if c.pod == pod]
    icons = _variation_icons(_series_spc(history, read_chart_notes(db)))
    lines = tuple(
        SeriesLine(
            summary,
            icons.get((summary.provider_code, summary.pod)),
            _flags(summary, icons.get((summary.provider_code, summary.pod)), flag_percent),
        )
        for summary in summarise_activity(actuals, plans, year, month)
    )
    return ActivityReport(system_code, year, month, lines, shadow, flag_percent, synthetic, aligned)


def _pct(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.1")))


def activity_report_to_dict(report: ActivityReport) -> dict[str, Any]:
    """The report as JSON-ready data: counts as integers, percentages and money as strings."""
    return {
        "system": report.system_code,
        "financial_year": report.financial_year.label,
        "month": f"M{report.month}",
        "synthetic": report.synthetic,
        "flag_percent": str(report.flag_percent),
        "activity": [
            {
                "provider": line.summary.provider_code,
                "pod": line.summary.pod,
                "plan_ytd": line.summary.ytd.plan or None,
                "actual_ytd": line.summary.ytd_actual,
                "variance": line.summary.ytd.difference if line.summary.ytd.plan else None,
                "variance_pct": _pct(line.summary.ytd.percent),
                "four_hour_pct": _pct(
                    None if line.summary.ytd_four_hour is None else line.summary.ytd_four_hour * 100
                ),
                "variation_icon": line.variation_icon,
                "months": [
                    {"month": f"M{m.month}", "plan": m.plan, "actual": m.actual}
                    for m in line.summary.months
                ],
            }
            for line in report.lines
        ],
        "flags": [
            {"provider": f.provider_code, "pod": f.pod, "kind": f.kind, "reason": f.reason}
            for f in report.flags
        ],
        "shadow_pbr": [
            {
                "provider": m.provider_code,
                "month": f"M{m.month}",
                "contract_value": money_str(m.contract_value),
                "shadow_pbr_value": money_str(m.shadow_value),
                "gain_under_pbr": money_str(m.gain),
                "unpriced": list(m.unpriced),
            }
            for m in report.shadow_pbr
        ],
        "aligned_payment": [aligned_payment_to_dict(a) for a in report.aligned_payment],
    }


def aligned_payment_to_dict(payment: AlignedPayment) -> dict[str, Any]:
    return {
        "provider": payment.provider_code,
        "commissioner": payment.commissioner_code,
        "month": f"M{payment.month}",
        "block": payment.block,
        "fixed_ytd": money_str(payment.fixed),
        "elective_value_ytd": money_str(payment.elective_value),
        "elective_baseline_ytd": money_str(payment.baseline),
        "variable_ytd": money_str(payment.variable),
        "payment_ytd": money_str(payment.payment),
    }


def render_chart_svg(spec: dict[str, Any]) -> str:
    from openbook.spc.chart import render_svg

    return render_svg(spec)
