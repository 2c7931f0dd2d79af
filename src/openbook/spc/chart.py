"""A Making Data Count chart of one facet as a Vega-Lite spec, and its SVG/PNG rendering.

The chart is drawn the Making Data Count way: the data as a grey line, the mean solid, the
process limits dashed, special-cause points coloured (improvement blue, concern orange,
neutral purple), the target as a red dashed line, and each rebase group drawn on its own so
the mean and limits break where the process changed. The two icons are drawn by openbook
itself (a circle with a letter), so nothing is fetched from anywhere.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from openbook.kernel.chart_note import ChartNote
from openbook.spc.annotate import describe_notes, note_layers
from openbook.spc.engine import SpcResult
from openbook.spc.label import COLOURS

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
VL_VERSION = "5.21"
ICON_TEXT = {  # variation icon -> (letter, colour, words)
    "common_cause": ("~", COLOURS["common_cause"], "common cause variation"),
    "improvement_high": ("H", COLOURS["special_cause_improvement"], "improvement (high)"),
    "improvement_low": ("L", COLOURS["special_cause_improvement"], "improvement (low)"),
    "concern_high": ("H", COLOURS["special_cause_concern"], "concern (high)"),
    "concern_low": ("L", COLOURS["special_cause_concern"], "concern (low)"),
    "neutral_high": ("H", COLOURS["special_cause_neutral_high"], "neutral special cause (high)"),
    "neutral_low": ("L", COLOURS["special_cause_neutral_low"], "neutral special cause (low)"),
}
ASSURANCE_TEXT = {  # assurance icon -> (letter, colour, words)
    "consistent_pass": ("P", COLOURS["special_cause_improvement"], "consistently passes target"),
    "consistent_fail": ("F", COLOURS["special_cause_concern"], "consistently fails target"),
    "inconsistent": ("?", COLOURS["common_cause"], "hits and misses target"),
}


def _number(value: Any) -> float | None:
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return None if math.isinf(number) else number


def _facet_rows(result: SpcResult, facet: str | None) -> pd.DataFrame:
    points = result.points
    facets = points["f"].astype(str).unique().tolist()
    chosen = facets[0] if facet is None else str(facet)
    if chosen not in facets:
        raise ValueError(f"facet {chosen!r} is not in the result; facets: {', '.join(facets)}")
    return points[points["f"].astype(str) == chosen]


def _values(rows: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "x": pd.Timestamp(row.x).strftime("%Y-%m-%d"),
            "y": _number(row.y),
            "mean": _number(row.mean_col),
            "lpl": _number(row.lpl),
            "upl": _number(row.upl),
            "target": _number(row.target),
            "group": int(row.rebase_group),
            "point_type": str(row.point_type),
            "special_cause": str(row.special_cause_type),
        }
        for row in rows.itertuples(index=False)
    ]


def _icons(result: SpcResult, facet: str) -> tuple[str, str | None]:
    icons = result.icons[result.icons["f"].astype(str) == facet]
    if icons.empty:
        return "common_cause", None
    assurance = icons["assurance_icon"].iloc[0]
    return str(icons["variation_icon"].iloc[0]), None if pd.isna(assurance) else str(assurance)


def describe(result: SpcResult, facet: str | None = None, notes: Sequence[ChartNote] = ()) -> str:
    """The numbers behind the chart in words: its text alternative (with its notes)."""
    rows = _facet_rows(result, facet)
    name = str(rows["f"].iloc[0])
    last = rows.iloc[-1]
    variation, assurance = _icons(result, name)
    parts = [
        f"{name}: {len(rows)} points to {pd.Timestamp(last.x):%B %Y}",
        f"latest {_fmt(last.y)}",
        f"mean {_fmt(last.mean_col)}, process limits {_fmt(last.lpl)} to {_fmt(last.upl)}",
        f"variation: {ICON_TEXT[variation][2]}",
    ]
    if _number(last.target) is not None:
        parts.append(f"target {_fmt(last.target)}")
    if assurance is not None:
        parts.append(f"assurance: {ASSURANCE_TEXT[assurance][2]}")
    return "; ".join(parts + describe_notes(notes, rows))


def _fmt(value: Any) -> str:
    number = _number(value)
    return "none" if number is None else f"{number:.4g}"


def _icon_layer(letter: str, colour: str, words: str, offset: int) -> dict[str, Any]:
    """A circle with a letter in the top-right corner, and its meaning as a tooltip."""
    data = {"values": [{"words": words}]}
    position = {"x": {"value": offset}, "y": {"value": -22}}
    return {
        "layer": [
            {
                "data": data,
                "mark": {"type": "circle", "size": 420, "color": "white", "stroke": colour},
                "encoding": {**position, "tooltip": {"field": "words"}},
            },
            {
                "data": data,
                "mark": {"type": "text", "text": letter, "color": colour, "fontWeight": "bold"},
                "encoding": position,
            },
        ]
    }


def vega_lite_spec(
    result: SpcResult,
    facet: str | None = None,
    title: str | None = None,
    width: int = 560,
    y_title: str | None = None,
    notes: Sequence[ChartNote] = (),
) -> dict[str, Any]:
    """A Vega-Lite spec of one facet's chart (the first facet when none is named), with its
    annotations as labelled vertical rules and its rebases where the limits split."""
    rows = _facet_rows(result, facet)
    name = str(rows["f"].iloc[0])
    x = {"field": "x", "type": "temporal", "title": None}
    y_title = y_title or result.value_col
    detail = {"field": "group", "type": "nominal"}  # a line per rebase group: breaks at rebase

    def line(field: str, colour: str, dash: list[int] | None = None) -> dict[str, Any]:
        mark: dict[str, Any] = {"type": "line", "color": colour, "strokeWidth": 1.5}
        if dash:
            mark["strokeDash"] = dash
        return {
            "mark": mark,
            "encoding": {"x": x, "y": {"field": field, "type": "quantitative"}, "detail": detail},
        }

    point_types = list(COLOURS)[:5]
    layers: list[dict[str, Any]] = [
        line("mean", "#231f20"),
        line("upl", "#231f20", [4, 3]),
        line("lpl", "#231f20", [4, 3]),
        {
            "mark": {"type": "line", "color": COLOURS["common_cause"], "point": False},
            "encoding": {
                "x": x,
                "y": {
                    "field": "y",
                    "type": "quantitative",
                    "title": y_title,
                    "scale": {"zero": False},
                },
                "detail": detail,
            },
        },
        {
            "mark": {"type": "circle", "size": 45, "opacity": 1},
            "encoding": {
                "x": x,
                "y": {"field": "y", "type": "quantitative"},
                "color": {
                    "field": "point_type",
                    "type": "nominal",
                    "scale": {"domain": point_types, "range": [COLOURS[p] for p in point_types]},
                    "legend": None,
                },
                "tooltip": [
                    {"field": "x", "type": "temporal", "title": "month"},
                    {"field": "y", "type": "quantitative", "title": y_title, "format": ".4~g"},
                    {"field": "special_cause", "title": "rule"},
                ],
            },
        },
    ]
    if rows["target"].notna().any():
        layers.insert(0, line("target", COLOURS["target"], [6, 4]))
    layers += note_layers(notes, rows)
    variation, assurance = _icons(result, name)
    layers.append(_icon_layer(*ICON_TEXT[variation], offset=width - 50))
    if assurance is not None:
        layers.append(_icon_layer(*ASSURANCE_TEXT[assurance], offset=width - 20))
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": title or name,
        "description": describe(result, name, notes),
        "width": width,
        "height": 260,
        "data": {"values": _values(rows)},
        "layer": layers,
        "config": {
            "font": "Arial, Liberation Sans, DejaVu Sans, sans-serif",
            "view": {"stroke": None},
        },
    }


def render_svg(spec: dict[str, Any]) -> str:
    import vl_convert

    return str(vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION))


def render_png(spec: dict[str, Any], scale: float = 2) -> bytes:
    import vl_convert

    return bytes(vl_convert.vegalite_to_png(spec, vl_version=VL_VERSION, scale=scale))
