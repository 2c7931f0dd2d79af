"""Notes drawn on a chart: each annotation a labelled vertical rule (a shaded band for a
period), each rebase a dotted rule where the limits were recalculated; and the same in words
for the text alternative. The split limits themselves are drawn by the chart (a line per
rebase group)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd

from openbook.kernel.chart_note import ChartNote

NOTE_COLOUR = "#005eb8"  # NHS blue: people's words, apart from the data's colours
REBASE_COLOUR = "#231f20"
REBASE_LABEL = "limits recalculated"


def shown(notes: Sequence[ChartNote], rows: pd.DataFrame) -> list[ChartNote]:
    """The annotations that fall within the chart's months (a note outside them would only
    stretch the axis)."""
    if rows.empty:
        return []
    first, last = pd.Timestamp(rows["x"].min()), pd.Timestamp(rows["x"].max())
    end = last + pd.offsets.MonthEnd(1)
    return [
        n for n in notes if pd.Timestamp(n.until or n.day) >= first and pd.Timestamp(n.day) <= end
    ]


def rebase_starts(rows: pd.DataFrame) -> list[date]:
    """The first date of every rebase group after the first: where the limits split."""
    groups = rows["rebase_group"].to_numpy()
    starts = [i for i in range(1, len(groups)) if groups[i] != groups[i - 1]]
    return [pd.Timestamp(rows["x"].iloc[i]).date() for i in starts]


def _day(value: date) -> str:
    return value.strftime("%Y-%m-%d")


def _rules(values: list[dict[str, Any]], colour: str, dash: list[int]) -> list[dict[str, Any]]:
    x = {"field": "day", "type": "temporal"}
    return [
        {
            "data": {"values": values},
            "mark": {"type": "rule", "color": colour, "strokeDash": dash, "strokeWidth": 1.2},
            "encoding": {
                "x": x,
                "tooltip": [
                    {"field": "label", "title": "note"},
                    {"field": "when", "title": "from"},
                    {"field": "note", "title": "why"},
                ],
            },
        },
        {
            "data": {"values": values},
            "mark": {
                "type": "text",
                "color": colour,
                "align": "left",
                "baseline": "top",
                "dx": 3,
                "fontSize": 10,
                "angle": 0,
            },
            "encoding": {
                "x": x,
                "y": {"field": "row", "type": "quantitative", "scale": None},
                "text": {"field": "label"},
            },
        },
    ]


def _bands(notes: list[ChartNote]) -> list[dict[str, Any]]:
    periods = [
        {"day": _day(n.day), "until": _day(n.until), "label": n.label}
        for n in notes
        if n.until is not None
    ]
    if not periods:
        return []
    return [
        {
            "data": {"values": periods},
            "mark": {"type": "rect", "color": NOTE_COLOUR, "opacity": 0.08},
            "encoding": {
                "x": {"field": "day", "type": "temporal"},
                "x2": {"field": "until"},
            },
        }
    ]


def note_layers(notes: Sequence[ChartNote], rows: pd.DataFrame) -> list[dict[str, Any]]:
    """Vega-Lite layers for the chart's annotations and rebases (none when it has neither).
    Labels are stacked down from the top (12 px a note) so close dates stay legible."""
    annotations = shown(notes, rows)
    layers = _bands(annotations)
    marks = [
        {
            "day": _day(n.day),
            "when": _day(n.day),
            "label": n.label,
            "note": n.note,
            "row": 2 + 12 * (i % 4),
        }
        for i, n in enumerate(annotations)
    ]
    if marks:
        layers += _rules(marks, NOTE_COLOUR, [2, 2])
    rebases = [
        {
            "day": _day(day),
            "when": _day(day),
            "label": REBASE_LABEL,
            "note": "rebase agreed",
            "row": 2 + 12 * ((len(marks) + i) % 4),
        }
        for i, day in enumerate(rebase_starts(rows))
    ]
    if rebases:
        layers += _rules(rebases, REBASE_COLOUR, [1, 3])
    return layers


def describe_notes(notes: Sequence[ChartNote], rows: pd.DataFrame) -> list[str]:
    """The notes in words, for the chart's text alternative."""
    parts = [
        f"note {n.day:%B %Y}" + (f" to {n.until:%B %Y}" if n.until else "") + f": {n.label}"
        for n in shown(notes, rows)
    ]
    parts += [f"limits recalculated from {day:%B %Y}" for day in rebase_starts(rows)]
    return parts
