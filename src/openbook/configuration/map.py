"""Maps of a configuration as Vega-Lite specs: travel time by LSOA, and each unit's catchment.

Drawn with `geoshape` from the package's own boundaries (`geo.py`), so they render offline
(vl-convert, as the SPC charts do) to SVG or PNG for packs, and in a browser with vega-embed.
Each spec carries its text alternative as `description`; `describe_*` give the same words.
Open units are drawn as labelled points when they fall on the map; the others are named in
the text. A Pareto chart of a search's configurations is here too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from openbook.configuration.data import StrokeUnit
from openbook.configuration.evaluate import Evaluation
from openbook.configuration.geo import Geometry
from openbook.configuration.search import SearchResult
from openbook.kernel.error import OpenbookError
from openbook.spc.chart import VEGA_LITE_SCHEMA, render_png, render_svg

BANDS = ("up to 30 min", "30 to 45 min", "45 to 60 min", "over 60 min", "no route")
BAND_COLOURS = ("#005eb8", "#41b6e6", "#ffb81c", "#d5281b", "#768692")  # NHS identity colours
UNIT_COLOURS = (
    "#005eb8",
    "#ed8b00",
    "#009639",
    "#7c2855",
    "#41b6e6",
    "#ffb81c",
    "#330072",
    "#d5281b",
    "#00a499",
    "#425563",
    "#ae2573",
    "#78be20",
)
FONT = "Arial, Liberation Sans, DejaVu Sans, sans-serif"


def time_band(minutes: float) -> str:
    if not math.isfinite(minutes):
        return BANDS[4]
    if minutes <= 30:
        return BANDS[0]
    if minutes <= 45:
        return BANDS[1]
    return BANDS[2] if minutes <= 60 else BANDS[3]


def _features(evaluation: Evaluation, shapes: Mapping[str, Geometry]) -> list[dict[str, Any]]:
    features = []
    for name, minutes, unit, admissions in zip(
        evaluation.lsoa_names,
        evaluation.lsoa_time_min,
        evaluation.lsoa_unit,
        evaluation.lsoa_admissions,
        strict=True,
    ):
        if str(name) not in shapes:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": shapes[str(name)],
                "properties": {
                    "lsoa": str(name),
                    "minutes": round(float(minutes), 1) if math.isfinite(minutes) else None,
                    "band": time_band(float(minutes)),
                    "unit": str(unit) or "none",
                    "admissions": round(float(admissions), 2),
                },
            }
        )
    return features


def _bounds(shapes: Iterable[Geometry]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for shape in shapes:
        polygons = [shape["coordinates"]] if shape["type"] == "Polygon" else shape["coordinates"]
        for polygon in polygons:
            for x, y in polygon[0]:
                xs.append(x)
                ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def _unit_points(
    evaluation: Evaluation, units: Mapping[str, StrokeUnit], shapes: Mapping[str, Geometry]
) -> list[dict[str, Any]]:
    """Open units that fall on the map (its extent plus a tenth), for the point layer."""
    west, south, east, north = _bounds(shapes.values())
    pad_x, pad_y = (east - west) / 10, (north - south) / 10
    points = []
    for postcode in evaluation.open_units:
        unit = units.get(postcode)
        if unit is None or unit.latitude is None or unit.longitude is None:
            continue
        if west - pad_x <= unit.longitude <= east + pad_x and (
            south - pad_y <= unit.latitude <= north + pad_y
        ):
            points.append(
                {
                    "postcode": postcode,
                    "name": unit.name,
                    "latitude": unit.latitude,
                    "longitude": unit.longitude,
                    "admissions": round(evaluation.admissions_by_unit[postcode], 1),
                }
            )
    return points


def _point_layers(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    position = {
        "longitude": {"field": "longitude", "type": "quantitative"},
        "latitude": {"field": "latitude", "type": "quantitative"},
    }
    return [
        {
            "data": {"values": points},
            "mark": {
                "type": "point",
                "shape": "diamond",
                "filled": True,
                "size": 160,
                "color": "#212b32",
                "stroke": "white",
                "strokeWidth": 1.5,
            },
            "encoding": {
                **position,
                "tooltip": [
                    {"field": "name"},
                    {"field": "postcode"},
                    {"field": "admissions", "title": "admissions a year"},
                ],
            },
        },
        {
            "data": {"values": points},
            "mark": {
                "type": "text",
                "dy": -14,
                "fontSize": 12,
                "fontWeight": "bold",
                "color": "#212b32",
            },
            "encoding": {**position, "text": {"field": "postcode"}},
        },
    ]


def _unit_words(evaluation: Evaluation, units: Mapping[str, StrokeUnit]) -> str:
    return "; ".join(
        f"{units[p].name if p in units else p} ({p}) {evaluation.admissions_by_unit[p]:,.0f}"
        for p in evaluation.open_units
    )


def describe_travel_times(evaluation: Evaluation, units: Mapping[str, StrokeUnit]) -> str:
    """The text alternative of the travel-time map."""
    mode = "all to one unit" if evaluation.forced else "each to its nearest open unit"
    return (
        f"Travel time to a stroke unit for the {evaluation.lsoas} LSOAs of "
        f"{evaluation.region_name} ({evaluation.region}), {mode}: admissions-weighted mean "
        f"{evaluation.mean_time_min:.1f} minutes, longest {evaluation.max_time_min:.1f}; "
        f"{evaluation.pct_within_30:.1f}% of {evaluation.admissions_per_year:,.0f} admissions a "
        f"year within 30 minutes, {evaluation.pct_within_45:.1f}% within 45, "
        f"{evaluation.pct_within_60:.1f}% within 60. Admissions a year by unit: "
        f"{_unit_words(evaluation, units)}."
    )


def describe_catchments(evaluation: Evaluation, units: Mapping[str, StrokeUnit]) -> str:
    """The text alternative of the catchment map."""
    counts = {p: int((evaluation.lsoa_unit == p).sum()) for p in evaluation.open_units}
    parts = "; ".join(
        f"{units[p].name if p in units else p} ({p}): {counts[p]} LSOAs, "
        f"{evaluation.admissions_by_unit[p]:,.0f} admissions a year"
        for p in evaluation.open_units
    )
    below = ", ".join(evaluation.units_below_minimum) or "none"
    return (
        f"Catchments of the open stroke units for {evaluation.region_name} "
        f"({evaluation.region}): {parts}. Units inside the region below "
        f"{evaluation.minimum_admissions:,.0f} admissions a year: {below}."
    )


def _map_spec(
    title: str,
    description: str,
    features: list[dict[str, Any]],
    colour: dict[str, Any],
    points: list[dict[str, Any]],
    width: int,
) -> dict[str, Any]:
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": title,
        "description": description,
        "width": width,
        "height": round(width * 0.75),
        "projection": {"type": "mercator"},
        "layer": [
            {
                "data": {"values": features},
                "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.3},
                "encoding": {
                    "color": colour,
                    "tooltip": [
                        {"field": "properties.lsoa", "title": "LSOA"},
                        {"field": "properties.minutes", "title": "minutes"},
                        {"field": "properties.unit", "title": "unit"},
                        {"field": "properties.admissions", "title": "admissions a year"},
                    ],
                },
            },
            *(_point_layers(points) if points else []),
        ],
        "config": {"font": FONT, "view": {"stroke": None}},
    }


def travel_time_map_spec(
    evaluation: Evaluation,
    shapes: Mapping[str, Geometry],
    units: Mapping[str, StrokeUnit],
    title: str | None = None,
    width: int = 560,
) -> dict[str, Any]:
    """Choropleth of each LSOA's time to its unit, banded at 30, 45 and 60 minutes."""
    colour = {
        "field": "properties.band",
        "type": "ordinal",
        "title": "travel time",
        "scale": {"domain": list(BANDS), "range": list(BAND_COLOURS)},
    }
    return _map_spec(
        title or f"Travel time to a stroke unit: {', '.join(evaluation.open_units)}",
        describe_travel_times(evaluation, units),
        _features(evaluation, shapes),
        colour,
        _unit_points(evaluation, units, shapes),
        width,
    )


def catchment_map_spec(
    evaluation: Evaluation,
    shapes: Mapping[str, Geometry],
    units: Mapping[str, StrokeUnit],
    title: str | None = None,
    width: int = 560,
) -> dict[str, Any]:
    """Each LSOA coloured by the unit its patients go to."""
    served = set(evaluation.lsoa_unit.tolist())  # the legend names only units that serve an LSOA
    domain = [p for p in evaluation.open_units if p in served] + ["none"]
    colour = {
        "field": "properties.unit",
        "type": "nominal",
        "title": "stroke unit",
        "scale": {
            "domain": domain,
            "range": [UNIT_COLOURS[i % len(UNIT_COLOURS)] for i in range(len(domain) - 1)]
            + ["#768692"],
        },
    }
    return _map_spec(
        title or f"Catchments: {', '.join(evaluation.open_units)}",
        describe_catchments(evaluation, units),
        _features(evaluation, shapes),
        colour,
        _unit_points(evaluation, units, shapes),
        width,
    )


def describe_pareto(result: SearchResult) -> str:
    best = result.configuration(int(result.ranking[0])) if result.ranking.size else ()
    return (
        f"{result.units.shape[0]:,} configurations of {result.region_name} searched, "
        f"{int(result.feasible.sum()):,} meet the constraints, {result.pareto.size} on the "
        f"Pareto front; lowest mean time: {' + '.join(best) or 'none'}."
    )


def pareto_chart_spec(result: SearchResult, width: int = 560) -> dict[str, Any]:
    """Mean time against % within 30 minutes: every feasible configuration grey, the front
    coloured by number of units."""

    def row(index: int) -> dict[str, Any]:
        return {
            "units": " + ".join(result.configuration(index)),
            "n_units": int(result.n_units[index]),
            "mean": round(float(result.mean_time_min[index]), 2),
            "within_30": round(float(result.pct_within[index, 0]), 2),
        }

    x = {
        "field": "mean",
        "type": "quantitative",
        "title": "mean time (minutes)",
        "scale": {"zero": False},
    }
    y = {
        "field": "within_30",
        "type": "quantitative",
        "title": "% within 30 minutes",
        "scale": {"zero": False},
    }
    tooltip = [{"field": "units"}, {"field": "mean"}, {"field": "within_30"}]
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": f"Configurations for {result.region_name}",
        "description": describe_pareto(result),
        "width": width,
        "height": 320,
        "layer": [
            {
                "data": {"values": [row(int(i)) for i in result.ranking]},
                "mark": {"type": "circle", "color": "#aeb7bd", "size": 25},
                "encoding": {"x": x, "y": y, "tooltip": tooltip},
            },
            {
                "data": {"values": [row(int(i)) for i in result.pareto]},
                "mark": {"type": "circle", "size": 90, "opacity": 1},
                "encoding": {
                    "x": x,
                    "y": y,
                    "tooltip": tooltip,
                    "color": {"field": "n_units", "type": "ordinal", "title": "units"},
                },
            },
        ],
        "config": {"font": FONT, "view": {"stroke": None}},
    }


def write_chart(spec: dict[str, Any], path: Path) -> Path:
    """Render to OUT.svg or OUT.png (by suffix)."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        path.write_text(render_svg(spec), encoding="utf-8")
    elif suffix == ".png":
        path.write_bytes(render_png(spec))
    else:
        raise OpenbookError(f"cannot draw {path.name}", hint="give a file ending .svg or .png")
    return path
