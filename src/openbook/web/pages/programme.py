"""The acute collaboration programme: overview, a service line, the timeline (a Gantt chart
with today's line and slippage), benefits and investment; every table downloads as CSV or
XLSX, and the whole programme as one workbook."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from openbook.kernel.access import Principal
from openbook.kernel.error import NotFoundError
from openbook.programme.export import render_programme_xlsx
from openbook.programme.load import get_benefit_charts, get_programme_report
from openbook.programme.report import TIMELINE_HEADER, timeline_rows
from openbook.spc.chart import describe, vega_lite_spec
from openbook.web.charts import Chart, render_svg
from openbook.web.pages.period import resolve_period
from openbook.web.programme_views import (
    benefit_chart,
    benefits_table,
    cost_line_table,
    gantt_chart,
    investment_table,
    lines_table,
    savings_table,
    timeline_table,
)
from openbook.web.rendering import NavItem, render
from openbook.web.security import PageUser
from openbook.web.state import AppState, app_state
from openbook.web.tables import Table, download_response

router = APIRouter(include_in_schema=False)
NAV = NavItem("programme", "Programme", "/programme", order=45)
AsOf = Annotated[str | None, Query(max_length=10, pattern=r"^\d{4}-\d{2}-\d{2}$")]
Download = Annotated[str | None, Query(max_length=40)]


def _as_of(state: AppState, text: str | None) -> date:
    return date.fromisoformat(text) if text else state.db.clock.today()


def _report(state: AppState, as_of: date) -> dict[str, Any]:
    system = resolve_period(state.db, None, None, None).system_code
    return get_programme_report(state.db, system, as_of)


def _page(
    request: Request,
    user: Principal,
    view: str,
    report: dict[str, Any],
    tables: list[Table],
    page_url: str,
    **extra: object,
) -> Response:
    context = {
        "title": f"Programme: {report['programme']['name']}",
        "nav_key": "programme",
        "view": view,
        "report": report,
        "tables": tables,
        "page_url": page_url,
        **extra,
    }
    return render(request, "programme.html", context, user)


def _respond(
    request: Request,
    user: Principal,
    view: str,
    report: dict[str, Any],
    tables: list[Table],
    page_url: str,
    download: str | None,
    **extra: object,
) -> Response:
    if download:
        return download_response(tables, download, f"programme-{view}")
    return _page(request, user, view, report, tables, page_url, **extra)


@router.get("/programme")
def overview(request: Request, user: PageUser, download: Download = None) -> Response:
    state = app_state(request)
    report = _report(state, state.db.clock.today())
    tables = [lines_table(report), investment_table(report)]
    return _respond(request, user, "overview", report, tables, "/programme", download)


@router.get("/programme/lines/{code}")
def service_line(
    request: Request, user: PageUser, code: str, as_of: AsOf = None, download: Download = None
) -> Response:
    state = app_state(request)
    report = _report(state, _as_of(state, as_of))
    line = next((ln for ln in report["lines"] if ln["code"] == code), None)
    if line is None:
        raise NotFoundError(f"the programme has no line {code!r}")
    milestones = [m for m in report["milestones"] if m["workstream"] == code]
    costs = [c for c in report["cost_lines"] if c["workstream"] == code]
    scoped = {**report, "milestones": milestones, "cost_lines": costs}
    tables = [timeline_table(timeline_rows(scoped), TIMELINE_HEADER), cost_line_table(scoped)]
    charts = (
        [gantt_chart(report, milestones, _as_of(state, as_of), state.svg_cache)]
        if milestones
        else []
    )
    url = f"/programme/lines/{code}"
    return _respond(request, user, "line", report, tables, url, download, line=line, charts=charts)


@router.get("/programme/timeline")
def timeline(
    request: Request,
    user: PageUser,
    as_of: AsOf = None,
    plan: Annotated[str | None, Query(max_length=40)] = None,
    download: Download = None,
) -> Response:
    state = app_state(request)
    when = _as_of(state, as_of)
    report = _report(state, when)
    milestones = [m for m in report["milestones"] if plan in (None, "", m["plan"])]
    scoped = {**report, "milestones": milestones}
    tables = [timeline_table(timeline_rows(scoped), TIMELINE_HEADER)]
    charts = [gantt_chart(report, milestones, when, state.svg_cache)]
    plans = sorted({m["plan"] for m in report["milestones"]})
    query = "&".join(
        p for p in (f"as_of={as_of}" if as_of else "", f"plan={plan}" if plan else "") if p
    )
    url = "/programme/timeline" + (f"?{query}" if query else "")
    return _respond(
        request,
        user,
        "timeline",
        report,
        tables,
        url,
        download,
        charts=charts,
        plans=plans,
        chosen_plan=plan or "",
        as_of=when.isoformat(),
    )


def _spc_charts(state: AppState, code: str) -> list[Chart]:
    """Each linked benefit's Making Data Count chart, month by month (its icons on it)."""
    system = resolve_period(state.db, None, None, None).system_code
    charts = []
    for programme, found in get_benefit_charts(state.db, system):
        if programme.code != code:
            continue
        for benefit in programme.benefits:
            if benefit.ref not in found:
                continue
            result, _ = found[benefit.ref]
            title = f"{benefit.ref} {benefit.name}: month by month"
            spec = vega_lite_spec(result, benefit.ref, title, y_title=benefit.unit)
            charts.append(
                Chart(
                    f"benefit-spc-{benefit.ref}",
                    title,
                    describe(result, benefit.ref),
                    spec,
                    render_svg(spec, state.svg_cache),
                    "The benefits table above has its summary.",
                )
            )
    return charts


@router.get("/programme/benefits")
def benefits(request: Request, user: PageUser, download: Download = None) -> Response:
    state = app_state(request)
    report = _report(state, state.db.clock.today())
    charts = [benefit_chart(b, state.svg_cache) for b in report["benefits"]]
    spc_charts = [] if download else _spc_charts(state, report["programme"]["code"])
    return _respond(
        request,
        user,
        "benefits",
        report,
        [benefits_table(report), savings_table(report)],
        "/programme/benefits",
        download,
        charts=charts,
        spc_charts=spc_charts,
    )


@router.get("/programme/investment")
def investment(request: Request, user: PageUser, download: Download = None) -> Response:
    state = app_state(request)
    report = _report(state, state.db.clock.today())
    tables = [investment_table(report), cost_line_table(report)]
    return _respond(request, user, "investment", report, tables, "/programme/investment", download)


@router.get("/programme/export.xlsx")
def export(request: Request, _user: PageUser) -> Response:
    state = app_state(request)
    report = _report(state, state.db.clock.today())
    name = f"programme-{report['programme']['code']}.xlsx"
    return Response(
        render_programme_xlsx(report),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
