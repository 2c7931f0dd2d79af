"""Vega-Lite charts: the spec goes into the page for vega-embed; an SVG of the same spec,
rendered on the server by vl-convert, is the fallback without JavaScript.

Every chart also has a text alternative: a description (read by screen readers) and a
table of the numbers behind it on the same page.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openbook.kernel.money import THOUSAND, format_thousands

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
VL_VERSION = "6.4"  # the newest Vega-Lite vl-convert renders; the browser has 6.5
NHS_BLUE, NHS_RED, NHS_GREEN, NHS_GREY = "#005eb8", "#d5281b", "#007f3b", "#4c6272"
MAX_CACHED = 500


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    spec: dict[str, Any]
    svg: str
    table_note: str = "The table below has the same figures."  # "" when no table follows

    @property
    def spec_json(self) -> str:
        """JSON safe inside a <script type="application/json"> element."""
        text = json.dumps(self.spec, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def thousands(value: Decimal) -> float:
    """£000 for plotting only (charts are pictures; the tables keep the exact figures)."""
    return float(value / THOUSAND)


def render_svg(spec: dict[str, Any], cache: dict[str, str]) -> str:
    import vl_convert

    text = json.dumps(spec, sort_keys=True)
    key = hashlib.sha256(text.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = str(vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION))
        if len(cache) >= MAX_CACHED:
            cache.clear()
        cache[key] = svg
    return svg


def _base(title: str, description: str, values: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": title,
        "description": description,
        "width": "container",
        "data": {"values": values},
        "config": {
            "font": "Frutiger W01, Arial, sans-serif",
            "axis": {"labelFontSize": 14, "titleFontSize": 14},
            "title": {"fontSize": 16, "anchor": "start"},
            "legend": {"labelFontSize": 14, "titleFontSize": 14},
        },
    }


def gap_chart(rows: list[tuple[str, Decimal | None]], cache: dict[str, str]) -> Chart:
    """Forecast less control total per organisation, £000: headroom right, shortfall left."""
    values = [
        {"organisation": code, "gap": thousands(gap), "status": "ahead" if gap >= 0 else "behind"}
        for code, gap in rows
        if gap is not None
    ]
    description = "Forecast outturn less control total by organisation, £000: " + "; ".join(
        f"{v['organisation']} {v['gap']:,.0f}" for v in values
    )
    spec = _base("Forecast against control total (£000)", description, values)
    spec["height"] = max(120, 36 * len(values))
    spec["mark"] = {"type": "bar", "tooltip": True}
    spec["encoding"] = {
        "y": {"field": "organisation", "type": "nominal", "title": None, "sort": None},
        "x": {"field": "gap", "type": "quantitative", "title": "Forecast less control total"},
        "color": {
            "field": "status",
            "type": "nominal",
            "title": "Against control total",
            "scale": {"domain": ["ahead", "behind"], "range": [NHS_GREEN, NHS_RED]},
        },
    }
    title = "Forecast against control total"
    return Chart("gap", title, description, spec, render_svg(spec, cache))


def cip_chart(
    plan: Decimal, recurrent: Decimal, non_recurrent: Decimal, cache: dict[str, str]
) -> Chart:
    """CIP year to date: plan against delivery, split recurrent and non-recurrent."""
    values = [
        {"measure": "Plan", "part": "Plan", "amount": thousands(plan)},
        {"measure": "Delivered", "part": "Recurrent", "amount": thousands(recurrent)},
        {"measure": "Delivered", "part": "Non-recurrent", "amount": thousands(non_recurrent)},
    ]
    description = (
        f"CIP year to date, £000: plan {thousands(plan):,.0f}; delivered recurrent "
        f"{thousands(recurrent):,.0f} and non-recurrent {thousands(non_recurrent):,.0f}"
    )
    spec = _base("CIP year to date (£000)", description, values)
    spec["height"] = 110
    spec["mark"] = {"type": "bar", "tooltip": True}
    spec["encoding"] = {
        "y": {"field": "measure", "type": "nominal", "title": None, "sort": ["Plan", "Delivered"]},
        "x": {"field": "amount", "type": "quantitative", "title": "£000", "stack": "zero"},
        "color": {
            "field": "part",
            "type": "nominal",
            "title": None,
            "scale": {
                "domain": ["Plan", "Recurrent", "Non-recurrent"],
                "range": [NHS_GREY, "#003087", NHS_BLUE],
            },
        },
    }
    return Chart("cip", "CIP year to date", description, spec, render_svg(spec, cache))


def trend_chart(
    key: str, title: str, points: list[tuple[int, dict[str, Decimal | None]]], cache: dict[str, str]
) -> Chart:
    """Month-by-month lines (£000), the control total drawn as a dashed line."""
    values = [
        {"month": f"M{month}", "measure": measure, "amount": thousands(amount)}
        for month, figures in points
        for measure, amount in figures.items()
        if amount is not None
    ]
    description = f"{title} by month, £000: " + "; ".join(
        f"M{month} {measure} {format_thousands(amount)}"
        for month, figures in points
        for measure, amount in figures.items()
        if amount is not None
    )  # negatives in brackets, as in the tables
    spec = _base(f"{title} (£000)", description, values)
    spec["height"] = 220
    spec["mark"] = {"type": "line", "point": True, "tooltip": True}
    measures = sorted({str(v["measure"]) for v in values})
    spec["encoding"] = {
        "x": {"field": "month", "type": "ordinal", "title": "Month", "sort": None},
        "y": {"field": "amount", "type": "quantitative", "title": "£000"},
        "color": {"field": "measure", "type": "nominal", "title": None},
        "strokeDash": {
            "field": "measure",
            "type": "nominal",
            "legend": None,
            "scale": {
                "domain": measures,
                "range": [[6, 4] if m == "Control total" else [1, 0] for m in measures],
            },
        },
    }
    return Chart(key, title, description, spec, render_svg(spec, cache), table_note="")


def waterfall_chart(
    key: str,
    title: str,
    bars: list[tuple[str, Decimal, Decimal, str]],
    cache: dict[str, str],
    colours: dict[str, str] | None = None,
) -> Chart:
    """A waterfall (£000): each bar (label, start, end, kind) floats from start to end,
    coloured by its kind. The planning bridge's default kinds: the gap from zero,
    mitigations climbing back, the remainder from zero."""
    colours = colours or {"gap": NHS_RED, "mitigation": NHS_GREEN, "remainder": NHS_GREY}
    values = [
        {
            "step": label,
            "order": index,
            "start": thousands(start),
            "end": thousands(end),
            "kind": kind,
            "amount": thousands(end - start),
        }
        for index, (label, start, end, kind) in enumerate(bars)
    ]
    description = f"{title}, £000: " + "; ".join(f"{v['step']} {v['amount']:,.0f}" for v in values)
    spec = _base(f"{title} (£000)", description, values)
    spec["height"] = 260
    spec["mark"] = {"type": "bar", "tooltip": True}
    spec["encoding"] = {
        "x": {
            "field": "step",
            "type": "nominal",
            "title": None,
            "sort": None,
            "axis": {"labelAngle": -30, "labelLimit": 160},
        },
        "y": {"field": "start", "type": "quantitative", "title": "£000"},
        "y2": {"field": "end"},
        "color": {
            "field": "kind",
            "type": "nominal",
            "title": None,
            "scale": {"domain": list(colours), "range": list(colours.values())},
        },
    }
    return Chart(key, title, description, spec, render_svg(spec, cache))


def bridge_chart(
    key: str,
    title: str,
    start: tuple[str, Decimal],
    steps: list[tuple[str, Decimal]],
    end: tuple[str, Decimal],
    cache: dict[str, str],
) -> Chart:
    """A forecast bridge (£000): the starting total, each step floating from where the last
    ended (green improves, red worsens), and the closing total."""
    bars = [(start[0], Decimal(0), start[1], "Forecast")]
    running = start[1]
    for label, amount in steps:
        bars.append((label, running, running + amount, "Improves" if amount >= 0 else "Worsens"))
        running += amount
    bars.append((end[0], Decimal(0), end[1], "Forecast"))
    colours = {"Forecast": NHS_BLUE, "Improves": NHS_GREEN, "Worsens": NHS_RED}
    return waterfall_chart(key, title, bars, cache, colours)


def tornado_chart(
    key: str,
    title: str,
    base: Decimal,
    bars: list[tuple[str, Decimal, Decimal]],
    cache: dict[str, str],
) -> Chart:
    """Sensitivity (£000): for each assumption (label, value down, value up) a bar between
    the two, widest first, around the base value drawn as a line."""
    values = [
        {"assumption": label, "low": thousands(low), "high": thousands(high)}
        for label, low, high in bars
    ]
    description = f"{title}, £000, base {thousands(base):,.0f}: " + "; ".join(
        f"{v['assumption']} {v['low']:,.0f} to {v['high']:,.0f}" for v in values
    )
    spec = _base(f"{title} (£000)", description, values)
    spec["height"] = max(120, 40 * len(values))
    spec["layer"] = [
        {
            "mark": {"type": "bar", "color": NHS_BLUE, "tooltip": True},
            "encoding": {
                "y": {"field": "assumption", "type": "nominal", "title": None, "sort": None},
                "x": {"field": "low", "type": "quantitative", "title": "£000"},
                "x2": {"field": "high"},
            },
        },
        {
            # The base line is in the description: hidden from screen readers, not unlabelled.
            "mark": {"type": "rule", "color": NHS_GREY, "strokeDash": [4, 4], "aria": False},
            "encoding": {"x": {"datum": thousands(base)}},
        },
    ]
    return Chart(key, title, description, spec, render_svg(spec, cache))


def share_trend_chart(
    key: str,
    title: str,
    points: list[tuple[int, dict[str, Decimal | None]]],
    cache: dict[str, str],
    ceiling: Decimal | None = None,
) -> Chart:
    """Month-by-month lines of percentages (3.17 is 3.17%), with a ceiling as a dashed
    rule when there is one."""
    values = [
        {"month": f"M{month}", "measure": measure, "pct": float(pct)}
        for month, figures in points
        for measure, pct in figures.items()
        if pct is not None
    ]
    description = f"{title} by month, %: " + "; ".join(
        f"M{month} {measure} {pct}"
        for month, figures in points
        for measure, pct in figures.items()
        if pct is not None
    )
    if ceiling is not None:
        description += f"; ceiling {ceiling}"
    spec = _base(f"{title} (%)", description, values)
    spec["height"] = 220
    lines: dict[str, Any] = {
        "mark": {"type": "line", "point": True, "tooltip": True},
        "encoding": {
            "x": {"field": "month", "type": "ordinal", "title": "Month", "sort": None},
            "y": {"field": "pct", "type": "quantitative", "title": "% of pay bill"},
            "color": {"field": "measure", "type": "nominal", "title": None, "sort": None},
        },
    }
    layers = [lines]
    if ceiling is not None:
        layers.append(
            {
                # The ceiling is in the description: hidden from screen readers, not unlabelled.
                "mark": {"type": "rule", "color": NHS_RED, "strokeDash": [6, 4], "aria": False},
                "encoding": {"y": {"datum": float(ceiling)}},
            }
        )
    spec["layer"] = layers
    return Chart(key, title, description, spec, render_svg(spec, cache))
