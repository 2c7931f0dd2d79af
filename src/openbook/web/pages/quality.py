"""Quality: each acute provider's quality measures for a month (KPI summary with the Making
Data Count icons), funnels across the system's providers, SPC charts of one measure, CQC
ratings, and the quality return's template and upload."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from openbook.funnel.chart import vega_lite_spec as funnel_spec
from openbook.kernel.access import Principal, Role
from openbook.kernel.cache import remember
from openbook.kernel.error import ForbiddenError, InvalidDataError, OpenbookError
from openbook.kernel.period import month_label
from openbook.quality.file import template_csv
from openbook.quality.metrics import BY_CODE, MEASURES, Direction, MeasureKind, format_value
from openbook.quality.report import QualityReport, quality_report
from openbook.quality.submit import submit_quality_return
from openbook.web.charts import Chart, render_svg
from openbook.web.mail import send_after
from openbook.web.pages.period import Period, parse_year, resolve_period
from openbook.web.pages.submissions import MAX_UPLOAD_BYTES, read_upload
from openbook.web.rendering import NavItem, render
from openbook.web.security import PageUser, check_csrf
from openbook.web.state import AppState, app_state
from openbook.web.tables import Column, Kind, Table, download_response

router = APIRouter(include_in_schema=False)
NAV = NavItem("quality", "Quality", "/quality", order=27)


def _report(state: AppState, period: Period) -> QualityReport:
    key = ("quality_report", period.system_code, period.year.label, period.month)
    return remember(
        state.db,
        key,
        lambda: quality_report(state.db, period.system_code, period.year, period.month),
    )


def _tables(report: QualityReport, label: str) -> list[Table]:
    kpis = Table(
        "kpis",
        f"Quality measures, {label}: each provider's value and what its run of months says",
        [
            Column("Provider"),
            Column("Measure"),
            Column("Value"),
            Column("Unit"),
            Column("Months", Kind.NUMBER),
            Column("Variation"),
            Column("Assurance"),
            Column("Funnel"),
        ],
        [
            [
                k.org_code,
                k.measure.name,
                format_value(k.measure, k.value),
                k.measure.unit,
                k.points,
                k.variation_words,
                k.assurance_words,
                k.funnel_words,
            ]
            for k in report.kpis
        ],
    )
    ratings = Table(
        "ratings",
        "CQC overall ratings, newest first",
        [Column("Organisation"), Column("Rating"), Column("Published"), Column("Source")],
        [
            [r.org_code, r.rating.label, r.published.isoformat(), r.source]
            for r in sorted(report.ratings, key=lambda r: r.published, reverse=True)
        ],
    )
    return [kpis, ratings]


def _funnel_charts(state: AppState, report: QualityReport) -> list[Chart]:
    charts = []
    for result in report.funnels:
        measure = result.measure
        direction = "increase" if measure.direction is Direction.HIGHER else "decrease"
        when = f"{report.financial_year.label} M{report.month}"
        title = f"{measure.name}: {report.system_code}'s providers, {when}"
        spec = funnel_spec(
            result.funnel,
            highlight=[p.org_code for p in result.points],
            title=title,
            x_title=measure.denominator,
            y_title=measure.numerator if measure.kind is MeasureKind.PROPORTION else measure.unit,
            improvement_direction=direction,
        )
        charts.append(
            Chart(
                f"funnel-{measure.code}",
                title,
                spec["description"],
                spec,
                render_svg(spec, state.svg_cache),
            )
        )
    return charts


def _spc_charts(state: AppState, report: QualityReport, measure_code: str) -> list[Chart]:
    return [
        Chart(
            f"spc-{org}-{code}",
            spec["title"],
            spec["description"],
            spec,
            render_svg(spec, state.svg_cache),
        )
        for org, code, spec in report.spc_charts
        if code == measure_code
    ]


def _page(
    request: Request,
    user: Principal,
    period: Period,
    measure: str,
    status: int = 200,
    **extra: object,
) -> Response:
    state = app_state(request)
    report = _report(state, period)
    context = {
        "title": f"Quality: {period.label}",
        "nav_key": "quality",
        "period": period,
        "report": report,
        "tables": _tables(report, period.label),
        "funnels": _funnel_charts(state, report),
        "spc_charts": _spc_charts(state, report, measure),
        "measures": MEASURES,
        "chosen_measure": measure,
        "may_submit": user.role is Role.SUBMITTER,
        "page_url": f"/quality?{period.query}",
        **extra,
    }
    return render(request, "quality.html", context, user, status)


@router.get("/quality")
def quality_page(
    request: Request,
    user: PageUser,
    year: Annotated[str | None, Query(max_length=7)] = None,
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
    measure: Annotated[str, Query(max_length=40)] = MEASURES[0].code,
    download: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    state = app_state(request)
    period = resolve_period(state.db, None, year, month)
    measure = measure if measure in BY_CODE else MEASURES[0].code
    if download:
        tables = _tables(_report(state, period), period.label)
        return download_response(tables, download, f"quality-{period.file_name}")
    return _page(request, user, period, measure)


@router.get("/quality/template")
def template(
    _user: PageUser,
    org: Annotated[str, Query(min_length=3, max_length=12)],
    year: Annotated[str, Query(max_length=7)],
    month: Annotated[int, Query(ge=1, le=12)],
) -> Response:
    """A blank quality return for a provider and month (CSV)."""
    financial_year = parse_year(year)
    name = f"quality-{org.upper()}-{financial_year.label.replace('/', '-')}-{month_label(month)}"
    return Response(
        template_csv(org.upper(), financial_year, month),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}.csv"'},
    )


@router.post("/quality")
async def upload(request: Request, user: PageUser) -> Response:
    form = await request.form(max_part_size=MAX_UPLOAD_BYTES + 1)
    check_csrf(request, form)
    state = app_state(request)
    period = resolve_period(state.db, None, None, None)
    measure = MEASURES[0].code
    try:
        data, name = await read_upload(form.get("quality_file"))
        result = await run_in_threadpool(submit_quality_return, state.db, data, name, user)
    except InvalidDataError as error:
        return _page(
            request, user, period, measure, 422, issues=error.issues, file_name=error.message
        )
    except (ForbiddenError, OpenbookError) as error:
        return _page(
            request,
            user,
            period,
            measure,
            error.status_code,
            problem=error.message,
            hint=error.hint,
        )
    stored = result.quality_return
    request.session["notice"] = (
        f"Stored {name} as version {result.version}."
        if result.created
        else f"{name} is identical to version {result.version}; nothing new was stored."
    )
    target = f"/quality?year={stored.year.label}&month={stored.month}"
    return send_after(request, RedirectResponse(target, status_code=303))
