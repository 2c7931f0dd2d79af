"""What the programme pages show, built from the programme report (the same dictionary as
the CLI's JSON and the API): the timeline as a Gantt chart (Vega-Lite) with today's line and
slippage against the baseline, and the tables that are its text alternative."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from openbook.kernel.table_writer import Cell
from openbook.programme.report import SAVINGS_HEADER, savings_rows
from openbook.web.charts import NHS_BLUE, NHS_GREEN, NHS_GREY, NHS_RED, Chart, _base, render_svg
from openbook.web.tables import Column, Kind, Link, Table

ROW_HEIGHT = 16


def _month_start(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def _month_after(text: str) -> str:
    day = _month_start(text)
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following.isoformat()


def _mid_month(text: str) -> str:
    return _month_start(text).replace(day=15).isoformat()


def _months(count: int) -> str:
    return f"{count} month" if count == 1 else f"{count} months"


def _delivery(m: dict[str, Any], as_of: date) -> tuple[str | None, str]:
    """The month it was delivered (by `as_of`) or is now expected, and which of the two."""
    if m["actual"] and _month_start(m["actual"]) <= as_of:
        return m["actual"], "delivered"
    expected = m["forecast"] or m["actual"]
    return expected, "forecast"


def gantt_chart(
    report: dict[str, Any], milestones: list[dict[str, Any]], as_of: date, cache: dict[str, str]
) -> Chart:
    """Baseline bars (grey), slippage beyond the baseline (red), the delivered or forecast
    month (a point: filled when delivered), and today's line where it falls in the span."""
    values = []
    for order, m in enumerate(sorted(milestones, key=lambda m: (m["month"], m["ref"]))):
        delivery, kind = _delivery(m, as_of)
        planned_end = m["end"] or m["month"]
        late = delivery is not None and _month_start(delivery) > _month_start(planned_end)
        values.append(
            {
                "order": order,
                "label": f"{m['ref']} {m['title'][:48]}",
                "start": _month_start(m["month"]).isoformat(),
                "end": _month_after(planned_end),
                "delivery": None if delivery is None else _mid_month(delivery),
                "delivery_end": None if delivery is None else _month_after(delivery),
                "slip_start": _month_after(planned_end) if late else None,
                "kind": kind,
                "slip": m["slippage_months"],
                "status": m["status"].replace("_", " "),
            }
        )
    first = min(v["start"] for v in values) if values else as_of.isoformat()
    last = max(max(v["end"], v["delivery_end"] or v["end"]) for v in values) if values else first
    today_in_span = first <= as_of.isoformat() <= last
    slipped = [v for v in values if v["slip"] > 0]
    description = (
        f"Timeline of {len(values)} milestones of {report['programme']['name']} from {first[:7]} "
        f"to {last[:7]}, as of {as_of.isoformat()}; {len(slipped)} delivered or forecast later "
        f"than their baseline"
        + (
            ": " + "; ".join(f"{v['label']} +{_months(v['slip'])}" for v in slipped[:12])
            if slipped
            else ""
        )
    )
    spec = _base(f"{report['programme']['name']}: timeline", description, values)
    spec["height"] = max(ROW_HEIGHT * len(values), 80)
    y = {
        "field": "label",
        "type": "nominal",
        "sort": {"field": "order"},
        "title": None,
        "axis": {"labelFontSize": 11, "labelLimit": 320},
    }
    x = {"field": "start", "type": "temporal", "title": None, "axis": {"format": "%b %Y"}}
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "color": NHS_GREY, "opacity": 0.45, "tooltip": True},
            "encoding": {"y": y, "x": x, "x2": {"field": "end"}},
        },
        {
            "transform": [{"filter": "datum.slip_start != null"}],
            "mark": {"type": "bar", "color": NHS_RED, "opacity": 0.8, "tooltip": True},
            "encoding": {
                "y": y,
                "x": {**x, "field": "slip_start"},
                "x2": {"field": "delivery_end"},
            },
        },
        {
            "transform": [{"filter": "datum.delivery != null"}],
            "mark": {"type": "point", "size": 40, "tooltip": True},
            "encoding": {
                "y": y,
                "x": {**x, "field": "delivery"},
                "shape": {"field": "kind", "type": "nominal", "title": "Delivery"},
                "fill": {
                    "field": "kind",
                    "type": "nominal",
                    "legend": None,
                    "scale": {"domain": ["delivered", "forecast"], "range": [NHS_GREEN, "white"]},
                },
                "color": {"value": NHS_BLUE},
            },
        },
    ]
    if today_in_span:
        layers.append(
            {
                "data": {"values": [{"today": as_of.isoformat()}]},
                "mark": {"type": "rule", "color": NHS_RED, "strokeDash": [6, 3], "strokeWidth": 2},
                "encoding": {"x": {"field": "today", "type": "temporal"}},
            }
        )
    spec["layer"] = layers
    note = "The table below lists every milestone with its baseline, forecast, actual and slip."
    if not today_in_span:
        note += (
            f" Today ({as_of.isoformat()}) is outside the programme's span, so no line is drawn."
        )
    return Chart(
        "programme-timeline", spec["title"], description, spec, render_svg(spec, cache), note
    )


def _money(text: str | None) -> Decimal | None:
    return None if text in (None, "TBC") else Decimal(str(text))


def investment_table(report: dict[str, Any]) -> Table:
    rows: list[list[Any]] = [
        [year, _money(v["planned"]), _money(v["committed"]), _money(v["spent"])]
        for year, v in report["spend_by_year"].items()
    ]
    rows.append(["Total", _money(report["total_investment"]), None, None])
    return Table(
        "investment",
        "Investment by year: planned (the seed's tables), committed and spent",
        [
            Column("Year"),
            Column("Planned", Kind.MONEY),
            Column("Committed", Kind.MONEY),
            Column("Spent", Kind.MONEY),
        ],
        rows,
    )


def cost_line_table(report: dict[str, Any]) -> Table:
    years = list(report["investment_by_year"])
    rows = []
    for line in report["cost_lines"]:
        planned = [line["years"].get(y, {}).get("planned") for y in years]
        rows.append(
            [
                line["ref"],
                line["name"],
                line["category"].replace("_", " "),
                line["funding"],
                line["spending_org"],
                *("TBC" if p == "TBC" else _money(p) for p in planned),
            ]
        )
    return Table(
        "cost-lines",
        "Every cost line by year (TBC: to be confirmed in the seed)",
        [
            Column("Ref"),
            Column("Cost line"),
            Column("Category"),
            Column("Funding"),
            Column("Spent by"),
            *(Column(y, Kind.MONEY) for y in years),
        ],
        rows,
    )


def lines_table(report: dict[str, Any]) -> Table:
    return Table(
        "lines",
        "Service lines and enabling workstreams",
        [
            Column("Line"),
            Column("Kind"),
            Column("Lead organisation"),
            Column("Delivery confidence"),
            Column("Milestones", Kind.NUMBER),
            Column("Investment", Kind.MONEY),
        ],
        [
            [
                Link(ln["name"], f"/programme/lines/{ln['code']}"),
                ln["kind"].replace("_", " "),
                ln["lead_org"] or "",
                ln["confidence"] or "not rated",
                len(ln["milestones"]),
                _money(ln["investment"]),
            ]
            for ln in report["lines"]
        ],
    )


def timeline_table(rows: list[list[str]], header: list[str]) -> Table:
    cells: list[list[Cell | Link]] = [list(row) for row in rows]
    return Table("timeline", "Milestones in baseline order", [Column(h) for h in header], cells)


def savings_table(report: dict[str, Any]) -> Table:
    refs = ", ".join(report["financial_benefits"]["benefits"]) or "none"
    return Table(
        "savings",
        f"Financial benefits ({refs}): savings on their baselines against the investment "
        "and the gap (the last year's saving as a share of the gap's high and low ends)",
        [Column(label.capitalize()) for label in SAVINGS_HEADER],
        [list(row) for row in savings_rows(report)],
    )


def _spc_words(benefit: dict[str, Any]) -> str:
    found = benefit.get("spc")
    if found is None:
        return "not linked" if benefit["link"] is None else "fewer than 12 months"
    target = "" if found["target"] is None else f", monthly target {found['target']}"
    return (
        f"{found['points']} months {found['from']} to {found['to']}: mean {found['mean']}"
        f"{target}; {found['summary']}"
    )


def benefits_table(report: dict[str, Any]) -> Table:
    return Table(
        "benefits",
        "Benefits: baseline, trajectory and progress (from the linked measure where there is one)",
        [
            Column("Ref"),
            Column("Benefit"),
            Column("Measure"),
            Column("Logic model"),
            Column("Baseline"),
            Column("Trajectory"),
            Column("Progress"),
            Column("Source"),
            Column("Off trajectory"),
            Column("Month by month (SPC)"),
        ],
        [
            [
                b["ref"],
                b["name"],
                b["measure"],
                b["logic_model"],
                f"{b['baseline']} ({b['baseline_year']})",
                ", ".join(f"{y}: {v}" for y, v in b["trajectory"].items()),
                ", ".join(f"{y}: {v}" for y, v in b["progress"].items()) or "none yet",
                b["progress_source"],
                ", ".join(b["off_trajectory"]) or "no",
                _spc_words(b),
            ]
            for b in report["benefits"]
        ],
    )


def benefit_chart(benefit: dict[str, Any], cache: dict[str, str]) -> Chart:
    """Trajectory (dashed) against progress, by year."""
    values = [
        {
            "year": benefit["baseline_year"],
            "series": "Trajectory",
            "value": float(benefit["baseline"]),
        }
    ]
    values += [
        {"year": y, "series": "Trajectory", "value": float(v)}
        for y, v in benefit["trajectory"].items()
    ]
    values += [
        {"year": y, "series": "Progress", "value": float(v)} for y, v in benefit["progress"].items()
    ]
    description = (
        f"{benefit['name']}: baseline {benefit['baseline']} in {benefit['baseline_year']}; "
        + "trajectory "
        + ", ".join(f"{y} {v}" for y, v in benefit["trajectory"].items())
        + "; progress "
        + (", ".join(f"{y} {v}" for y, v in benefit["progress"].items()) or "none yet")
    )
    spec = _base(benefit["name"], description, values)
    spec["height"] = 180
    spec["mark"] = {"type": "line", "point": True, "tooltip": True}
    spec["encoding"] = {
        "x": {"field": "year", "type": "ordinal", "title": "Financial year"},
        "y": {"field": "value", "type": "quantitative", "title": benefit["unit"]},
        "color": {
            "field": "series",
            "type": "nominal",
            "title": None,
            "scale": {"domain": ["Trajectory", "Progress"], "range": [NHS_GREY, NHS_BLUE]},
        },
        "strokeDash": {
            "field": "series",
            "type": "nominal",
            "legend": None,
            "scale": {"domain": ["Trajectory", "Progress"], "range": [[6, 4], [1, 0]]},
        },
    }
    return Chart(
        f"benefit-{benefit['ref']}", benefit["name"], description, spec, render_svg(spec, cache), ""
    )
