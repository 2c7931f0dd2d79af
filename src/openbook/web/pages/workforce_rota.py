"""The shared rota pages: the roster of a Dorset rota as a grid of people by days (coloured
by site, gaps highlighted, with the roster in words beside it), its workbook, a person's
iCalendar, and three separate site rotas against one shared rota. Solved on the first request
for the register in force, then kept (a solve depends only on the rota and the register)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from openbook.kernel.cache import remember
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError, OpenbookError
from openbook.web.rendering import render
from openbook.web.security import PageUser
from openbook.web.state import app_state
from openbook.web.tables import Column, Kind, Table, download_response
from openbook.workforce.rota.calendar import render_ics
from openbook.workforce.rota.compare import Comparison
from openbook.workforce.rota.grid import build_grid, describe_gaps, describe_person, rota_workbook
from openbook.workforce.rota.shared import describe_exclusions
from openbook.workforce.rota_case import (
    SolvedRota,
    compare_rota_case,
    get_rota_case,
    solve_rota_case,
)

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def solved_rota(db: Database, service: str, site: str | None = None) -> SolvedRota:
    """The rota solved for the register in force, once per register content."""
    case = get_rota_case(db, service, site)
    return remember(db, ("workforce-rota", *case.key), lambda: solve_rota_case(case), version=0)


def compared_rota(db: Database, service: str) -> Comparison:
    case = get_rota_case(db, service)
    return remember(db, ("workforce-compare", *case.key), lambda: compare_rota_case(case),
                    version=0)  # fmt: skip


def _solved(request: Request, service: str) -> SolvedRota:
    site = request.query_params.get("site") or None
    solved = solved_rota(app_state(request).db, service, site)
    if solved.result.roster is None:
        raise OpenbookError(f"the {service} rota has no roster: {solved.result.status.label}")
    return solved


@router.get("/workforce/rotas/{service}")
def rota_page(request: Request, service: str, user: PageUser) -> Response:
    solved = _solved(request, service)
    rota, result = solved.case.rota, solved.result
    assert result.roster is not None
    assert result.breakdown is not None
    if request.query_params.get("download") == "xlsx":
        name = "-".join(part for part in ("rota", service, solved.case.site) if part)
        disposition = f'attachment; filename="{name}.xlsx"'
        return Response(rota_workbook(rota, result), media_type=XLSX,
                        headers={"content-disposition": disposition})  # fmt: skip
    grid = build_grid(rota, result.roster)
    context = {
        "title": solved.case.spec.name,
        "nav_key": "workforce",
        "service": service,
        "solved": solved,
        "grid": grid,
        "people_text": [describe_person(grid, row) for row in grid.rows],
        "gaps_text": describe_gaps(grid),
        "exclusions": describe_exclusions(rota),
        "breakdown": result.breakdown,
        "query": f"?site={solved.case.site}" if solved.case.site else "",
    }
    return render(request, "workforce_rota.html", context, user)


@router.get("/workforce/rotas/{service}/people/{person_id}.ics")
def rota_calendar(request: Request, service: str, person_id: str, _user: PageUser) -> Response:
    solved = _solved(request, service)
    rota = solved.case.rota
    if person_id not in rota.employees or rota.start_date is None:
        raise NotFoundError(f"'{person_id}' is not on the {service} rota")
    assert solved.result.roster is not None
    text = render_ics(rota, solved.result.roster, person_id, rota.start_date)
    return Response(text.encode("utf-8"), media_type="text/calendar; charset=utf-8", headers={
        "content-disposition": f'attachment; filename="{service}-{person_id}.ics"'})  # fmt: skip


def comparison_tables(comparison: Comparison) -> list[Table]:
    arrangements = (comparison.separate, comparison.shared)
    summary = Table(
        "comparison",
        "The same cover, two ways of organising it",
        [Column("Arrangement"), Column("Staff on rota", Kind.NUMBER),
         Column("Staff needed", Kind.NUMBER), Column("Cover short (shifts)", Kind.NUMBER),
         Column("Requests unmet", Kind.NUMBER), Column("Weekends max", Kind.NUMBER),
         Column("Weekends mean"), Column("Proven")],
        [[a.name, a.staff_on_rota, a.staff_needed, a.shortfall, a.unmet_requests,
          max(a.weekends.values(), default=0),
          f"{sum(a.weekends.values()) / max(len(a.weekends), 1):.1f}",
          "yes" if a.staff_needed_proven else "no"] for a in arrangements],
    )  # fmt: skip
    people = sorted(set(comparison.separate.weekends) | set(comparison.shared.weekends))
    weekends = Table(
        "weekends",
        "Weekends worked by each person",
        [Column("Person"), Column("Separate site rotas", Kind.NUMBER),
         Column("One shared rota", Kind.NUMBER)],
        [[p, comparison.separate.weekends.get(p, 0), comparison.shared.weekends.get(p, 0)]
         for p in people],
    )  # fmt: skip
    return [summary, weekends]


@router.get("/workforce/rotas/{service}/compare")
def compare_page(request: Request, service: str, user: PageUser) -> Response:
    db = app_state(request).db
    case = get_rota_case(db, service)
    tables = comparison_tables(compared_rota(db, service))
    if "download" in request.query_params:
        return download_response(tables, str(request.query_params["download"]), service)
    context = {
        "title": f"{case.spec.name}: separate or shared",
        "nav_key": "workforce",
        "service": service,
        "case": case,
        "tables": tables,
        "page_url": f"/workforce/rotas/{service}/compare",
    }
    return render(request, "workforce_compare.html", context, user)
