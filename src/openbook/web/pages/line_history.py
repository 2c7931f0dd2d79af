"""The drill-down below the organisation page: one line of its return month by month (plan,
actual and variance for each month and year to date, the forecast outturn each month's
return gave), with its trend; each month links to the organisation's page for that month."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from openbook.finance.line_history import get_line_history
from openbook.finance.model.line_history import LineHistory
from openbook.kernel.period import month_label, month_name
from openbook.kernel.table_writer import Cell
from openbook.web.charts import Chart, trend_chart
from openbook.web.pages.period import Period, resolve_period
from openbook.web.rendering import render
from openbook.web.security import PageUser
from openbook.web.state import app_state
from openbook.web.tables import Column, Kind, Link, Table, download_response

router = APIRouter(include_in_schema=False)
M = Kind.MONEY


def months_table(history: LineHistory, period: Period) -> Table:
    columns = [
        Column("Month"),
        Column("Plan", M),
        Column("Actual", M),
        Column("Variance (actual less plan)", M),
        Column("YTD plan", M),
        Column("YTD actual", M),
        Column("YTD variance", M),
        Column("Forecast outturn", M),
        Column("Annual plan", M, on_page=False),
        Column("Return version", Kind.NUMBER, on_page=False),
    ]
    rows: list[list[Cell | Link]] = []
    for entry in history.months:
        target = Period(
            period.system_code, period.system_name, period.year, entry.month, period.years,
            period.as_at,
        )  # fmt: skip
        label = f"{month_label(entry.month)} ({month_name(entry.month)})"
        rows.append(
            [
                Link(label, f"{target.organisation_url(history.org_code)}#table-lines"),
                entry.plan_month,
                entry.actual_month,
                entry.month_variance,
                entry.plan_ytd,
                entry.actual_ytd,
                entry.ytd_variance,
                entry.forecast_outturn,
                entry.annual_plan,
                entry.version,
            ]
        )
    caption = f"{history.description} ({history.line_code}), {period.year.label} month by month"
    return Table("months", caption, columns, rows)


def line_charts(history: LineHistory, cache: dict[str, str]) -> list[Chart]:
    key = f"{history.org_code}-{history.line_code}".replace(".", "-")
    monthly = [(e.month, {"Plan": e.plan_month, "Actual": e.actual_month}) for e in history.months]
    ytd = [
        (
            e.month,
            {
                "YTD plan": e.plan_ytd,
                "YTD actual": e.actual_ytd,
                "Forecast outturn": e.forecast_outturn,
            },
        )
        for e in history.months
    ]
    return [
        trend_chart(f"line-month-{key}", f"{history.description}: plan and actual", monthly, cache),
        trend_chart(
            f"line-ytd-{key}", f"{history.description}: year to date and forecast", ytd, cache
        ),
    ]


@router.get("/systems/{system_code}/organisations/{org_code}/lines/{line_code}")
def line_page(
    request: Request,
    user: PageUser,
    system_code: str,
    org_code: str,
    line_code: Annotated[str, Path(max_length=60)],
    year: Annotated[str | None, Query(max_length=7)] = None,
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
    as_at: Annotated[str | None, Query(max_length=32)] = None,
    download: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    state = app_state(request)
    period = resolve_period(state.db, system_code, year, month, as_at)
    history = get_line_history(
        state.db, org_code.upper(), period.year, line_code, period.month, period.as_at
    )
    table = months_table(history, period)
    name = f"{history.org_code}-{history.line_code}-{period.file_name}"
    if download:
        return download_response([table], download, name)
    page_url = (
        f"/systems/{period.system_code}/organisations/{history.org_code}/lines/"
        f"{history.line_code}?{period.query}"
    )
    context = {
        "title": f"{history.org_name}: {history.description}, {period.label}",
        "nav_key": "overview",
        "period": period,
        "history": history,
        "table": table,
        "page_url": page_url,
        "back": f"{period.organisation_url(history.org_code)}#table-lines",
        "charts": line_charts(history, state.svg_cache),
    }
    return render(request, "line_history.html", context, user)
