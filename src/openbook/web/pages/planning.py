"""Medium-term financial planning (issue 18): the Dorset demonstration bridge, stored plans
with their results by year, bridge and tornado charts, scenarios side by side, assumption
sets; every table downloads as CSV or XLSX. The same use cases as `openbook plan`."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from openbook.kernel.error import DataIssue, InvalidDataError
from openbook.planning import query, record
from openbook.planning.demonstration import dorset_document
from openbook.rebalancing.solve import solve_control_totals_data
from openbook.web import forms
from openbook.web.charts import tornado_chart
from openbook.web.pages.planning_tables import (
    bridge_chart,
    dorset_tables,
    money_of,
    pct_of,
    result_tables,
    shared_targets_table,
)
from openbook.web.rendering import NavItem, render
from openbook.web.security import PageUser, check_csrf
from openbook.web.state import app_state
from openbook.web.tables import Column, Kind, Link, Table, download_response

router = APIRouter(include_in_schema=False)
NAV = NavItem("planning", "Plans", "/planning", order=35)
MAX_UPLOAD = 2 * 1024 * 1024


def _scenarios_table(request: Request) -> Table:
    found = query.list_scenarios(app_state(request).db)
    rows: list[list[Any]] = [
        [
            Link(s.name, "/planning/scenario?" + urlencode({"name": s.name})),
            s.version,
            s.recorded_by,
            s.recorded_at.date().isoformat(),
        ]
        for s in found
    ]
    return Table(
        "scenarios",
        "Stored scenarios (latest versions)",
        [Column("Scenario"), Column("Version", Kind.NUMBER), Column("By"), Column("Recorded")],
        rows,
    )


@router.get("/planning")
def planning_page(request: Request, user: PageUser, with_funding: bool = False) -> Response:
    document = dorset_document(with_funding)
    tables = [_scenarios_table(request), *dorset_tables(document)]
    if "download" in request.query_params:
        return download_response(tables, str(request.query_params["download"]), "planning")
    return _planning(request, user, document, tables, with_funding)


def _planning(
    request: Request,
    user: Any,
    document: dict[str, Any],
    tables: list[Table],
    with_funding: bool,
    issues: list[DataIssue] | None = None,
) -> Response:
    cache = app_state(request).svg_cache
    charts = [
        bridge_chart(
            f"dorset-{i}", f"{b['name']} {document['financial_year']}", b["gap"], b["bridge"], cache
        )
        for i, b in enumerate(document["bridges"])
    ]
    context = {
        "title": "Plans",
        "nav_key": "planning",
        "document": document,
        "tables": tables,
        "charts": charts,
        "with_funding": with_funding,
        "issues": issues or [],
        "can_plan": record.can_plan(user),
        "page_url": "/planning" + ("?with_funding=true" if with_funding else ""),
    }
    return render(request, "planning.html", context, user, 422 if issues else 200)


@router.post("/planning")
async def record_page(request: Request, user: PageUser) -> Response:
    form = await request.form()
    check_csrf(request, form)
    upload = form.get("scenario_file")
    data = await upload.read(MAX_UPLOAD + 1) if isinstance(upload, UploadFile) else b""
    name = (upload.filename if isinstance(upload, UploadFile) else None) or "scenario.json"
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    reason = forms.text(form, "reason", "the reason", required=False, max_length=2000) or None
    try:
        document = json.loads(data.decode("utf-8")) if data and len(data) <= MAX_UPLOAD else None
        if document is None:
            raise InvalidDataError(
                "no file", [DataIssue(name, "choose a scenario file (JSON, at most 2 MB)")]
            )
        stored = record.record_scenario(app_state(request).db, user, document, name, reason)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        issues = [DataIssue(name, f"not valid JSON: {error}")]
    except InvalidDataError as error:
        issues = error.issues
    else:
        return RedirectResponse(
            "/planning/scenario?" + urlencode({"name": stored.name}), status_code=303
        )
    document_ = dorset_document()
    return _planning(
        request,
        user,
        document_,
        [_scenarios_table(request), *dorset_tables(document_)],
        False,
        issues,
    )


@router.get("/planning/scenario")
def scenario_page(
    request: Request, user: PageUser, name: str, version: int | None = None
) -> Response:
    db = app_state(request).db
    result = query.calculate_stored(db, name, version)
    history = query.scenario_history(db, name)
    tornado = query.tornado_stored(db, name)
    tables = result_tables(result)
    tables.append(
        Table(
            "history",
            "Versions",
            [Column("Version"), Column("Recorded"), Column("By"), Column("Reason"), Column("From")],
            [
                [
                    Link(
                        f"v{v.version}",
                        "/planning/scenario?" + urlencode({"name": name, "version": v.version}),
                    ),
                    v.recorded_at.isoformat(timespec="minutes"),
                    v.recorded_by,
                    v.reason or "",
                    v.basis or v.copied_from or "",
                ]
                for v in history
            ],
        )
    )
    shared = query.share_stored(db, name, solve_control_totals_data, result["version"])
    tables.append(shared_targets_table(shared))
    tables.append(
        Table(
            "tornado",
            f"Sensitivity of the system gap {tornado['financial_year']} (±1 point each year)",
            [
                Column("Assumption"),
                Column("Gap, down", Kind.MONEY),
                Column("Gap, up", Kind.MONEY),
                Column("Swing", Kind.MONEY),
            ],
            [
                [b["label"], money_of(b["gap_low"]), money_of(b["gap_high"]), money_of(b["swing"])]
                for b in tornado["bars"]
            ],
        )
    )
    page_url = "/planning/scenario?" + urlencode({"name": name, "version": result["version"]})
    if "download" in request.query_params:
        return download_response(tables, str(request.query_params["download"]), "plan")
    cache = app_state(request).svg_cache
    last = result["system"]["years"][-1]
    charts = [
        bridge_chart(
            "bridge", f"System bridge {last['financial_year']}", last["gap"], last["bridge"], cache
        ),
        tornado_chart(
            "tornado",
            f"System gap {tornado['financial_year']}: each assumption ±1 point",
            money_of(tornado["base_gap"]),
            [
                (b["label"], money_of(b["gap_low"]), money_of(b["gap_high"]))
                for b in tornado["bars"]
            ],
            cache,
        ),
    ]
    stored = query.get_scenario(db, name, result["version"])
    context = {
        "title": f"Plan: {name}",
        "nav_key": "planning",
        "name": name,
        "result": result,
        "tables": tables,
        "charts": charts,
        "shared": shared,
        "assumptions": json.dumps(stored.document["assumptions"], indent=1),
        "can_plan": record.can_plan(user),
        "others": [s.name for s in query.list_scenarios(db) if s.name != name],
        "page_url": page_url,
    }
    return render(request, "planning_scenario.html", context, user)


@router.post("/planning/scenario")
async def change_page(request: Request, user: PageUser, name: str) -> Response:
    """Copy the scenario (`new_name`), or change its assumptions (`assumptions`, JSON)."""
    form = await request.form()
    check_csrf(request, form)
    db = app_state(request).db
    reason = forms.text(form, "reason", "the reason", required=False, max_length=2000) or None
    new_name = forms.text(form, "new_name", "the new name", required=False, max_length=200)
    if new_name:
        stored = record.copy_scenario(db, user, name, new_name, reason)
    else:
        text = forms.text(form, "assumptions", "the assumptions", required=True, max_length=20000)
        try:
            changes = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.FormError(
                "assumptions", f"the assumptions are not JSON: {error.msg}"
            ) from None
        stored = record.amend_assumptions(db, user, name, changes, reason)
    return RedirectResponse(
        "/planning/scenario?" + urlencode({"name": stored.name}), status_code=303
    )


@router.get("/planning/compare")
def compare_page(request: Request, user: PageUser, a: str, b: str) -> Response:
    document = query.compare_stored(app_state(request).db, a, b)
    columns = [
        Column("Name"),
        Column("Year"),
        Column("Gap A", Kind.MONEY),
        Column("Gap B", Kind.MONEY),
        Column("B - A", Kind.MONEY),
    ]
    columns += [
        Column("CIP % A", Kind.PERCENT),
        Column("CIP % B", Kind.PERCENT),
        Column("CIP % B - A", Kind.PERCENT),
    ]
    rows = [
        [
            r["name"],
            r["financial_year"],
            money_of(r["gap_a"]),
            money_of(r["gap_b"]),
            money_of(r["gap_change"]),
            pct_of(r["cip_pct_required_a"]),
            pct_of(r["cip_pct_required_b"]),
            pct_of(r["cip_pct_required_change"]),
        ]
        for r in document["rows"]
    ]
    table = Table("comparison", f"A: {a} — B: {b}", columns, rows)
    if "download" in request.query_params:
        return download_response([table], str(request.query_params["download"]), "plan-compare")
    context = {
        "title": "Plans side by side",
        "nav_key": "planning",
        "a": a,
        "b": b,
        "table": table,
        "page_url": "/planning/compare?" + urlencode({"a": a, "b": b}),
    }
    return render(request, "planning_compare.html", context, user)


@router.get("/planning/assumptions")
def assumptions_page(request: Request, user: PageUser) -> Response:
    found = query.list_assumption_sets(app_state(request).db)
    table = Table(
        "assumption-sets",
        "Assumption sets, every version",
        [
            Column("Name"),
            Column("Version", Kind.NUMBER),
            Column("By"),
            Column("Recorded"),
            Column("Reason"),
            Column("Assumptions"),
        ],
        [
            [
                s.name,
                s.version,
                s.recorded_by,
                s.recorded_at.isoformat(timespec="minutes"),
                s.reason or "",
                json.dumps(s.document["assumptions"]),
            ]
            for s in found
        ],
    )
    if "download" in request.query_params:
        return download_response([table], str(request.query_params["download"]), "planning")
    context = {
        "title": "Assumption sets",
        "nav_key": "planning",
        "table": table,
        "page_url": "/planning/assumptions",
    }
    return render(request, "planning_assumptions.html", context, user)
