"""A funnel plot as a Vega-Lite spec, in the SPC charts' style, and its SVG/PNG rendering.

The target is a solid line, the 99.8% limits dashed and the 95% limits dotted, drawn as
curves over the range of denominators; every group is a grey point, those beyond a 99.8%
limit coloured (improvement blue, concern orange, or neutral purple, by the metric's
direction), and the highlighted groups (the system's own providers) larger, outlined and
labelled. The spec's description is the chart's text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from openbook.funnel.engine import Funnel, FunnelGroup
from openbook.funnel.method import Kind

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
VL_VERSION = "5.21"
CURVE_POINTS = 200
INK = "#231f20"
COLOURS = {  # Making Data Count's colours (openbook.spc.label.COLOURS)
    "common_cause": "#a6a6a6",
    "improvement": "#00b0f0",
    "concern": "#e46c0a",
    "neutral": "#490092",
}
DIRECTIONS = ("increase", "decrease", "neutral")


def point_class(group: FunnelGroup, improvement_direction: str = "neutral") -> str:
    """common_cause inside the 99.8% limits; beyond them improvement, concern or neutral."""
    if group.outside not in ("ll998", "ul998"):
        return "common_cause"
    if improvement_direction == "neutral":
        return "neutral"
    high = group.outside == "ul998"
    return "improvement" if high == (improvement_direction == "increase") else "concern"


def curve_denominators(result: Funnel, points: int = CURVE_POINTS) -> np.ndarray:
    """Denominators to draw the limits at: from just below the smallest group to just above
    the largest, evenly on a log scale."""
    sizes = np.array([g.denominator for g in result.groups])
    low, high = max(float(sizes.min()) * 0.9, 1e-9), float(sizes.max()) * 1.05
    return np.geomspace(low, high, points)


def _number(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _curves(result: Funnel) -> list[dict[str, Any]]:
    grid = curve_denominators(result)
    limits = result.limits_at(grid)
    return [
        {
            "x": float(x),
            "target": result.target,
            "ll95": _number(limits.ll95[i]),
            "ul95": _number(limits.ul95[i]),
            "ll998": _number(limits.ll998[i]),
            "ul998": _number(limits.ul998[i]),
        }
        for i, x in enumerate(grid)
    ]


def _points(
    result: Funnel, highlight: Sequence[str], improvement_direction: str
) -> list[dict[str, Any]]:
    chosen = set(highlight)
    return [
        {
            "group": g.group,
            "x": g.denominator,
            "y": _number(g.value),
            "outside": g.outside or "within limits",
            "class": point_class(g, improvement_direction),
            "highlight": g.group in chosen,
        }
        for g in result.groups
    ]


def _fmt(result: Funnel, value: float) -> str:
    return f"{value:.1%}" if result.method.kind is Kind.PROPORTION else f"{value:.3g}"


def describe(result: Funnel, highlight: Sequence[str] = (), name: str = "Funnel plot") -> str:
    """The numbers behind the chart in words: its text alternative."""
    above = sum(g.outside == "ul998" for g in result.groups)
    below = sum(g.outside == "ll998" for g in result.groups)
    parts = [
        f"{name}: {len(result.groups)} groups against a target of {_fmt(result, result.target)}",
        f"limits: {result.description} (phi {result.phi:.3g}, tau² {result.tau2:.3g})",
        f"{above} above and {below} below the 99.8% limits",
    ]
    by_name = {g.group: g for g in result.groups}
    for code in highlight:
        group = by_name.get(code)
        if group is not None:
            where = "within the limits" if group.outside is None else f"beyond {group.outside}"
            parts.append(f"{code} {_fmt(result, group.value)} of {group.denominator:,.0f}, {where}")
    return "; ".join(parts)


def _line(field: str, dash: list[int] | None, colour: str, x: dict[str, Any],
          y: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
    mark: dict[str, Any] = {"type": "line", "color": colour, "strokeWidth": 1.3}
    if dash:
        mark["strokeDash"] = dash
    return {"mark": mark, "encoding": {"x": x, "y": {**y, "field": field}}}


def _point_layers(x: dict[str, Any], y: dict[str, Any], kind: Kind) -> list[dict[str, Any]]:
    classes = list(COLOURS)
    colour = {
        "field": "class",
        "type": "nominal",
        "scale": {"domain": classes, "range": [COLOURS[c] for c in classes]},
        "legend": None,
    }
    value_format = ".1%" if kind is Kind.PROPORTION else ".3f"
    tooltip = [
        {"field": "group", "title": "group"},
        {"field": "y", "type": "quantitative", "title": "value", "format": value_format},
        {"field": "x", "type": "quantitative", "title": "denominator", "format": ",.0f"},
        {"field": "outside", "title": "limits"},
    ]
    highlighted = {"filter": "datum.highlight"}
    return [
        {
            "mark": {"type": "circle", "size": 30, "opacity": 0.85},
            "encoding": {"x": x, "y": y, "color": colour, "tooltip": tooltip},
        },
        {
            "transform": [highlighted],
            "mark": {
                "type": "point",
                "shape": "circle",
                "size": 120,
                "filled": True,
                "stroke": INK,
                "strokeWidth": 1.5,
            },
            "encoding": {"x": x, "y": y, "color": colour, "tooltip": tooltip},
        },
        {
            "transform": [highlighted],
            "mark": {
                "type": "text",
                "align": "left",
                "dx": 8,
                "dy": -6,
                "fontWeight": "bold",
                "fontSize": 12,
                "color": INK,
            },
            "encoding": {"x": x, "y": y, "text": {"field": "group"}},
        },
    ]


def vega_lite_spec(
    result: Funnel,
    highlight: Sequence[str] = (),
    title: str | None = None,
    x_title: str = "denominator",
    y_title: str | None = None,
    improvement_direction: str = "neutral",
    width: int = 620,
) -> dict[str, Any]:
    """A Vega-Lite spec of the funnel; `highlight` names the groups to label."""
    kind = result.method.kind
    x = {"field": "x", "type": "quantitative", "title": x_title, "axis": {"format": ",.0f"}}
    y_axis = {"format": ".0%"} if kind is Kind.PROPORTION else {}
    y = {
        "field": "y", "type": "quantitative", "title": y_title or kind.label,
        "scale": {"zero": False}, "axis": y_axis,
    }  # fmt: skip
    curves = {"values": _curves(result)}
    lines = [
        _line("target", None, INK, x, y),
        _line("ll998", [6, 3], INK, x, y),
        _line("ul998", [6, 3], INK, x, y),
        _line("ll95", [2, 2], "#7f7f7f", x, y),
        _line("ul95", [2, 2], "#7f7f7f", x, y),
    ]
    name = title or "Funnel plot"
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": {
            "text": name,
            "subtitle": "target solid, 99.8% limits dashed, 95% limits dotted; "
            + result.description,
        },
        "description": describe(result, highlight, name),
        "width": width,
        "height": 340,
        "layer": [
            {"data": curves, "layer": lines},
            {
                "data": {"values": _points(result, highlight, improvement_direction)},
                "layer": _point_layers(x, y, kind),
            },
        ],
        "config": {
            "font": "Arial, Liberation Sans, DejaVu Sans, sans-serif",
            "view": {"stroke": None},
            "title": {"anchor": "start", "subtitleFontSize": 10, "subtitleColor": "#555"},
        },
    }


def render_svg(spec: dict[str, Any]) -> str:
    import vl_convert

    return str(vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION))


def render_png(spec: dict[str, Any], scale: float = 2) -> bytes:
    import vl_convert

    return bytes(vl_convert.vegalite_to_png(spec, vl_version=VL_VERSION, scale=scale))
