"""Small multiples of activity against plan: one small chart per provider and service, the
actual monthly count as a solid line and the plan (the flat activity ambition: the same
month last year, unless another plan was set) as a dashed line, April to the month shown."""

from __future__ import annotations

from typing import Any

from openbook.activity.model.activity import service_name
from openbook.activity.model.summary import SeriesSummary
from openbook.kernel.period import FinancialYear, month_start

VEGA_LITE_V6 = "https://vega.github.io/schema/vega-lite/v6.json"  # the assets ship 6.x
ACTUAL_COLOUR, PLAN_COLOUR = "#005eb8", "#4c6272"
MONTH_NAMES = ("April", "May", "June", "July", "August", "September", "October", "November",
               "December", "January", "February", "March")  # fmt: skip


def describe_plan_chart(summary: SeriesSummary, year: FinancialYear) -> str:
    """What the small chart shows, in words (its caption and text alternative)."""
    last = summary.months[-1].month
    span = f"April to {MONTH_NAMES[last - 1]} {year.label}"
    ytd = summary.ytd
    text = (
        f"{service_name(summary.pod)} at {summary.provider_code}, {span}: the actual count"
        " each month (solid blue line)"
    )
    if not ytd.plan:
        return f"{text}; no plan is held for these months"
    return (
        f"{text} against the plan (dashed grey line); year to date (YTD)"
        f" {ytd.actual:,} against a plan of {ytd.plan:,}, {ytd.percent:+}%"
    )


def plan_chart_spec(summary: SeriesSummary, year: FinancialYear) -> dict[str, Any]:
    """A small Vega-Lite line chart of one series' actual and plan by month."""
    values = []
    for m in summary.months:
        day = month_start(year, m.month).isoformat()
        for measure, count in (("actual", m.actual), ("plan", m.plan)):
            if count is not None:
                values.append({"month": day, "measure": measure, "count": count})
    has_plan = any(v["measure"] == "plan" for v in values)
    x = {"field": "month", "type": "temporal", "title": None, "axis": {"format": "%b"}}
    y = {"field": "count", "type": "quantitative", "title": "a month", "scale": {"zero": False}}
    tooltip = [
        {"field": "month", "type": "temporal", "title": "month", "format": "%B %Y"},
        {"field": "measure", "type": "nominal"},
        {"field": "count", "type": "quantitative", "format": ","},
    ]

    def layer(measure: str, mark: dict[str, Any]) -> dict[str, Any]:
        return {
            "transform": [{"filter": {"field": "measure", "equal": measure}}],
            "mark": {"type": "line", "point": True, "strokeWidth": 2, **mark},
            "encoding": {"x": x, "y": y, "tooltip": tooltip},
        }

    return {
        "$schema": VEGA_LITE_V6,
        "title": {"text": service_name(summary.pod), "subtitle": summary.pod},
        "description": describe_plan_chart(summary, year),
        "width": "container",
        "height": 140,
        "data": {"values": values},
        "layer": [  # no empty plan layer: its marks would be unlabelled images
            *([layer("plan", {"color": PLAN_COLOUR, "strokeDash": [5, 4]})] if has_plan else []),
            layer("actual", {"color": ACTUAL_COLOUR}),
        ],
        "config": {
            "font": "Arial, Liberation Sans, DejaVu Sans, sans-serif",
            "view": {"stroke": None},
            "title": {"fontSize": 14, "anchor": "start", "subtitleColor": PLAN_COLOUR},
        },
    }
