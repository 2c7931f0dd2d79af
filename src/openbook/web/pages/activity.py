"""Activity: each provider's A&E 4-hour performance as Making Data Count charts, with the
variation and assurance icons, and the figures behind them as a table."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from openbook.activity.ae_spc import SeriesChart, ae_four_hour_charts
from openbook.activity.elective_value import (
    SYSTEM_SERIES,
    ElectiveValueReport,
    elective_value_chart,
    elective_value_report,
)
from openbook.activity.headline import ae_headline
from openbook.activity.model.activity import POINTS_OF_DELIVERY, SERVICE_NAMES
from openbook.activity.plan_chart import VEGA_LITE_V6, plan_chart_spec
from openbook.activity.report import (
    DEFAULT_FLAG_PERCENT,
    ActivityReport,
    activity_report,
    activity_series_charts,
)
from openbook.finance.position_report import cached_system_position
from openbook.kernel.cache import remember
from openbook.kernel.error import NotFoundError, OpenbookError
from openbook.kernel.period import FinancialYear
from openbook.web.activity_tables import (
    activity_table,
    aligned_payment_table,
    elective_value_tables,
    shadow_pbr_table,
)
from openbook.web.charts import Chart, render_svg
from openbook.web.kpi_summary import KpiRow, kpi_rows, kpi_table
from openbook.web.pages.period import Period, resolve_period
from openbook.web.rendering import NavItem, render
from openbook.web.security import PageUser
from openbook.web.state import AppState, app_state
from openbook.web.tables import Column, Kind, Table, download_response

router = APIRouter(include_in_schema=False)
NAV = NavItem("activity", "Activity", "/activity", order=25)
VARIATION_WORDS = {
    "common_cause": "common cause variation: no significant change",
    "improvement_high": "special cause improvement: higher",
    "improvement_low": "special cause improvement: lower",
    "concern_high": "special cause concern: higher",
    "concern_low": "special cause concern: lower",
    "neutral_high": "special cause, neither better nor worse: higher",
    "neutral_low": "special cause, neither better nor worse: lower",
}
ASSURANCE_WORDS = {
    "consistent_pass": "will consistently meet the 95% standard",
    "consistent_fail": "will consistently miss the 95% standard",
    "inconsistent": "will hit and miss the 95% standard at random",
}


def _for_browser(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as the shipped Vega-Lite 6 reads it without a version warning (the SPC
    library declares the v5 schema for its own SVG and PNG rendering)."""
    return {**spec, "$schema": VEGA_LITE_V6}


def _plan_charts(
    state: AppState, activity: ActivityReport, names: dict[str, str]
) -> list[tuple[str, list[Chart]]]:
    """Per provider, a small chart of each service against its plan."""
    groups: dict[str, list[Chart]] = {}
    for line in activity.lines:
        s = line.summary
        spec = plan_chart_spec(s, activity.financial_year)
        chart = Chart(
            f"plan-{s.provider_code}-{s.pod.replace('.', '-')}",
            spec["title"]["text"],
            spec["description"],
            spec,
            render_svg(spec, state.svg_cache),
            table_note="",
        )
        groups.setdefault(s.provider_code, []).append(chart)
    return [(f"{names.get(code, code)} ({code})", charts) for code, charts in groups.items()]


def _elective_value(
    state: AppState, system_code: str, year: FinancialYear, month: int
) -> ElectiveValueReport | None:
    try:
        return elective_value_report(state.db, system_code, year, month)
    except OpenbookError:
        return None  # before 2020/21, or no elective activity, baseline or prices held


def _elective_charts(state: AppState, report: ElectiveValueReport) -> list[Chart]:
    """The system's chart first, then each provider's."""
    series = [SYSTEM_SERIES, *sorted(s for s in report.icons if s != SYSTEM_SERIES)]
    charts = []
    for name in series:
        spec = elective_value_chart(report, name)
        if spec is None:
            continue
        spec = _for_browser(spec)
        charts.append(
            Chart(
                f"elective-{name}",
                spec["title"],
                spec["description"],
                spec,
                render_svg(spec, state.svg_cache),
                table_note=f"The last table has the months of {report.financial_year.label}.",
            )
        )
    return charts


def _activity_report(
    state: AppState, system_code: str, year: FinancialYear, month: int
) -> ActivityReport | None:
    try:
        return activity_report(state.db, system_code, year, month)
    except NotFoundError:
        return None  # no activity held for the year


def _series_chart(
    state: AppState,
    system_code: str,
    year: FinancialYear,
    month: int,
    provider: str | None,
    pod: str | None,
) -> Chart | None:
    """The Making Data Count chart of one provider's activity at one point of delivery."""
    if not provider or not pod or pod not in POINTS_OF_DELIVERY:
        return None
    found = remember(
        state.db,
        ("activity_series", system_code, year.label, month, provider.upper(), pod),
        lambda: activity_series_charts(
            state.db, system_code, year, month, provider=provider.upper(), pod=pod
        ),
    )
    if not found:
        return None
    chart = found[0]
    notes = [  # the chart's annotations and rebases, as its text alternative gives them
        part
        for part in str(chart.spec["description"]).split("; ")
        if part.startswith(("note ", "limits recalculated"))
    ]
    description = "; ".join(
        [
            f"{chart.spec['title']}: "
            + VARIATION_WORDS.get(chart.variation_icon, chart.variation_icon),
            *notes,
        ]
    )
    spec = _for_browser(chart.spec)
    return Chart(
        f"series-{chart.provider_code}-{chart.pod.replace('.', '-')}",
        chart.spec["title"],
        description,
        spec,
        render_svg(spec, state.svg_cache),
    )


def _kpis(
    state: AppState,
    period: Period,
    series: tuple[SeriesChart, ...],
    activity: ActivityReport | None,
    names: dict[str, str],
) -> list[KpiRow]:
    codes = list(names)  # every member, as the overview asks (the same cached answer)
    headlines = remember(
        state.db,
        ("ae_headline", period.system_code, period.year.label, period.month),
        lambda: ae_headline(state.db, codes, period.year, period.month),
        system=period.system_code,
    )
    return kpi_rows(series, headlines, activity, names, period)


@router.get("/activity")
def activity_page(
    request: Request,
    user: PageUser,
    year: Annotated[str | None, Query(max_length=7)] = None,
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
    download: Annotated[str | None, Query(max_length=40)] = None,
    provider: Annotated[str | None, Query(max_length=12)] = None,
    pod: Annotated[str | None, Query(max_length=12)] = None,
) -> Response:
    state = app_state(request)
    period = resolve_period(state.db, None, year, month)
    report = cached_system_position(state.db, period.system_code, period.year, period.month)
    members = [*report.organisations, *report.associates]
    series = remember(
        state.db,
        ("ae_four_hour_charts", period.system_code, period.year.label, period.month),
        lambda: ae_four_hour_charts(state.db, [p.code for p in members], period.year, period.month),
    )
    names = {p.code: p.name for p in members}
    table = Table(
        "icons",
        f"A&E 4-hour performance to {period.label}: what each chart says",
        [
            Column("Provider"),
            Column("Months", Kind.NUMBER),
            Column("Variation"),
            Column("Assurance against 95%"),
        ],
        [
            [
                f"{names.get(s.provider_code, s.provider_code)} ({s.provider_code})",
                s.points,
                VARIATION_WORDS[s.variation_icon],
                ASSURANCE_WORDS.get(s.assurance_icon or "", "no target"),
            ]
            for s in series
        ],
    )
    activity = remember(
        state.db,
        ("activity_report", period.system_code, period.year.label, period.month),
        lambda: _activity_report(state, period.system_code, period.year, period.month),
    )
    tables = [table]
    if activity is not None:
        tables = [
            activity_table(activity, names, period.label, period.query),
            shadow_pbr_table(activity, names, period.label),
            table,
        ]
    elective = remember(
        state.db,
        ("elective_value", period.system_code, period.year.label, period.month),
        lambda: _elective_value(state, period.system_code, period.year, period.month),
    )
    extra = [] if activity is None else [aligned_payment_table(activity, names, period.label)]
    if elective is not None:
        extra += elective_value_tables(elective, names, period.label)
    kpis = _kpis(state, period, series, activity, names)
    if download:
        return download_response(
            [*tables, *extra, kpi_table(kpis, period.label)],
            download,
            f"activity-{period.file_name}",
        )
    charts = [
        Chart(
            f"ae-{s.provider_code}",
            s.spec["title"],
            s.description,
            _for_browser(s.spec),
            render_svg(_for_browser(s.spec), state.svg_cache),
        )
        for s in series
    ]
    series_chart = _series_chart(
        state, period.system_code, period.year, period.month, provider, pod
    )
    context = {
        "series_chart": series_chart,
        "chosen_provider": provider or "",
        "chosen_pod": pod or "",
        "pods": {pod: SERVICE_NAMES.get(pod, pod) for pod in POINTS_OF_DELIVERY},
        "plan_charts": [] if activity is None else _plan_charts(state, activity, names),
        "service_names": SERVICE_NAMES,
        "providers": sorted({line.summary.provider_code for line in activity.lines})
        if activity is not None
        else [],
        "title": f"Activity: {period.label}",
        "nav_key": "activity",
        "period": period,
        "charts": charts,
        "table": table,
        "activity_tables": tables[:-1],
        "aligned_table": extra[0] if activity is not None else None,
        "elective": elective,
        "elective_tables": extra[-2:] if elective is not None else [],
        "elective_charts": [] if elective is None else _elective_charts(state, elective),
        "flags": [] if activity is None else activity.flags,
        "flag_percent": DEFAULT_FLAG_PERCENT,
        "page_url": f"/activity?{period.query}",
        "kpis": kpis,
    }
    return render(request, "activity.html", context, user)
