"""Demand and capacity (issue 22): beds for one unit by Erlang B or C, the same numbers as
`openbook capacity beds --format json`, as a table (CSV/XLSX downloads) and a curve of the
probability of delay against beds. A GET form: it computes and stores nothing."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from openbook.capacity.beds import calculate_beds
from openbook.capacity.model.queueing import Method
from openbook.capacity.model.scenario import BedsRequest
from openbook.capacity.request import parse_beds
from openbook.web import forms
from openbook.web.capacity_views import CAPACITY_PAGES
from openbook.web.charts import NHS_BLUE, Chart, _base, render_svg
from openbook.web.forms import FormError
from openbook.web.rendering import NavItem, render
from openbook.web.security import PageUser
from openbook.web.state import app_state
from openbook.web.tables import Column, Kind, Table, download_response

router = APIRouter(include_in_schema=False)
NAV = NavItem("capacity", "Capacity", "/capacity", order=60)
METHODS = {"erlang-b": Method.ERLANG_B, "erlang-c": Method.ERLANG_C}
DEFAULTS = {"arrivals_per_day": "1.2", "mean_stay_days": "7", "beds": "9..14", "method": "erlang-c"}


def number(form: Any, name: str, label: str, high: float) -> float:
    """A positive number no greater than `high`, else a 400 naming the field."""
    value = forms.text(form, name, label, required=True, max_length=20)
    try:
        result = float(value)
    except ValueError:
        result = float("nan")
    if not 0 < result <= high:  # also refuses nan and inf
        raise FormError(
            name, f"{label} must be a number above 0 and at most {high:g}; found {value!r}"
        )
    return result


def read_request(form: Any) -> BedsRequest:
    arrivals = number(form, "arrivals_per_day", "the arrivals a day", 1e6)
    stay = number(form, "mean_stay_days", "the mean stay in days", 1e4)
    text = forms.text(form, "beds", "the beds", required=True, max_length=100)
    counts, problems = parse_beds(text, "beds")
    if problems or not counts:
        why = problems[0].message if problems else "is empty"
        raise FormError("beds", f"the beds must be a number or a range like 9..14: {why}")
    method = forms.text(form, "method", "the method", required=True, max_length=20)
    if method not in METHODS:
        raise FormError("method", f"the method must be erlang-b or erlang-c; found {method!r}")
    return BedsRequest(arrivals, stay, counts, METHODS[method])


def delay_chart(rows: list[dict[str, Any]], method: str, cache: dict[str, str]) -> Chart:
    what = "loss" if method == "erlang-b" else "delay"
    values = [{"beds": r["beds"], "p_delay": r["p_delay"]} for r in rows]
    description = f"Probability of {what} by number of beds: " + "; ".join(
        f"{v['beds']} beds {v['p_delay']:.3f}" for v in values
    )
    spec = _base(f"Probability of {what} against beds", description, values)
    spec["height"] = 260
    spec["mark"] = {"type": "line", "point": True, "color": NHS_BLUE, "tooltip": True}
    spec["encoding"] = {
        "x": {"field": "beds", "type": "quantitative", "title": "Beds", "scale": {"zero": False}},
        "y": {"field": "p_delay", "type": "quantitative", "title": f"Probability of {what}"},
    }
    return Chart("delay", f"Probability of {what}", description, spec, render_svg(spec, cache))


@router.get("/capacity")
def capacity_page(request: Request, user: PageUser) -> Response:
    form = {**DEFAULTS, **dict(request.query_params)}
    beds_request = read_request(form)
    result: dict[str, Any] = dict(calculate_beds(beds_request).to_dict())
    table = Table(
        "beds",
        f"Offered load {result['offered_load']:.3f} ({result['method']})",
        [
            Column("Beds", Kind.NUMBER),
            Column("p_delay", Kind.NUMBER),
            Column("Occupancy", Kind.NUMBER),
        ],
        [[r["beds"], round(r["p_delay"], 6), round(r["occupancy"], 6)] for r in result["rows"]],
    )
    if "download" in request.query_params:
        return download_response([table], str(request.query_params["download"]), "capacity")
    query = urlencode({k: form[k] for k in DEFAULTS})
    cache = app_state(request).svg_cache
    context = {
        "title": "Capacity: beds",
        "nav_key": "capacity",
        "form": form,
        "result": result,
        "table": table,
        "chart": delay_chart(result["rows"], result["method"], cache),
        "page_url": f"/capacity?{query}",
        "pages": CAPACITY_PAGES,
        "here": "/capacity",
    }
    return render(request, "capacity.html", context, user)
