"""The system overview and the organisation page: the open book every partner sees."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from openbook.activity.headline import ae_headline
from openbook.finance.model.agreed_transfers import with_agreed_transfers
from openbook.finance.model.position import Position
from openbook.finance.position_report import (
    SystemPosition,
    cached_system_position,
    describe_position_additions,
)
from openbook.finance.submit import export_return, list_history
from openbook.finance.template import build_template_rows
from openbook.finance.trend import Trend, get_trends
from openbook.kernel.access import Principal
from openbook.kernel.cache import remember
from openbook.kernel.error import NotFoundError
from openbook.reference.cluster_load import list_clusters_of
from openbook.regime.rules import rules_dir_of
from openbook.web.charts import Chart, cip_chart, gap_chart, trend_chart
from openbook.web.commentary_views import commentary_context
from openbook.web.forecast_views import bridge_context, run_rate_context
from openbook.web.pages.period import Period, default_period, resolve_period
from openbook.web.pay_views import pay_context
from openbook.web.regime_views import regime_context
from openbook.web.rendering import NavItem, render
from openbook.web.security import PageUser
from openbook.web.state import app_state
from openbook.web.tables import MEDIA_TYPES, Table, download_response
from openbook.web.views import (
    RAG_LABELS,
    ae_table,
    cip_table,
    history_table,
    lines_table,
    positions_table,
    risks_table,
)

router = APIRouter(include_in_schema=False)
NAV = NavItem("overview", "System overview", "/", order=10)

YearQuery = Annotated[str | None, Query(description="Financial year, e.g. 2017/18")]
MonthQuery = Annotated[int | None, Query(ge=1, le=12, description="Month 1 (April) to 12")]
AsAtQuery = Annotated[str | None, Query(max_length=32)]
DownloadQuery = Annotated[str | None, Query(description="A table as a file: <table>.csv|xlsx")]


def _trends(request: Request, period: Period) -> list[Trend]:
    state = app_state(request)
    key = ("trends", period.system_code, period.year.label, period.month, period.as_at)
    return remember(
        state.db,
        key,
        lambda: get_trends(state.db, period.system_code, period.year, period.month, period.as_at),
        system=period.system_code,
    )


def trend_charts(trend: Trend, cache: dict[str, str]) -> list[Chart]:
    """Forecast outturn and run rate against the control total; gap and YTD variance."""
    outturn = [
        (
            p.month,
            {
                "Forecast outturn": p.forecast_outturn,
                "Run rate": p.run_rate,
                "Control total": p.control_total,
            },
        )
        for p in trend.points
    ]
    gaps = [
        (p.month, {"Gap to control total": p.gap, "YTD variance": p.ytd_variance})
        for p in trend.points
    ]
    return [
        trend_chart(f"trend-outturn-{trend.code}", "Forecast outturn and run rate", outturn, cache),
        trend_chart(
            f"trend-gap-{trend.code}", "Gap to control total and YTD variance", gaps, cache
        ),
    ]


@router.get("/")
def home(request: Request, _user: PageUser) -> Response:
    period = default_period(app_state(request).db)
    return RedirectResponse(period.overview_url, status_code=303)


def _page_or_download(
    request: Request,
    user: PageUser,
    template: str,
    context: dict[str, object],
    tables: list[Table],
    download: str | None,
    name: str,
) -> Response:
    if download:
        return download_response(tables, download, name)
    return render(request, template, {**context, "tables": tables}, user)


@router.get("/systems/{system_code}")
def overview(
    request: Request,
    user: PageUser,
    system_code: str,
    year: YearQuery = None,
    month: MonthQuery = None,
    download: DownloadQuery = None,
    as_at: AsAtQuery = None,
) -> Response:
    state = app_state(request)
    period = resolve_period(state.db, system_code, year, month, as_at)
    report = cached_system_position(
        state.db, period.system_code, period.year, period.month, as_at=period.as_at
    )
    members = [*report.organisations, *report.associates]
    headlines = remember(
        state.db,
        ("ae_headline", period.system_code, period.year.label, period.month),
        lambda: ae_headline(state.db, [p.code for p in members], period.year, period.month),
        system=period.system_code,
    )
    names = {p.code: p.name for p in members}
    tables = [positions_table(report, period), ae_table(headlines, names, period)]
    challenge = run_rate_context(state.db, period)
    bridge = bridge_context(state.db, period, state.svg_cache)
    tables += [challenge["run_rate"], *bridge["bridge_tables"]]
    context = {
        "title": f"{report.system.name}: {period.label}",
        "nav_key": "overview",
        "period": period,
        "report": report,
        "system": report.position,
        "rag_labels": RAG_LABELS,
        "chart": gap_chart([(p.code, p.gap) for p in report.organisations], state.svg_cache),
        "trend_charts": trend_charts(_trends(request, period)[0], state.svg_cache),
        **challenge,
        **bridge,
        "clusters": list_clusters_of(state.db, period.system_code, period.year),
    }
    regime = regime_context(state.db, period, rules_dir_of(state.db), state.svg_cache)
    tables += regime["regime_tables"].values()
    context.update(regime)
    pay = pay_context(state.db, period, state.svg_cache, regime["regime_view"] is None)
    tables += pay["pay_tables"].values()
    context.update(pay)
    return _page_or_download(
        request, user, "overview.html", context, tables, download, period.file_name
    )


def line_url(period: Period, org_code: str, line_code: str) -> str:
    """A line's page: month by month up to the period's month."""
    base = f"/systems/{period.system_code}/organisations/{org_code}/lines/{quote(line_code)}"
    return f"{base}?{period.query}"


def find_position(report: SystemPosition, org_code: str) -> tuple[Position, bool]:
    """(position, counts in the system control total)."""
    for position in report.organisations:
        if position.code == org_code:
            return position, True
    for position in report.associates:
        if position.code == org_code:
            return position, False
    raise NotFoundError(
        f"{org_code} is not a member of {report.system.system_code} that submits returns"
    )


@router.get("/systems/{system_code}/organisations/{org_code}")
def organisation(
    request: Request,
    user: PageUser,
    system_code: str,
    org_code: str,
    year: YearQuery = None,
    month: MonthQuery = None,
    download: DownloadQuery = None,
    as_at: AsAtQuery = None,
) -> Response:
    context, tables = organisation_context(request, user, system_code, org_code, year, month, as_at)
    name = str(context["download_name"])
    return _page_or_download(request, user, "organisation.html", context, tables, download, name)


def organisation_context(
    request: Request,
    user: Principal,
    system_code: str,
    org_code: str,
    year: str | None,
    month: int | None,
    as_at: str | None = None,
) -> tuple[dict[str, Any], list[Table]]:
    """The organisation page's context and its tables (for the page, its downloads, and a
    form on it shown again with its problems)."""
    state = app_state(request)
    period = resolve_period(state.db, system_code, year, month, as_at)
    report = cached_system_position(
        state.db, period.system_code, period.year, period.month, as_at=period.as_at
    )
    position, partner = find_position(report, org_code.upper())
    what = (position.code, period.year.label, period.month)
    history = remember(
        state.db,
        ("history", *what),
        lambda: tuple(list_history(state.db, position.code, period.year, period.month)),
    )
    descriptions = remember(
        state.db,
        ("line_descriptions", *what),
        lambda: {
            str(row[3]): str(row[4])
            for row in build_template_rows(state.db, position.code, period.year, period.month)
        },
    )
    latest = history[-1][1] if history else None
    if latest is not None:  # the statement's bottom line is the position's
        latest = with_agreed_transfers(latest, position.transfers)
    trend = next(t for t in _trends(request, period) if t.code == position.code)
    tables = [
        lines_table(latest, descriptions, lambda line: line_url(period, position.code, line)),
        cip_table(position),
        risks_table(latest),
        history_table(history, period, position.code),
    ]
    challenge = run_rate_context(state.db, period, position.code)
    bridge = bridge_context(state.db, period, state.svg_cache, position.code)
    commentary = commentary_context(state.db, period, position.code, latest, descriptions, user)
    tables += [challenge["run_rate"], *bridge["bridge_tables"], commentary["commentary"]]
    context = {
        "title": f"{position.name}: {period.label}",
        "nav_key": "overview",
        "period": period,
        "position": position,
        "additions": describe_position_additions(position) if position.has_return else [],
        "partner": partner,
        "versions": len(history),
        "synthetic": report.synthetic,
        "notice": request.session.pop("notice", None),
        "rag_labels": RAG_LABELS,
        "chart": cip_chart(
            position.cip_plan_ytd,
            position.cip_recurrent_ytd,
            position.cip_non_recurrent_ytd,
            state.svg_cache,
        ),
        "trend_charts": trend_charts(trend, state.svg_cache),
        **challenge,
        **bridge,
        **commentary,
        "download_name": f"{position.code}-{period.file_name}",
        "failed": None,
        "values": {},
        "errors": {},
        "problems": [],
    }
    regime = regime_context(
        state.db, period, rules_dir_of(state.db), state.svg_cache, position.code
    )
    tables += regime["regime_tables"].values()
    context.update(regime)
    shown = regime["regime_view"] is None
    pay = pay_context(state.db, period, state.svg_cache, shown, position.code)
    tables += pay["pay_tables"].values()
    context.update(pay)
    return context, tables


@router.get("/systems/{system_code}/organisations/{org_code}/returns/{version}.{suffix}")
def return_version_file(
    request: Request,
    _user: PageUser,
    system_code: str,
    org_code: str,
    version: int,
    suffix: str,
    year: YearQuery = None,
    month: MonthQuery = None,
) -> Response:
    """One stored version of a return, in the template's layout."""
    state = app_state(request)
    period: Period = resolve_period(state.db, system_code, year, month)
    if suffix not in MEDIA_TYPES:
        raise NotFoundError(f"returns download as .csv or .xlsx, not .{suffix}")
    data, chosen = export_return(
        state.db, org_code.upper(), period.year, period.month, f".{suffix}", version
    )
    filename = (
        f"{chosen.org_code}-{period.year.label.replace('/', '-')}-M{period.month}"
        f"-v{chosen.version}.{suffix}"
    )
    return Response(
        data,
        media_type=MEDIA_TYPES[suffix],
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )
