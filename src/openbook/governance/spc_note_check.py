"""Deep verification of notes on SPC charts: every version of every note (its status, dates,
label and who took the step) against the `spc_note.*` events that recorded it. A rebase
agreed by raw SQL behind the application's back would change every chart's limits; this is
where it shows.

Reads its tables directly: a check that goes round the store's own functions would trust
what it is meant to check."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from openbook.governance.tables import SpcNoteRow, SpcNoteVersionRow
from openbook.kernel.audit_deep import AuditedEvent, StateDifference

Step = tuple[object, ...]  # (chart, version, status, day, until, label, by)


def _recorded(events: Sequence[AuditedEvent]) -> dict[str, list[Step]]:
    notes: dict[str, list[Step]] = {}
    for event in events:
        if event.entity != "spc_note" or not isinstance(event.after, dict):
            continue
        a = event.after
        step = (
            a.get("chart"),
            a.get("version"),
            a.get("status"),
            a.get("day"),
            a.get("until"),
            a.get("label"),
            event.actor,
        )
        notes.setdefault(event.entity_id, []).append(step)
    return notes


def _held(session: Session) -> dict[str, list[Step]]:
    notes = {row.id: row for row in session.scalars(select(SpcNoteRow))}
    held: dict[str, list[Step]] = {row.ref: [] for row in notes.values()}
    versions = session.scalars(
        select(SpcNoteVersionRow).order_by(SpcNoteVersionRow.note_id, SpcNoteVersionRow.version)
    )
    for v in versions:
        note = notes.get(v.note_id)
        if note is None:
            continue
        until = None if v.until is None else v.until.isoformat()
        held[note.ref].append(
            (note.chart, v.version, v.status, v.day.isoformat(), until, v.label, v.actor)
        )
    return held


class SpcNoteCheck:
    name = "notes on SPC charts"

    def __call__(self, session: Session, events: Sequence[AuditedEvent]) -> list[StateDifference]:
        recorded, held = _recorded(events), _held(session)
        differences = []
        for ref in sorted(recorded.keys() | held.keys()):
            table, logged = held.get(ref, []), recorded.get(ref, [])
            if table == logged:
                continue
            for index in range(max(len(table), len(logged))):
                found = table[index] if index < len(table) else None
                expected = logged[index] if index < len(logged) else None
                if found != expected:
                    differences.append(
                        StateDifference(
                            self.name,
                            f"{ref} step {index + 1}",
                            f"the table holds {found}; the events record {expected}",
                        )
                    )
        return differences
