"""The SQL of notes on SPC charts: a note and its versions, appended, never updated."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openbook.governance.model.spc_note import NoteKind, NoteStatus, NoteVersion, SpcNote
from openbook.governance.tables import SpcNoteRow, SpcNoteVersionRow
from openbook.kernel.clock import aware
from openbook.kernel.counter import next_number
from openbook.reference.tables import HealthSystemRow


def next_note_ref(session: Session, system_code: str) -> str:
    """The system's next note reference, N-QVV-0001 (the system's row is held, as for
    escalations and decisions; the unique ref makes a racing loser run again)."""

    def numbered_before() -> int:
        query = select(func.count()).select_from(SpcNoteRow)
        return int(session.scalar(query.where(SpcNoteRow.system_code == system_code)) or 0)

    return f"N-{system_code}-{next_number(session, system_code, 'spc_note', numbered_before):04d}"


def system_exists(session: Session, system_code: str) -> bool:
    return session.get(HealthSystemRow, system_code) is not None


def add_note(
    session: Session, ref: str, system_code: str, chart: str, kind: NoteKind, first: NoteVersion
) -> None:
    row = SpcNoteRow(
        ref=ref,
        system_code=system_code,
        chart=chart,
        kind=kind.value,
        created_by=first.actor,
        created_at=first.at,
    )
    session.add(row)
    session.flush()
    add_version(session, row.id, first)


def add_version(session: Session, note_id: int, version: NoteVersion) -> None:
    session.add(
        SpcNoteVersionRow(
            note_id=note_id,
            version=version.version,
            status=version.status.value,
            day=version.day,
            until=version.until,
            label=version.label,
            note=version.note,
            reason=version.reason,
            decision_ref=version.decision_ref,
            actor=version.actor,
            at=version.at,
        )
    )
    session.flush()


def note_id(session: Session, ref: str) -> int | None:
    return session.scalar(select(SpcNoteRow.id).where(SpcNoteRow.ref == ref))


def _version(row: SpcNoteVersionRow) -> NoteVersion:
    return NoteVersion(
        row.version,
        NoteStatus(row.status),
        row.day,
        row.until,
        row.label,
        row.note,
        row.reason,
        row.decision_ref,
        row.actor,
        aware(row.at),
    )


def list_notes(
    session: Session, system_code: str | None = None, ref: str | None = None
) -> list[SpcNote]:
    """Notes with every version, in reference order (one system's, or every system's)."""
    query = select(SpcNoteRow).order_by(SpcNoteRow.id)
    if system_code is not None:
        query = query.where(SpcNoteRow.system_code == system_code)
    if ref is not None:
        query = query.where(SpcNoteRow.ref == ref)
    notes = list(session.scalars(query))
    if not notes:
        return []
    versions: dict[int, list[NoteVersion]] = defaultdict(list)
    rows = session.scalars(
        select(SpcNoteVersionRow)
        .where(SpcNoteVersionRow.note_id.in_([n.id for n in notes]))
        .order_by(SpcNoteVersionRow.note_id, SpcNoteVersionRow.version)
    )
    for row in rows:
        versions[row.note_id].append(_version(row))
    return [
        SpcNote(n.ref, n.system_code, n.chart, NoteKind(n.kind), tuple(versions[n.id]))
        for n in notes
    ]
