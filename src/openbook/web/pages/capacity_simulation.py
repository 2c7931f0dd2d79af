"""Demand and capacity by simulation (issue 22): the stroke pathway, pooling and cath labs,
each a GET form whose answer is the same as `openbook capacity ... --format json` for the
same options. A simulation runs in the background (openbook.jobs: a queue in the store, so
any web process or instance answers for it), named by its parameters:
the page shows its progress, polled by app.js, and reloads when it is done; the result is
kept, so the same link answers at once afterwards. Tables download as CSV or XLSX, and the
whole result as the command line's workbook (`download=workbook.xlsx`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse, Response

from openbook.jobs.model import JobStatus
from openbook.kernel.error import NotFoundError
from openbook.web import forms
from openbook.web.capacity_runs import (
    Run,
    cath_labs_run,
    pooling_run,
    stay_sensitivity_run,
    stroke_pathway_run,
)
from openbook.web.capacity_views import (
    CAPACITY_PAGES,
    cath_labs_view,
    pooling_view,
    sensitivity_view,
    stroke_pathway_view,
)
from openbook.web.forms import FormError
from openbook.web.rendering import render
from openbook.web.security import PageUser
from openbook.web.state import app_state
from openbook.web.tables import MEDIA_TYPES, download_response

router = APIRouter(include_in_schema=False)


def number(form: Any, name: str, label: str, low: float, high: float, default: str) -> float:
    value = forms.text(form, name, label, max_length=20) or default
    try:
        result = float(value)
    except ValueError:
        result = float("nan")
    if not low <= result <= high:  # also refuses nan and inf
        raise FormError(name, f"{label} must be a number from {low:g} to {high:g}; found {value!r}")
    return result


def whole(form: Any, name: str, label: str, low: int, high: int, default: str) -> int:
    value = forms.text(form, name, label, max_length=12) or default
    if not value.strip().isdigit() or not low <= int(value) <= high:
        raise FormError(
            name, f"{label} must be a whole number from {low} to {high}; found {value!r}"
        )
    return int(value)


def choice(form: Any, name: str, label: str, options: tuple[str, ...]) -> str:
    value = forms.text(form, name, label, max_length=40) or options[0]
    if value not in options:
        raise FormError(name, f"{label} must be {' or '.join(options)}; found {value!r}")
    return value


def targets(form: Any, default: str = "7,50") -> tuple[int, ...]:
    text = forms.text(form, "one_in", "the targets", max_length=60) or default
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts or not all(p.isdigit() and 2 <= int(p) <= 100_000 for p in parts):
        raise FormError(
            "one_in", f"the targets must be whole numbers (1 in N) like 7,50; found {text!r}"
        )
    return tuple(int(p) for p in parts)


def _field(name: str, label: str, value: Any, options: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"name": name, "label": label, "value": value, "options": options}


def _page(
    request: Request,
    user: Any,
    run: Run,
    fields: list[dict[str, Any]],
    title: str,
    intro: str,
    view: Callable[[Any], tuple[list[Any], list[Any], list[str]]],
    workbook: Callable[[Any], bytes] | None,
) -> Response:
    job, result = run.start(app_state(request).jobs, user.username)
    status = job.status  # once: the job may finish while the page renders
    query = urlencode({f["name"]: f["value"] for f in fields})
    context: dict[str, Any] = {
        "title": title,
        "intro": intro,
        "nav_key": "capacity",
        "pages": CAPACITY_PAGES,
        "here": request.url.path,
        "fields": fields,
        "job": job,
        "status": status.value,
        "progress": (job.done, job.total),
        "page_url": f"{request.url.path}?{query}",
        "tables": [],
        "charts": [],
        "notes": [],
        "workbook": workbook is not None,
    }
    download = request.query_params.get("download")
    if status is JobStatus.DONE:
        tables, charts, notes = view(result)
        if download == "workbook.xlsx" and workbook is not None:
            return Response(
                workbook(result),
                media_type=MEDIA_TYPES["xlsx"],
                headers={"content-disposition": f'attachment; filename="{run.kind}.xlsx"'},
            )
        if download:
            return download_response(tables, str(download), run.kind)
        context.update(tables=tables, charts=charts, notes=notes)
    return render(request, "capacity_simulation.html", context, user)


@router.get("/capacity/stroke-pathway")
def stroke_pathway_page(request: Request, user: PageUser) -> Response:
    from openbook.capacity.export import stroke_pathway_xlsx

    q = request.query_params
    acute = forms.text(q, "acute_beds", "the acute beds", max_length=100) or "9..14"
    rehab = forms.text(q, "rehab_beds", "the rehabilitation beds", max_length=100) or "10..16"
    method = choice(q, "method", "the method", ("occupancy", "queue"))
    replications = whole(q, "replications", "the replications", 2, 200, "30")
    admissions = number(q, "admissions_multiplier", "the admissions multiplier", 0.1, 10, "1")
    stay = number(q, "stay_multiplier", "the stay multiplier", 0.1, 10, "1")
    one_in = targets(q)
    run = stroke_pathway_run(
        acute_beds=acute,
        rehab_beds=rehab,
        method=method,
        replications=replications,
        admissions_multiplier=admissions,
        stay_multiplier=stay,
        one_in=one_in,
    )
    fields = [
        _field("acute_beds", "Acute beds (e.g. 9..14)", acute),
        _field("rehab_beds", "Rehabilitation beds (e.g. 10..16)", rehab),
        _field("method", "Method", method, ("occupancy", "queue")),
        _field("replications", "Replications", replications),
        _field("admissions_multiplier", "Admissions × (e.g. 1.05)", f"{admissions:g}"),
        _field("stay_multiplier", "Lengths of stay ×", f"{stay:g}"),
        _field("one_in", "Targets, 1 in N (e.g. 7,50)", ",".join(map(str, one_in))),
    ]
    cache = app_state(request).svg_cache
    return _page(
        request,
        user,
        run,
        fields,
        "Capacity: stroke pathway",
        "The two-unit stroke pathway of Monks et al. (2016), with its published parameters: "
        "each unit's probability of delay against beds, by simulation (3 years' warm-up, "
        "5 years' daily audit). The same numbers as openbook capacity stroke-pathway.",
        lambda result: stroke_pathway_view(result, cache),
        stroke_pathway_xlsx,
    )


@router.get("/capacity/pooling")
def pooling_page(request: Request, user: PageUser) -> Response:
    from openbook.capacity.export import pooling_xlsx

    q = request.query_params
    scenario = choice(q, "scenario", "the scenario", ("stroke-units", "coronary-care"))
    default_target = "50" if scenario == "stroke-units" else "20"
    target = number(q, "target_one_in", "the target (1 in N)", 1.01, 1e6, default_target)
    method_default = "erlang-b" if scenario == "stroke-units" else "erlang-c"
    method = forms.text(q, "method", "the method", max_length=20) or method_default
    method = choice({"method": method}, "method", "the method", ("erlang-b", "erlang-c"))
    replications = whole(q, "replications", "the replications", 0, 200, "10")
    if replications == 1:
        raise FormError("replications", "the replications must be 0 (analytic only) or 2 or more")
    run = pooling_run(
        scenario=scenario, target_one_in=target, method=method, replications=replications
    )
    fields = [
        _field(
            "scenario", "Scenario (synthetic Dorset)", scenario, ("stroke-units", "coronary-care")
        ),
        _field("target_one_in", "Target: 1 in N delayed", f"{target:g}"),
        _field("method", "Method", method, ("erlang-b", "erlang-c")),
        _field("replications", "Replications (0: analytic only)", replications),
    ]
    return _page(
        request,
        user,
        run,
        fields,
        "Capacity: pooling",
        "Dorset's three sites planned separately against one pooled county service (central "
        "co-ordination): beds needed for the same delay target, and, simulated, the share of "
        "patients placed away from their home site. The same numbers as openbook capacity "
        "pooling.",
        lambda result: (*_pair(pooling_view(result)),),
        pooling_xlsx,
    )


@router.get("/capacity/cath-labs")
def cath_labs_page(request: Request, user: PageUser) -> Response:
    from openbook.capacity.export import cath_labs_xlsx

    q = request.query_params
    policy = choice(q, "policy", "the policy", ("priority", "deadline"))
    replications = whole(q, "replications", "the replications", 2, 200, "20")
    weeks = number(q, "weeks", "the weeks", 1, 520, "52")
    run = cath_labs_run(policy=policy, replications=replications, weeks=weeks)
    fields = [
        _field("policy", "Policy", policy, ("priority", "deadline")),
        _field("replications", "Replications", replications),
        _field("weeks", "Weeks simulated", f"{weeks:g}"),
    ]
    return _page(
        request,
        user,
        run,
        fields,
        "Capacity: cath labs",
        "Dorset's cath labs (synthetic demand) at three sites, or one county service taking "
        "cases from one list: urgent and elective waits, utilisation, overruns and patients "
        "treated away from home. The same numbers as openbook capacity cath-labs.",
        lambda result: (*_pair(cath_labs_view(result)),),
        cath_labs_xlsx,
    )


@router.get("/capacity/stay-sensitivity")
def stay_sensitivity_page(request: Request, user: PageUser) -> Response:
    q = request.query_params
    text = forms.text(q, "stay_multipliers", "the stay multipliers", max_length=80)
    text = text or "0.9,1,1.1,1.2"
    try:
        multipliers = tuple(float(p) for p in text.split(",") if p.strip())
    except ValueError:
        multipliers = ()
    if not multipliers or not all(0.1 <= m <= 10 for m in multipliers) or len(multipliers) > 10:
        raise FormError(
            "stay_multipliers",
            f"the stay multipliers must be up to 10 numbers from 0.1 to 10, like 0.9,1,1.1; "
            f"found {text!r}",
        )
    one_in = targets(q, "10,50")
    replications = whole(q, "replications", "the replications", 2, 100, "30")
    run = stay_sensitivity_run(
        stay_multipliers=multipliers, one_in=one_in, replications=replications
    )
    fields = [
        _field("stay_multipliers", "Stays × (e.g. 0.9,1,1.1,1.2)", text),
        _field("one_in", "Targets, 1 in N (e.g. 10,50)", ",".join(map(str, one_in))),
        _field("replications", "Replications", replications),
    ]
    return _page(
        request,
        user,
        run,
        fields,
        "Capacity: length of stay",
        "How many beds the published stroke pathway's acute and rehabilitation units need for "
        "each delay target as every length of stay lengthens or shortens. The same numbers as "
        "openbook capacity stay-sensitivity.",
        lambda result: (*_pair(sensitivity_view(result)),),
        None,
    )


def _pair(view: tuple[list[Any], list[str]]) -> tuple[list[Any], list[Any], list[str]]:
    tables, notes = view
    return tables, [], notes


@router.get("/capacity/jobs/{job}")
def job_status(
    request: Request,
    user: PageUser,  # noqa: ARG001 - signed in
    job: Annotated[str, Path(min_length=1, max_length=64, pattern="^[0-9a-f]+$")],
) -> Response:
    """A job's progress for the page's polling (app.js)."""
    state = app_state(request)
    found = state.jobs.get(job) or state.local_jobs.get(job)
    if found is None:
        raise NotFoundError(f"no job {job}")
    return JSONResponse(found.status_dict())
