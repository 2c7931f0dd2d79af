"""Notes on SPC charts, the use cases (CLI, page and API alike): annotate a chart, propose a
rebase, agree it (a second person), withdraw either; list them; and the reader every chart
uses (attached to the store by governance's wiring). Each step is a version and an audit
event in one transaction; a step on a rebase re-runs the escalation rules, since special
cause is judged against the limits in force."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openbook.governance import spc_note_store as notes_store
from openbook.governance import store as governance
from openbook.governance.config import get_definition_in
from openbook.governance.model import spc_note as model
from openbook.governance.model.spc_note import NoteKind, NoteStatus, NoteVersion, SpcNote
from openbook.governance.notifications import notify
from openbook.governance.tables import EscalationRow
from openbook.kernel.access import Principal
from openbook.kernel.audit import record_event
from openbook.kernel.chart_note import ChartNotes
from openbook.kernel.clock import clock_of
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError, OpenbookError
from openbook.kernel.event import FiguresChanged, publish
from openbook.kernel.input_limit import MAX_TEXT, require_length
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import Remit


def _check_decision(session: Session, system_code: str, ref: str | None) -> None:
    if ref is None:
        return
    decision = governance.get_decision(session, ref)
    if decision is None or decision.system_code != system_code:
        raise NotFoundError(
            f"there is no decision {ref!r} in {system_code}'s decisions log",
            hint="openbook decisions list --system " + system_code,
        )


def _version_dict(version: NoteVersion | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {
        "version": version.version,
        "status": version.status.value,
        "day": version.day.isoformat(),
        "until": None if version.until is None else version.until.isoformat(),
        "label": version.label,
        "note": version.note,
        "reason": version.reason,
        "decision": version.decision_ref,
        "by": version.actor,
        "at": version.at.isoformat(),
    }


def _audit(session: Session, note: SpcNote, before: NoteVersion | None) -> None:
    after = note.current
    record_event(
        session,
        actor=after.actor,
        action=f"spc_note.{after.status.value}",
        entity="spc_note",
        entity_id=note.ref,
        before=_version_dict(before),
        after={"chart": note.chart, "kind": note.kind.value, **(_version_dict(after) or {})},
        reason=after.reason or None,
    )


def _limits_changed(session: Session, note: SpcNote) -> None:
    """A rebase agreed or withdrawn changes the limits from its month on: the rules are run
    again for its year and every later year the system has escalations in."""
    if note.kind is not NoteKind.REBASE:
        return
    first = FinancialYear.containing(note.current.day)
    years = {first.start_year} | {
        FinancialYear.parse(label).start_year
        for label in session.scalars(
            select(EscalationRow.financial_year)
            .where(EscalationRow.system_code == note.system_code)
            .distinct()
        )
        if FinancialYear.parse(label).start_year >= first.start_year
    }
    for start in sorted(years):
        publish(
            session,
            FiguresChanged(
                note.system_code, FinancialYear(start), 1, f"{note.status.value} rebase {note.ref}"
            ),
        )


REMIT_OF_FAMILY = {"quality": Remit.QUALITY, "ae-4h": Remit.QUALITY, "activity": Remit.ACTIVITY}


def _ask_to_agree(session: Session, note: SpcNote) -> None:
    """Tell the members of the body that looks after the chart (quality or activity) that a
    rebase waits for a second person; a system without bodies has no one to tell."""
    if governance.get_config(session, note.system_code) is None:
        return
    remit = REMIT_OF_FAMILY.get(note.chart.split("/")[0])
    bodies = get_definition_in(session, note.system_code).bodies
    members = {m for b in bodies if remit in b.remits for m in b.members} - {note.author}
    notify(
        session,
        members,
        f"{note.ref}: a rebase of {note.chart} from {note.current.day:%B %Y} waits for agreement",
        f"Proposed by {note.author}: {note.current.reason}\n\nThe limits change only once a "
        "second person agrees it.",
        "/spc/notes",
    )


def _new_note(
    db: Database,
    system_code: str,
    chart: str,
    kind: NoteKind,
    make: Callable[[Session], NoteVersion],
) -> SpcNote:
    def work(session: Session) -> SpcNote:
        if not notes_store.system_exists(session, system_code):
            raise NotFoundError(f"there is no system {system_code!r}")
        first = make(session)
        _check_decision(session, system_code, first.decision_ref)
        ref = notes_store.next_note_ref(session, system_code)
        notes_store.add_note(session, ref, system_code, chart, kind, first)
        note = SpcNote(ref, system_code, chart, kind, (first,))
        _audit(session, note, None)
        if kind is NoteKind.REBASE:
            _ask_to_agree(session, note)
        return note

    return db.write(work)


def _refuse_bad(
    kind: NoteKind, chart: str, day: date, until: date | None, label: str, note: str, reason: str
) -> None:
    problems = model.check_note(kind, chart, day, until, label, reason)
    if problems:
        raise OpenbookError("; ".join(problems))
    require_length(note, "the note", MAX_TEXT)
    require_length(reason, "the reason", MAX_TEXT)


def record_annotation(
    db: Database,
    system_code: str,
    *,
    chart: str,
    day: date,
    label: str,
    by: Principal,
    note: str = "",
    until: date | None = None,
    decision_ref: str | None = None,
) -> SpcNote:
    """An annotation on a chart (an intervention, a change of pathway): in force at once."""
    kind = NoteKind.ANNOTATION
    _refuse_bad(kind, chart, day, until, label, note, "")
    return _new_note(
        db,
        system_code,
        chart,
        kind,
        lambda session: model.first_version(
            kind, day, until, label, note, "", decision_ref, by, clock_of(session).now()
        ),
    )


def propose_rebase(
    db: Database,
    system_code: str,
    *,
    chart: str,
    day: date,
    reason: str,
    by: Principal,
    label: str = "",
    note: str = "",
    decision_ref: str | None = None,
) -> SpcNote:
    """Propose recalculating a chart's limits from a month on; nothing changes until a
    second person agrees it."""
    kind = NoteKind.REBASE
    _refuse_bad(kind, chart, day, None, label, note, reason)
    return _new_note(
        db,
        system_code,
        chart,
        kind,
        lambda session: model.first_version(
            kind, day, None, label, note, reason, decision_ref, by, clock_of(session).now()
        ),
    )


def _step(db: Database, ref: str, make: Callable[[SpcNote, Session], NoteVersion]) -> SpcNote:
    def work(session: Session) -> SpcNote:
        found = notes_store.list_notes(session, ref=ref)
        if not found:
            raise NotFoundError(f"there is no note {ref!r}")
        before = found[0]
        version = make(before, session)
        _check_decision(session, before.system_code, version.decision_ref)
        note_id = notes_store.note_id(session, ref)
        assert note_id is not None
        notes_store.add_version(session, note_id, version)
        note = SpcNote(
            before.ref, before.system_code, before.chart, before.kind, (*before.versions, version)
        )
        _audit(session, note, before.current)
        _limits_changed(session, note)
        return note

    return db.write(work)


def agree_rebase(
    db: Database, ref: str, *, by: Principal, reason: str = "", decision_ref: str | None = None
) -> SpcNote:
    """A second person agrees a proposed rebase: from now the chart's limits split there."""
    require_length(reason, "the reason", MAX_TEXT)
    return _step(
        db,
        ref,
        lambda note, session: model.agree(note, by, clock_of(session).now(), reason, decision_ref),
    )


def withdraw_note(
    db: Database, ref: str, *, by: Principal, reason: str, decision_ref: str | None = None
) -> SpcNote:
    """Take a note off its chart, saying why (its versions stay)."""
    require_length(reason, "the reason", MAX_TEXT)
    return _step(
        db,
        ref,
        lambda note, session: model.withdraw(
            note, by, clock_of(session).now(), reason, decision_ref
        ),
    )


def list_notes(db: Database, system_code: str, chart: str | None = None) -> list[SpcNote]:
    """A system's notes, every status, oldest first (only those on `chart`'s key if given)."""
    with db.reading() as session:
        if not notes_store.system_exists(session, system_code):
            raise NotFoundError(f"there is no system {system_code!r}")
        notes = notes_store.list_notes(session, system_code)
    return [n for n in notes if chart is None or n.chart == chart]


def get_note(db: Database, ref: str) -> SpcNote:
    with db.reading() as session:
        found = notes_store.list_notes(session, ref=ref)
    if not found:
        raise NotFoundError(f"there is no note {ref!r}")
    return found[0]


def notes_in_force(db: Database) -> ChartNotes:
    """What every chart draws and computes with: annotations recorded, rebases agreed (none
    proposed or withdrawn), from every system."""
    with db.reading() as session:
        notes = notes_store.list_notes(session)
    return ChartNotes(tuple(n.as_chart_note() for n in notes if n.status.in_force))


def note_to_dict(note: SpcNote) -> dict[str, Any]:
    """A note as the CLI's JSON and the API give it."""
    proposed = note.by_status(NoteStatus.PROPOSED)
    agreed = note.by_status(NoteStatus.AGREED)
    return {
        "ref": note.ref,
        "system": note.system_code,
        "chart": note.chart,
        "kind": note.kind.value,
        "status": note.status.value,
        "in_force": note.status.in_force,
        "day": note.current.day.isoformat(),
        "until": None if note.current.until is None else note.current.until.isoformat(),
        "label": note.current.label,
        "note": note.current.note,
        "decision": note.current.decision_ref,
        "recorded_by": note.author,
        "recorded_at": note.versions[0].at.isoformat(),
        "proposed_by": None if proposed is None else proposed.actor,
        "agreed_by": None if agreed is None else agreed.actor,
        "versions": [_version_dict(v) for v in note.versions],
    }


def notes_to_dict(system_code: str, notes: list[SpcNote]) -> dict[str, Any]:
    return {"system": system_code, "notes": [note_to_dict(n) for n in notes]}
