"""Stroke-unit configuration search (issue 21): every configuration of the candidate units,
filtered by the rules, ranked by mean travel time, with the Pareto front. Without a query it
shows Dorset's comparison (`openbook stroke-units dorset`): every two-unit configuration of
Dorset's units and its neighbours' ranked, where east + west stands and why, and the best
configurations meeting both rules; with one, the search `openbook stroke-units search`
runs for those options. GET only; it stores nothing."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from openbook.configuration.dorset import DORSET_REGION, EAST_WEST
from openbook.configuration.search import Method
from openbook.configuration.stroke_unit import search_stroke_units
from openbook.web import forms
from openbook.web.forms import FormError
from openbook.web.pages.capacity_simulation import number, whole
from openbook.web.pages.stroke_units import POSTCODE
from openbook.web.rendering import render
from openbook.web.security import PageUser
from openbook.web.state import app_state
from openbook.web.stroke_data import (
    cache_dir,
    configurations_table,
    dorset_comparison,
    pareto_chart,
)
from openbook.web.tables import download_response

router = APIRouter(include_in_schema=False)
REGION = r"^[EW][0-9]{8}$"
FIELDS = ("region", "max_units", "candidates", "within", "min_admissions")


def read_search(q: Any) -> dict[str, Any]:
    import re

    region = (forms.text(q, "region", "the region", max_length=20) or DORSET_REGION).upper()
    if not re.match(REGION, region):
        raise FormError("region", f"the region must be a code like E38000045; found {region!r}")
    text = (forms.text(q, "candidates", "the candidates", max_length=2000) or "").upper()
    candidates = [p.strip().replace(" ", "") for p in text.split(",") if p.strip()]
    bad = [p for p in candidates if not POSTCODE.match(p)]
    if bad:
        raise FormError(
            "candidates", f"the candidates must be postcodes separated by commas; found {bad[0]!r}"
        )
    within_text = forms.text(q, "within", "the time limit", max_length=12)
    return {
        "region": region,
        "max_units": whole(q, "max_units", "the most units", 1, 6, "2"),
        "candidates": candidates,
        "within": None if not within_text else number(q, "within", "the time limit", 1, 600, ""),
        "min_admissions": number(q, "min_admissions", "the minimum admissions", 0, 1e6, "600"),
    }


@router.get("/stroke-units/search")
def stroke_units_search_page(request: Request, user: PageUser) -> Response:
    q = request.query_params
    cache = cache_dir(request)
    svg_cache = app_state(request).svg_cache
    searched = any(q.get(name) for name in FIELDS)
    context: dict[str, Any] = {"title": "Stroke units: search", "nav_key": "stroke-units"}
    if not searched:
        comparison = dorset_comparison(cache)
        two = comparison.two_unit
        tables = [
            configurations_table(
                "two-unit",
                f"Every two-unit configuration of {len(two.candidates)} candidates, ranked by "
                "mean travel time (no rules)",
                two,
                [int(i) for i in two.ranking],
                EAST_WEST,
            ),
            configurations_table(
                "best",
                "The best configurations of up to 4 units with everyone within 60 minutes "
                "and every unit at least 600 admissions a year",
                comparison.best,
                [int(i) for i in comparison.best.ranking[:10]],
                EAST_WEST,
            ),
        ]
        chart = pareto_chart(comparison.best, svg_cache)
        form = {"region": DORSET_REGION, "max_units": "2", "candidates": "", "within": "60",
                "min_admissions": "600"}  # fmt: skip
        context.update(
            explanation=comparison.explanation,
            east_west_rank=comparison.east_west_rank,
            candidates=", ".join(two.candidates),
        )
        page_url = "/stroke-units/search"
    else:
        chosen = read_search(q)
        result, _ = search_stroke_units(
            chosen["region"],
            max_units=chosen["max_units"],
            candidates=chosen["candidates"],
            within_min=chosen["within"],
            min_admissions=chosen["min_admissions"],
            method=Method.enumerate,
            cache_dir=cache,
        )
        rules = [f"every unit at least {chosen['min_admissions']:g} admissions a year"]
        if chosen["within"] is not None:
            rules.insert(0, f"everyone within {chosen['within']:g} minutes")
        tables = [
            configurations_table(
                "ranked",
                f"{result.region_name}: {result.units.shape[0]:,} configurations of "
                f"{len(result.candidates)} candidates, {int(result.feasible.sum()):,} meet "
                f"the rules ({'; '.join(rules)}), best 25",
                result,
                [int(i) for i in result.ranking[:25]],
                EAST_WEST if chosen["region"] == DORSET_REGION else (),
            ),
            configurations_table(
                "pareto",
                "Pareto front (fewer units, lower mean, more within 30, larger smallest unit)",
                result,
                [int(i) for i in result.pareto],
                EAST_WEST if chosen["region"] == DORSET_REGION else (),
            ),
        ]
        chart = pareto_chart(result, svg_cache)
        form = {
            "region": chosen["region"],
            "max_units": str(chosen["max_units"]),
            "candidates": ",".join(chosen["candidates"]),
            "within": "" if chosen["within"] is None else f"{chosen['within']:g}",
            "min_admissions": f"{chosen['min_admissions']:g}",
        }
        context["candidates"] = ", ".join(result.candidates)
        page_url = f"/stroke-units/search?{urlencode(form)}"
    if "download" in q:
        return download_response(tables, str(q["download"]), "stroke-units-search")
    context.update(tables=tables, chart=chart, form=form, page_url=page_url, searched=searched)
    return render(request, "stroke_units_search.html", context, user)
