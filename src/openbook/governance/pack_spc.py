"""A pack's notes on SPC charts: the notes in force when its figures were taken, and the
quality SPC charts they are on (drawn with them: labelled rules, split limits)."""

from __future__ import annotations

from datetime import datetime

from openbook.governance.model.board_pack import PackChart, PackNote
from openbook.governance.model.spc_note import NoteStatus, SpcNote
from openbook.governance.spc_notes import list_notes
from openbook.kernel.chart_note import chart_key, key_matches
from openbook.kernel.database import Database
from openbook.quality.report import QualityReport
from openbook.spc.chart import render_svg


def _as_at(note: SpcNote, as_at: datetime) -> SpcNote | None:
    """The note as it stood at the moment (None if it did not exist yet)."""
    versions = tuple(v for v in note.versions if v.at <= as_at)
    if not versions:
        return None
    return SpcNote(note.ref, note.system_code, note.chart, note.kind, versions)


def pack_notes(db: Database, system_code: str, as_at: datetime) -> tuple[PackNote, ...]:
    found = (_as_at(n, as_at) for n in list_notes(db, system_code))
    return tuple(
        PackNote(
            n.ref,
            n.chart,
            n.kind.label,
            n.current.day.isoformat(),
            n.current.label,
            n.author,
            agreed.actor if (agreed := n.by_status(NoteStatus.AGREED)) else "",
            n.current.decision_ref or "",
        )
        for n in found
        if n is not None and n.status.in_force
    )


def noted_quality_charts(
    report: QualityReport, notes: tuple[PackNote, ...]
) -> tuple[PackChart, ...]:
    """The quality SPC charts with a note on them."""
    charts = []
    for org, measure, spec in report.spc_charts:
        key = chart_key("quality", org, measure)
        if any(key_matches(n.chart, key) for n in notes):
            charts.append(
                PackChart(str(spec["title"]), str(spec["description"]), "", None, render_svg(spec))
            )
    return tuple(charts)
