"""The pure rules of notes on SPC charts: chart keys, dates, the two-person rebase."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from openbook.governance.model.spc_note import (
    NoteKind,
    NoteStatus,
    SpcNote,
    agree,
    check_chart,
    check_note,
    first_version,
    may_agree,
    may_withdraw,
    parse_note_day,
    withdraw,
)
from openbook.kernel.access import Role
from openbook.kernel.chart_note import ChartNote, ChartNotes, key_matches
from openbook.kernel.error import ConflictError, ForbiddenError, OpenbookError
from tests.principals import DEPUTY, LEAD, named

AT = datetime(2019, 4, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("key", "ok"),
    [
        ("quality/RBD/stroke_swallow_72h", True),
        ("quality/*/mortality", True),
        ("activity/RDZ/E.M.11", True),
        ("ae-4h/RD3", True),
        ("ae-4h/*", True),
        ("ae-4h/RD3/extra", False),
        ("quality/RBD", False),
        ("finance/RBD", False),
        ("quality/RB D/mortality", False),
        ("", False),
    ],
)
def test_chart_keys(key: str, ok: bool) -> None:
    assert (check_chart(key) == []) is ok


@pytest.mark.parametrize(
    ("pattern", "key", "matches"),
    [
        ("quality/*/mortality", "quality/RBD/mortality", True),
        ("quality/*/mortality", "quality/RBD/stroke_swallow_72h", False),
        ("ae-4h/*", "ae-4h/RD3", True),
        ("ae-4h/*", "quality/RD3/mortality", False),
        ("activity/RDZ/E.M.11", "activity/RDZ/E.M.11", True),
    ],
)
def test_a_star_is_any_one_part(pattern: str, key: str, matches: bool) -> None:
    assert key_matches(pattern, key) is matches


def test_dates_are_a_month_or_a_day() -> None:
    assert parse_note_day("2018-10") == date(2018, 10, 1)
    assert parse_note_day(" 2018-10-15 ") == date(2018, 10, 15)
    with pytest.raises(OpenbookError, match="'Oct 18' is not a date; expected YYYY-MM"):
        parse_note_day("Oct 18")


def test_every_problem_with_a_rebase_at_once() -> None:
    problems = check_note(
        NoteKind.REBASE, "ae-4h/RBD", date(2018, 10, 5), date(2019, 1, 1), "", " "
    )
    assert problems == [
        "a rebase starts a month: 2018-10-01, not 2018-10-05",
        "a rebase has no end: the limits are recalculated from its month on",
        "a rebase needs a reason (why the process changed)",
    ]
    assert check_note(
        NoteKind.ANNOTATION, "ae-4h/RBD", date(2018, 10, 5), date(2018, 9, 1), " ", ""
    ) == [
        "an annotation needs a label (what happened, in a few words)",
        "the period ends (2018-09-01) before it starts (2018-10-05)",
    ]


def _proposed() -> SpcNote:
    first = first_version(
        NoteKind.REBASE, date(2018, 10, 1), None, "", "", "streaming", None, LEAD, AT
    )
    return SpcNote("N-QVV-0001", "QVV", "ae-4h/RBD", NoteKind.REBASE, (first,))


def test_a_rebase_needs_a_second_person() -> None:
    note = _proposed()
    assert note.status is NoteStatus.PROPOSED and not note.status.in_force
    assert note.current.label == "rebase from October 2018"
    assert not may_agree(LEAD, note) and may_agree(DEPUTY, note)
    assert not may_agree(named("rbd.viewer", Role.VIEWER), note)
    with pytest.raises(ForbiddenError):
        agree(note, LEAD, AT, "", None)
    agreed = SpcNote(
        note.ref,
        note.system_code,
        note.chart,
        note.kind,
        (*note.versions, agree(note, DEPUTY, AT, "ok", "D-QVV-0001")),
    )
    assert agreed.status is NoteStatus.AGREED and agreed.status.in_force
    assert agreed.current.decision_ref == "D-QVV-0001" and agreed.current.version == 2
    assert agreed.as_chart_note() == ChartNote(
        "N-QVV-0001", "ae-4h/RBD", "rebase", date(2018, 10, 1), "rebase from October 2018"
    )
    with pytest.raises(ConflictError):
        agree(agreed, DEPUTY, AT, "", None)
    assert may_withdraw(LEAD, agreed) and not may_withdraw(
        named("rbd.approver", Role.APPROVER), agreed
    )
    with pytest.raises(ForbiddenError):
        withdraw(agreed, named("rbd.approver", Role.APPROVER), AT, "no")


def test_a_viewer_writes_nothing() -> None:
    with pytest.raises(ForbiddenError):
        first_version(
            NoteKind.ANNOTATION,
            date(2018, 10, 1),
            None,
            "x",
            "",
            "",
            None,
            named("rbd.viewer", Role.VIEWER),
            AT,
        )


def test_the_engine_s_rebase_option_holds_only_charts_with_rebases() -> None:
    notes = ChartNotes(
        (
            ChartNote("N-1", "ae-4h/*", "rebase", date(2018, 10, 1), "r"),
            ChartNote("N-2", "ae-4h/RBD", "rebase", date(2018, 10, 1), "r"),
            ChartNote("N-3", "ae-4h/RBD", "annotation", date(2017, 1, 1), "a"),
            ChartNote("N-4", "quality/RBD/mortality", "rebase", date(2017, 4, 1), "r"),
        )
    )
    assert notes.rebases("ae-4h/RBD") == (date(2018, 10, 1),)
    assert [n.ref for n in notes.annotations("ae-4h/RBD")] == ["N-3"]
    assert notes.rebase_option(
        {"RBD": "ae-4h/RBD", "RD3": "ae-4h/RD3", "X": "activity/X/E.M.6"}
    ) == {
        "RBD": [date(2018, 10, 1)],
        "RD3": [date(2018, 10, 1)],
    }
    assert ChartNotes().rebase_option({"RBD": "ae-4h/RBD"}) is None
