"""Comparing two versions of an organisation's return for a month, on the page: every amount
that changed, line by line (downloadable), and the risks added, removed or changed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from openbook.finance.version_diff import diff_versions
from openbook.web.pages.period import resolve_period
from openbook.web.rendering import render
from openbook.web.security import PageUser
from openbook.web.state import app_state
from openbook.web.tables import Column, Kind, Table, download_response

router = APIRouter(include_in_schema=False)
COLUMN_LABELS = {
    "annual_plan": "Annual plan",
    "plan_ytd": "YTD plan",
    "actual_ytd": "YTD actual",
    "forecast_outturn": "Forecast outturn",
}


@router.get("/systems/{system_code}/organisations/{org_code}/returns/diff")
def return_diff_page(
    request: Request,
    user: PageUser,
    system_code: str,
    org_code: str,
    year: Annotated[str | None, Query(max_length=7)] = None,
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
    from_version: Annotated[int | None, Query(alias="from", ge=1, le=100_000)] = None,
    to_version: Annotated[int | None, Query(alias="to", ge=1, le=100_000)] = None,
    download: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    db = app_state(request).db
    period = resolve_period(db, system_code, year, month)
    diff = diff_versions(db, org_code.upper(), period.year, period.month, from_version, to_version)
    table = Table(
        "changes",
        f"Amounts changed from version {diff.before.version} to {diff.after.version}",
        [
            Column("Line"),
            Column("Column"),
            Column("Before", Kind.MONEY),
            Column("After", Kind.MONEY),
            Column("Change", Kind.MONEY),
        ],
        [[c.line_code, COLUMN_LABELS[c.column], c.before, c.after, c.change] for c in diff.lines],
    )
    if download:
        return download_response([table], download, f"{diff.org_code}-return-diff")
    base = f"/systems/{period.system_code}/organisations/{diff.org_code}"
    context = {
        "title": f"{diff.org_code} {period.label}: what changed",
        "nav_key": "overview",
        "diff": diff,
        "table": table,
        "back": f"{base}?{period.query}",
        "page_url": f"{base}/returns/diff?{period.query}&from={diff.before.version}"
        f"&to={diff.after.version}",
    }
    return render(request, "return_diff.html", context, user)
