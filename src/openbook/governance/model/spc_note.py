"""Notes on SPC charts as decisions (pure): an annotation is recorded by one person and is
in force at once; a rebase is proposed by one person and changes the limits only once a
second person has agreed it. Either may be withdrawn, with a reason. Every step is a new
version; nothing is overwritten, and nothing is ever done by the data on its own."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from openbook.kernel.access import Principal, Role
from openbook.kernel.chart_note import ANNOTATION, REBASE, ChartNote
from openbook.kernel.error import ConflictError, ForbiddenError, OpenbookError

MAX_LABEL = 120
MAX_CHART = 120
# Every SPC chart openbook draws, by its key's first part, and what its other parts name.
CHART_FAMILIES = {
    "activity": ("provider", "point of delivery"),
    "ae-4h": ("provider",),
    "quality": ("provider", "measure"),
}
_PART = re.compile(r"^(\*|[A-Za-z0-9][A-Za-z0-9._-]{0,39})$")


class NoteKind(StrEnum):
    ANNOTATION = ANNOTATION
    REBASE = REBASE

    @property
    def label(self) -> str:
        return "annotation" if self is NoteKind.ANNOTATION else "rebase"


class NoteStatus(StrEnum):
    RECORDED = "recorded"  # an annotation, in force
    PROPOSED = "proposed"  # a rebase waiting for a second person
    AGREED = "agreed"  # a rebase in force
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {
            "recorded": "Recorded",
            "proposed": "Proposed (not applied)",
            "agreed": "Agreed (applied)",
            "withdrawn": "Withdrawn",
        }[self.value]

    @property
    def in_force(self) -> bool:
        return self in (NoteStatus.RECORDED, NoteStatus.AGREED)


@dataclass(frozen=True)
class NoteVersion:
    version: int
    status: NoteStatus
    day: date
    until: date | None
    label: str
    note: str
    reason: str  # why this step was taken
    decision_ref: str | None
    actor: str
    at: datetime


@dataclass(frozen=True)
class SpcNote:
    ref: str
    system_code: str
    chart: str
    kind: NoteKind
    versions: tuple[NoteVersion, ...]

    @property
    def current(self) -> NoteVersion:
        return self.versions[-1]

    @property
    def status(self) -> NoteStatus:
        return self.current.status

    @property
    def author(self) -> str:
        return self.versions[0].actor

    def by_status(self, status: NoteStatus) -> NoteVersion | None:
        found = [v for v in self.versions if v.status is status]
        return found[-1] if found else None

    def as_chart_note(self) -> ChartNote:
        now = self.current
        return ChartNote(
            self.ref, self.chart, self.kind.value, now.day, now.label, now.note, now.until
        )


def check_chart(chart: str) -> list[str]:
    """Problems with a chart key, e.g. 'quality/RBD/stroke_swallow_72h'."""
    families = ", ".join(
        "/".join((name, *(p.upper().replace(" ", "_") for p in parts)))
        for name, parts in CHART_FAMILIES.items()
    )
    parts = chart.split("/")
    expected = CHART_FAMILIES.get(parts[0])
    if len(chart) > MAX_CHART or expected is None or len(parts) != 1 + len(expected):
        return [
            f"chart {chart!r} is not a chart openbook draws; expected one of {families}"
            " ('*' for any one part)"
        ]
    return [
        f"chart {chart!r}: the {name} {part!r} is not a code (letters, digits, . _ -, or *)"
        for name, part in zip(expected, parts[1:], strict=True)
        if not _PART.match(part)
    ]


def check_note(
    kind: NoteKind, chart: str, day: date, until: date | None, label: str, reason: str
) -> list[str]:
    """Every problem with a new note at once (an empty list when it may be recorded)."""
    problems = check_chart(chart)
    if kind is NoteKind.ANNOTATION and not label.strip():
        problems.append("an annotation needs a label (what happened, in a few words)")
    if len(label) > MAX_LABEL:
        problems.append(f"the label is {len(label)} characters long; at most {MAX_LABEL}")
    if until is not None and until < day:
        problems.append(f"the period ends ({until}) before it starts ({day})")
    if kind is NoteKind.REBASE:
        if day.day != 1:
            problems.append(f"a rebase starts a month: {day:%Y-%m-01}, not {day}")
        if until is not None:
            problems.append("a rebase has no end: the limits are recalculated from its month on")
        if not reason.strip():
            problems.append("a rebase needs a reason (why the process changed)")
    return problems


def may_write(user: Principal) -> bool:
    """Annotating and proposing a rebase: anyone who may change something (not a viewer)."""
    return user.role is not Role.VIEWER


def first_version(
    kind: NoteKind,
    day: date,
    until: date | None,
    label: str,
    note: str,
    reason: str,
    decision_ref: str | None,
    by: Principal,
    at: datetime,
) -> NoteVersion:
    if not may_write(by):
        raise ForbiddenError("a viewer may read notes on charts but not write them")
    status = NoteStatus.RECORDED if kind is NoteKind.ANNOTATION else NoteStatus.PROPOSED
    label = label.strip() or f"rebase from {day:%B %Y}"
    return NoteVersion(
        1, status, day, until, label, note.strip(), reason.strip(), decision_ref, by.username, at
    )


def agree(
    note: SpcNote, by: Principal, at: datetime, reason: str, decision_ref: str | None
) -> NoteVersion:
    """A second person's agreement to a proposed rebase: from now its limits apply."""
    if note.kind is not NoteKind.REBASE:
        raise ConflictError(f"{note.ref} is an annotation; only a rebase is agreed")
    if note.status is not NoteStatus.PROPOSED:
        raise ConflictError(f"{note.ref} is {note.status.value}; only a proposed rebase is agreed")
    if by.username == note.author:
        raise ForbiddenError(f"{note.ref} was proposed by you; a second person agrees it")
    if by.role not in (Role.APPROVER, Role.SYSTEM_LEAD):
        raise ForbiddenError("a rebase is agreed by an approver or the system lead")
    return _next(note, NoteStatus.AGREED, by, at, reason, decision_ref)


def withdraw(
    note: SpcNote, by: Principal, at: datetime, reason: str, decision_ref: str | None = None
) -> NoteVersion:
    """Take a note off its chart (an agreed rebase's limits with it), saying why."""
    if note.status is NoteStatus.WITHDRAWN:
        raise ConflictError(f"{note.ref} is already withdrawn")
    if by.username != note.author and by.role is not Role.SYSTEM_LEAD:
        raise ForbiddenError(f"{note.ref} is withdrawn by {note.author} or the system lead")
    if not reason.strip():
        raise OpenbookError("say why the note is withdrawn (a reason)")
    return _next(note, NoteStatus.WITHDRAWN, by, at, reason, decision_ref)


def _next(
    note: SpcNote,
    status: NoteStatus,
    by: Principal,
    at: datetime,
    reason: str,
    decision_ref: str | None,
) -> NoteVersion:
    now = note.current
    return replace(
        now,
        version=now.version + 1,
        status=status,
        reason=reason.strip(),
        decision_ref=decision_ref or now.decision_ref,
        actor=by.username,
        at=at,
    )


def parse_note_day(text: str, what: str = "the date") -> date:
    """'2018-10' -> 1 October 2018 (a month, as rebases are given); '2018-10-15' as it is."""
    value = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return date.fromisoformat(f"{value}-01")
        return date.fromisoformat(value)
    except ValueError:
        raise OpenbookError(
            f"{what} {text!r} is not a date; expected YYYY-MM (a month) or YYYY-MM-DD"
        ) from None


def may_agree(user: Principal, note: SpcNote) -> bool:
    """Whether the user may agree the note now (the page shows the button only then)."""
    return (
        note.status is NoteStatus.PROPOSED
        and user.username != note.author
        and user.role in (Role.APPROVER, Role.SYSTEM_LEAD)
    )


def may_withdraw(user: Principal, note: SpcNote) -> bool:
    return note.status is not NoteStatus.WITHDRAWN and (
        user.username == note.author or user.role is Role.SYSTEM_LEAD
    )
