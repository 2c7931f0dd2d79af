"""What people have written on SPC charts, as every chart reads it: annotations (an
intervention, a change of pathway) and agreed rebases (the limits recalculated from a month
on).

The notes are recorded, agreed and withdrawn in governance (decisions: who, when, why);
the features that draw SPC charts (activity, quality) may not import governance, so they
read the notes through this port: the composition root attaches governance's reader to the
store (`attach_chart_notes`), and a store without one has no notes. Nothing here is ever
inferred from the data: a rebase exists only because two people agreed it.

A chart is named by a key of '/'-separated parts, e.g. `quality/RBD/stroke_swallow_72h`,
`activity/RDZ/E.M.11`, `ae-4h/RD3`; a note's key may use `*` for any one part
(`quality/*/stroke_swallow_72h`: every provider's chart of the measure).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openbook.kernel.database import Database

CHART_NOTES = "chart_notes_reader"  # Database.extensions key, set by the composition root
ANNOTATION = "annotation"
REBASE = "rebase"


def chart_key(*parts: str) -> str:
    """`chart_key("quality", "RBD", "mortality")` -> 'quality/RBD/mortality'."""
    return "/".join(parts)


def key_matches(pattern: str, key: str) -> bool:
    """Whether a note's chart key (with `*` for any one part) names this chart."""
    wanted, parts = pattern.split("/"), key.split("/")
    return len(wanted) == len(parts) and all(
        w in ("*", p) for w, p in zip(wanted, parts, strict=True)
    )


@dataclass(frozen=True)
class ChartNote:
    """An annotation (a labelled date, or period when `until` is set) or an agreed rebase
    (the limits recalculated from `day`, the first day of a month)."""

    ref: str
    chart: str
    kind: str  # ANNOTATION or REBASE
    day: date
    label: str
    note: str = ""
    until: date | None = None


@dataclass(frozen=True)
class ChartNotes:
    notes: tuple[ChartNote, ...] = ()

    def on(self, key: str) -> tuple[ChartNote, ...]:
        """Every note on the chart, in date order."""
        found = [n for n in self.notes if key_matches(n.chart, key)]
        return tuple(sorted(found, key=lambda n: (n.day, n.ref)))

    def annotations(self, key: str) -> tuple[ChartNote, ...]:
        return tuple(n for n in self.on(key) if n.kind == ANNOTATION)

    def rebases(self, key: str) -> tuple[date, ...]:
        """The agreed rebase dates of the chart, oldest first, each once."""
        return tuple(sorted({n.day for n in self.on(key) if n.kind == REBASE}))

    def rebase_option(self, keys: dict[str, str]) -> dict[str, list[date]] | None:
        """The SPC engine's per-facet rebase option for facets named by their chart keys
        ({facet: key}); None when no facet has a rebase."""
        option = {facet: list(self.rebases(key)) for facet, key in keys.items()}
        option = {facet: dates for facet, dates in option.items() if dates}
        return option or None


ChartNotesReader = Callable[["Database"], ChartNotes]


def attach_chart_notes(db: Database, reader: ChartNotesReader) -> None:
    db.extensions[CHART_NOTES] = reader


def read_chart_notes(db: Database) -> ChartNotes:
    """The notes in force (annotations not withdrawn, rebases agreed and not withdrawn)."""
    reader: ChartNotesReader | None = db.extensions.get(CHART_NOTES)
    return ChartNotes() if reader is None else reader(db)
