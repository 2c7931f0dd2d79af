"""Capacity curves as Vega-Lite specs (the SPC charts' style), rendered by vl-convert.

- `delay_curve_spec`: probability of delay against beds, one line per unit or method, the
  95% confidence interval as a bar at each point, the target as a red dashed line.
- `occupancy_histogram_spec`: how often the unit held 0, 1, 2, ... patients at the daily
  audits, with the beds available marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openbook.capacity.model.result import BedsRow
from openbook.spc.chart import VEGA_LITE_SCHEMA, render_png, render_svg
from openbook.spc.label import COLOURS

FONT = "Arial, Liberation Sans, DejaVu Sans, sans-serif"
SERIES_COLOURS = ["#005eb8", "#ed8b00", "#330072", "#007f3b", "#8a1538"]  # NHS palette


def _one_in(p: float) -> str:
    return "none" if p <= 0 else f"1 in {1 / p:,.0f}"


def describe_curve(series: Sequence[tuple[str, Sequence[BedsRow]]]) -> str:
    """The curve in words: its text alternative."""
    parts = []
    for name, rows in series:
        if rows:
            first, last = rows[0], rows[-1]
            parts.append(
                f"{name}: {_one_in(first.p_delay)} delayed with {first.beds} beds, "
                f"{_one_in(last.p_delay)} with {last.beds}"
            )
    return "; ".join(parts)


def delay_curve_spec(
    series: Sequence[tuple[str, Sequence[BedsRow]]],
    title: str = "Probability of delay against beds",
    target_p_delay: float | None = None,
    width: int = 560,
) -> dict[str, Any]:
    values = [
        {
            "series": name,
            "beds": r.beds,
            "p_delay": r.p_delay,
            "occupancy": r.occupancy,
            "ci_low": r.ci_low,
            "ci_high": r.ci_high,
            "one_in": _one_in(r.p_delay),
        }
        for name, rows in series
        for r in rows
    ]
    names = [name for name, _ in series]
    x = {
        "field": "beds",
        "type": "quantitative",
        "title": "beds",
        "axis": {"tickMinStep": 1, "format": "d"},
        "scale": {"zero": False},
    }
    colour = {
        "field": "series",
        "type": "nominal",
        "title": None,
        "scale": {"domain": names, "range": SERIES_COLOURS[: len(names)]},
    }
    y = {
        "field": "p_delay",
        "type": "quantitative",
        "title": "probability of delay",
        "axis": {"format": "%"},
    }
    layers: list[dict[str, Any]] = [
        {
            "transform": [{"filter": "datum.ci_low != null"}],
            "mark": {"type": "rule", "strokeWidth": 2, "opacity": 0.5},
            "encoding": {
                "x": x,
                "y": {"field": "ci_low", "type": "quantitative"},
                "y2": {"field": "ci_high"},
                "color": colour,
            },
        },
        {
            "mark": {"type": "line", "point": {"size": 45}, "strokeWidth": 1.5},
            "encoding": {
                "x": x,
                "y": y,
                "color": colour,
                "tooltip": [
                    {"field": "series", "title": "unit"},
                    {"field": "beds", "type": "quantitative"},
                    {
                        "field": "p_delay",
                        "type": "quantitative",
                        "title": "probability of delay",
                        "format": ".1%",
                    },
                    {"field": "one_in", "title": "delayed"},
                    {"field": "occupancy", "type": "quantitative", "format": ".0%"},
                ],
            },
        },
    ]
    if target_p_delay is not None:
        layers.append(
            {
                "data": {"values": [{"target": target_p_delay}]},
                "mark": {"type": "rule", "color": COLOURS["target"], "strokeDash": [6, 4]},
                "encoding": {"y": {"field": "target", "type": "quantitative"}},
            }
        )
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": title,
        "description": describe_curve(series),
        "width": width,
        "height": 260,
        "data": {"values": values},
        "layer": layers,
        "config": {"font": FONT, "view": {"stroke": None}},
    }


def occupancy_histogram_spec(
    distribution: Sequence[float],
    title: str = "Occupancy at the daily audits",
    beds: int | None = None,
    width: int = 560,
) -> dict[str, Any]:
    values = [{"patients": n, "share": s} for n, s in enumerate(distribution)]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "color": SERIES_COLOURS[0]},
            "encoding": {
                "x": {
                    "field": "patients",
                    "type": "ordinal",
                    "title": "patients in the unit",
                    "axis": {"labelAngle": 0},
                },
                "y": {
                    "field": "share",
                    "type": "quantitative",
                    "title": "share of audits",
                    "axis": {"format": "%"},
                },
                "tooltip": [
                    {"field": "patients"},
                    {"field": "share", "type": "quantitative", "format": ".1%"},
                ],
            },
        }
    ]
    if beds is not None:
        layers.append(
            {
                "data": {"values": [{"patients": beds, "label": f"{beds} beds"}]},
                "mark": {"type": "rule", "color": COLOURS["target"], "strokeDash": [6, 4]},
                "encoding": {
                    "x": {"field": "patients", "type": "ordinal"},
                    "tooltip": {"field": "label"},
                },
            }
        )
    busiest = max(range(len(distribution)), key=lambda n: distribution[n]) if values else 0
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": title,
        "description": f"most often {busiest} patients; up to {len(distribution) - 1} seen",
        "width": width,
        "height": 220,
        "data": {"values": values},
        "layer": layers,
        "config": {"font": FONT, "view": {"stroke": None}},
    }


def write_chart(spec: dict[str, Any], path: Path) -> Path:
    """Write OUT.svg or OUT.png (by suffix)."""
    if path.suffix.lower() == ".png":
        path.write_bytes(render_png(spec))
    else:
        path.write_text(render_svg(spec), encoding="utf-8")
    return path
