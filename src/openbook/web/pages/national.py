"""The national view: every system at its latest month with returns, its position against
its control total and its open escalations, each linking to that system's overview. The
same rows as GET /api/v1/national and `openbook national`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from openbook.governance.national import SystemSummary, list_national
from openbook.kernel.period import month_label
from openbook.kernel.table_writer import Cell
from openbook.web.rendering import NavItem, render
from openbook.web.security import PageUser
from openbook.web.state import app_state
from openbook.web.tables import Column, Kind, Link, Table, download_response

router = APIRouter(include_in_schema=False)
NAV = NavItem("national", "National view", "/national", order=12)
M, N = Kind.MONEY, Kind.NUMBER


def _system_url(row: SystemSummary) -> str:
    if row.financial_year is None or row.month is None:
        return f"/systems/{row.system_code}"
    return f"/systems/{row.system_code}?year={row.financial_year}&month={row.month}"


def national_table(rows: list[SystemSummary]) -> Table:
    body: list[list[Cell | Link]] = [
        [
            Link(r.system_code, _system_url(r), r.name), r.name, r.organisations,
            r.financial_year or "–", "–" if r.month is None else month_label(r.month),
            r.control_total, r.forecast_outturn, r.gap, (r.rag or "–").upper(),
            r.escalations_open,
        ]
        for r in rows
    ]  # fmt: skip
    return Table(
        "national",
        "Every system at its latest month with returns (£000)",
        [Column("System"), Column("Name"), Column("Organisations", N), Column("Year"),
         Column("Month"), Column("Control total", M), Column("Forecast outturn", M),
         Column("Gap", M), Column("RAG"), Column("Escalations open", N)],
        body,
    )  # fmt: skip


@router.get("/national")
def national_page(
    request: Request,
    user: PageUser,
    download: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    rows = list_national(app_state(request).db)
    tables = [national_table(rows)]
    if download:
        return download_response(tables, download, "national")
    context = {
        "title": "National view: every system",
        "nav_key": "national",
        "rows": rows,
        "tables": tables,
        "synthetic": any(r.synthetic for r in rows),
        "invented": any("SYNTHETIC" in r.name for r in rows),
        "short": sum(1 for r in rows if r.gap is not None and r.gap < 0),
        "open": sum(r.escalations_open for r in rows),
        "page_url": "/national",
    }
    return render(request, "national.html", context, user)
