"""The cluster page: systems viewed as one at a month. Each member system's position, their
sum, the consolidated income and expenditure with the intra-cluster contracts eliminated as
their own lines, and each eliminated contract with its difference to agree. The same
figures as `openbook position --cluster` and GET /api/v1/clusters/{code}/position."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.period import FinancialYear, month_label, month_name
from openbook.kernel.table_writer import Cell
from openbook.reference.cluster_load import list_cluster_year_labels
from openbook.regime.cluster_dict import consolidation_lines
from openbook.regime.cluster_position import ClusterPosition, get_cluster_position
from openbook.web.pages.period import latest_month, parse_as_at_query, parse_year
from openbook.web.rendering import render
from openbook.web.security import PageUser
from openbook.web.state import app_state
from openbook.web.tables import Column, Kind, Link, Table, download_response

router = APIRouter(include_in_schema=False)
M = Kind.MONEY


@dataclass(frozen=True)
class ClusterPeriod:
    """The year and month shown, in the shape the period form takes."""

    cluster_code: str
    year: FinancialYear
    month: int
    years: tuple[str, ...]
    as_at: datetime | None = None  # the figures as they were known then; None: as they stand

    @property
    def as_at_label(self) -> str | None:
        return None if self.as_at is None else f"{self.as_at:%d %B %Y %H:%M} UTC"

    @property
    def label(self) -> str:
        return f"{self.year.label} {month_label(self.month)} ({month_name(self.month)})"

    @property
    def query(self) -> str:
        values: dict[str, str | int] = {"year": self.year.label, "month": self.month}
        if self.as_at is not None:
            values["as_at"] = self.as_at.isoformat(timespec="seconds")
        return urlencode(values)

    @property
    def months(self) -> list[tuple[int, str]]:
        return [(m, f"{month_label(m)} ({month_name(m)})") for m in range(1, 13)]


def resolve_cluster_period(
    db: Database, cluster_code: str, year: str | None, month: int | None, as_at: str | None
) -> ClusterPeriod:
    years = tuple(list_cluster_year_labels(db, cluster_code))
    if not years:
        raise NotFoundError(
            f"cluster {cluster_code!r} has no systems in any year",
            hint="define it with openbook cluster load FILE.yaml",
        )
    chosen = parse_year(year) if year else FinancialYear.parse(years[-1])
    if month is None:
        systems = get_cluster_position(db, cluster_code, chosen, 12).systems
        month = max(latest_month(db, r.system.system_code, chosen) for r in systems)
    return ClusterPeriod(cluster_code, chosen, month, years, parse_as_at_query(as_at))


def systems_table(report: ClusterPosition, period: ClusterPeriod) -> Table:
    rows: list[list[Cell | Link]] = [
        [
            Link(r.system.system_code, f"/systems/{r.system.system_code}?{period.query}",
                 r.system.name),
            r.system.name, r.position.control_total, r.position.forecast_outturn,
            r.position.gap, r.position.ytd_plan, r.position.ytd_actual, r.position.ytd_variance,
            r.position.rag.value.upper(),
        ]
        for r in report.systems
    ]  # fmt: skip
    p = report.position
    rows.append(["Cluster", report.cluster.name, p.control_total, p.forecast_outturn, p.gap,
                 p.ytd_plan, p.ytd_actual, p.ytd_variance, p.rag.value.upper()])  # fmt: skip
    return Table(
        "systems",
        f"Each system's position and the cluster's, {period.label} (£000)",
        [Column("System"), Column("Name", on_page=False), Column("Control total", M),
         Column("Forecast outturn", M), Column("Gap", M), Column("YTD plan", M),
         Column("YTD actual", M), Column("YTD variance", M), Column("RAG")],
        rows,
    )  # fmt: skip


def consolidation_table(report: ClusterPosition, period: ClusterPeriod) -> Table:
    return Table(
        "consolidated",
        f"Consolidated income and expenditure, {period.label} (£000)",
        [Column("Line"), Column("Year to date", M), Column("Forecast outturn", M)],
        [[text, pair.ytd, pair.forecast] for _, text, pair in consolidation_lines(report)],
    )


def eliminations_table(report: ClusterPosition, period: ClusterPeriod) -> Table:
    return Table(
        "eliminations",
        f"Contracts between the cluster's systems, eliminated, {period.label} (£000)",
        [Column("Commissioner"), Column("Provider"), Column("Annual value", M),
         Column("Provider's income YTD", M), Column("Commissioner's expenditure YTD", M),
         Column("Difference to agree YTD", M), Column("Difference to agree, forecast", M)],
        [
            [f"{e.commissioner_code} ({e.commissioner_system})",
             f"{e.provider_code} ({e.provider_system})", e.annual_value,
             e.income.ytd if e.provider_reported else None,
             e.expenditure.ytd if e.commissioner_reported else None,
             e.difference.ytd, e.difference.forecast]
            for e in report.eliminations
        ],
    )  # fmt: skip


@router.get("/clusters/{cluster_code}")
def cluster_page(
    request: Request,
    user: PageUser,
    cluster_code: str,
    year: Annotated[str | None, Query(max_length=7)] = None,
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
    download: Annotated[str | None, Query(max_length=40)] = None,
    as_at: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    db = app_state(request).db
    period = resolve_cluster_period(db, cluster_code.upper(), year, month, as_at)
    report = get_cluster_position(db, period.cluster_code, period.year, period.month, period.as_at)
    tables = [
        systems_table(report, period),
        consolidation_table(report, period),
        eliminations_table(report, period),
    ]
    if download:
        name = f"{period.cluster_code}-{period.year.label.replace('/', '-')}-M{period.month}"
        return download_response(tables, download, name)
    context = {
        "title": f"{report.cluster.name}: {period.label}",
        "nav_key": "overview",
        "period": period,
        "report": report,
        "tables": tables,
        "page_url": f"/clusters/{period.cluster_code}?{period.query}",
    }
    return render(request, "cluster.html", context, user)
