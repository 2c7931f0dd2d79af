"""The programme as a workbook: investment by year, every cost line, the lines, the
timeline, the benefits (with their SPC icons) and the savings, one sheet each, from the
programme report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openbook.kernel.table_writer import Cell, Sheet, render_xlsx
from openbook.programme.report import (
    SAVINGS_HEADER,
    TIMELINE_HEADER,
    savings_rows,
    timeline_rows,
)


def _pounds(text: str | None) -> Cell:
    return text if text in (None, "TBC") else Decimal(str(text))


def programme_sheets(report: dict[str, Any]) -> list[Sheet]:
    years = list(report["investment_by_year"])
    investment = Sheet(
        "Investment",
        ["Year", "Planned (£)", "Committed (£)", "Spent (£)"],
        [
            [year, *(_pounds(v[k]) for k in ("planned", "committed", "spent"))]
            for year, v in report["spend_by_year"].items()
        ]
        + [["Total", _pounds(report["total_investment"]), None, None]],
    )
    cost_lines = Sheet(
        "Cost lines",
        ["Ref", "Cost line", "Category", "Funding", "Spent by", *(f"{y} (£)" for y in years)],
        [
            [
                line["ref"],
                line["name"],
                line["category"],
                line["funding"],
                line["spending_org"],
                *(_pounds(line["years"].get(y, {}).get("planned")) for y in years),
            ]
            for line in report["cost_lines"]
        ],
    )
    lines = Sheet(
        "Lines",
        ["Code", "Line", "Kind", "Lead organisation", "Confidence", "Investment (£)"],
        [
            [
                ln["code"],
                ln["name"],
                ln["kind"],
                ln["lead_org"],
                ln["confidence"],
                _pounds(ln["investment"]),
            ]
            for ln in report["lines"]
        ],
    )
    timeline = Sheet("Timeline", TIMELINE_HEADER, [list(r) for r in timeline_rows(report)])
    benefits = Sheet(
        "Benefits",
        [
            "Ref",
            "Benefit",
            "Measure",
            "Baseline",
            "Baseline year",
            "Trajectory",
            "Progress",
            "Source",
            "Variation (SPC)",
            "Assurance (SPC)",
        ],
        [
            [
                b["ref"],
                b["name"],
                b["measure"],
                b["baseline"],
                b["baseline_year"],
                ", ".join(f"{y}: {v}" for y, v in b["trajectory"].items()),
                ", ".join(f"{y}: {v}" for y, v in b["progress"].items()),
                b["progress_source"],
                None if b.get("spc") is None else b["spc"]["variation_icon"],
                None if b.get("spc") is None else b["spc"]["assurance_icon"],
            ]
            for b in report["benefits"]
        ],
    )
    savings = Sheet("Savings", SAVINGS_HEADER, [list(row) for row in savings_rows(report)])
    return [investment, cost_lines, lines, timeline, benefits, savings]


def render_programme_xlsx(report: dict[str, Any]) -> bytes:
    return render_xlsx(programme_sheets(report))
