"""Commentary travels in the return (per line and overall, CSV and XLSX, kept per version);
the system finance lead asks on a line and the organisation answers, once, both audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from openbook.accounts.account import authenticate
from openbook.demo.users import DEMO_PASSWORD
from openbook.finance.commentary import answer_question, ask_question, list_questions
from openbook.finance.file import parse_return_bytes
from openbook.finance.file_render import render_return_rows
from openbook.finance.model.finance_return import OVERALL
from openbook.finance.submit import export_return, list_history, submit_return
from openbook.kernel.audit_log import list_audit_events
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, ForbiddenError, NotFoundError, OpenbookError
from tests.returns import TODAY, YEAR, set_cell, valid_return_rows

NOTHING_MANDATORY = lambda _org, _year: frozenset()  # noqa: E731
AGENCY = "Agency above plan: winter escalation wards staffed by agency nurses"
OVERALL_TEXT = "Forecast held; recovery plan to the board in March"


def with_commentary(rows: list[list[str]]) -> list[list[str]]:
    set_cell(rows, "pay.agency", "commentary", AGENCY)
    set_cell(rows, "commentary", "commentary", OVERALL_TEXT)
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    return render_return_rows(rows[1:], ".csv")


def test_the_template_layout_carries_commentary_per_line_and_overall(
    sqlite_demo_db: Database,
) -> None:
    rows = with_commentary(valid_return_rows(sqlite_demo_db))
    assert rows[0][-1] == "commentary" and rows[-1][3] == "commentary"
    parsed, issues = parse_return_bytes(as_csv(rows), "rbd.csv", NOTHING_MANDATORY)
    assert issues == [] and parsed is not None
    assert parsed.commentary_for("pay.agency") == AGENCY
    assert parsed.commentary_for(OVERALL) == OVERALL_TEXT
    for suffix in (".csv", ".xlsx"):  # parse(render(x)) == x
        again, problems = parse_return_bytes(
            render_return_rows(rows[1:], suffix), f"rbd{suffix}", NOTHING_MANDATORY
        )
        assert problems == [] and again == parsed


def test_a_file_without_the_commentary_column_still_reads(sqlite_demo_db: Database) -> None:
    rows = [row[:-1] for row in valid_return_rows(sqlite_demo_db) if row[3] != "commentary"]
    text = "\n".join(",".join(f'"{c}"' for c in row) for row in rows).encode()
    parsed, issues = parse_return_bytes(text, "old.csv", NOTHING_MANDATORY)
    assert issues == [] and parsed is not None and parsed.commentary == ()


def test_the_overall_row_holds_only_narrative(sqlite_demo_db: Database) -> None:
    rows = with_commentary(valid_return_rows(sqlite_demo_db))
    set_cell(rows, "commentary", "forecast_outturn", "100")
    _, issues = parse_return_bytes(as_csv(rows), "rbd.csv", NOTHING_MANDATORY)
    assert [f"{i.location}: {i.message}" for i in issues] == [
        f"rbd.csv:{len(rows)}:I: the 'commentary' row is for the overall narrative; "
        "'forecast_outturn' must be empty"
    ]


def submit_with_commentary(db: Database) -> None:
    rows = with_commentary(valid_return_rows(db))
    submitter = authenticate(db, "rbd.submitter", DEMO_PASSWORD)
    result = submit_return(db, as_csv(rows), "rbd-m12.csv", submitter, TODAY)
    assert result.created


def test_commentary_is_stored_with_its_version_and_downloads_again(
    sqlite_demo_db: Database,
) -> None:
    submit_with_commentary(sqlite_demo_db)
    history = list_history(sqlite_demo_db, "RBD", YEAR, 12)
    latest, earlier = history[-1][1], history[-2][1]
    assert latest.commentary_for("pay.agency") == AGENCY
    assert earlier.commentary == ()  # the earlier version keeps what it had: none
    data, _ = export_return(sqlite_demo_db, "RBD", YEAR, 12, ".csv")
    assert AGENCY in data.decode() and OVERALL_TEXT in data.decode()


def test_the_lead_asks_and_the_organisation_answers_once(
    sqlite_demo_db: Database, tmp_path: Path
) -> None:
    lead = authenticate(sqlite_demo_db, "system.lead", DEMO_PASSWORD)
    rbd = authenticate(sqlite_demo_db, "rbd.submitter", DEMO_PASSWORD)
    rd3 = authenticate(sqlite_demo_db, "rd3.submitter", DEMO_PASSWORD)
    asked = ask_question(
        sqlite_demo_db, "RBD", YEAR, 12, "pay.agency", "Why is agency £0.4m over?", lead
    )
    assert asked.ref.startswith("Q-") and not asked.answered
    with pytest.raises(ForbiddenError):
        ask_question(sqlite_demo_db, "RBD", YEAR, 12, "", "Me too?", rbd)
    with pytest.raises(NotFoundError, match=r"no line 'pay\.nope'"):
        ask_question(sqlite_demo_db, "RBD", YEAR, 12, "pay.nope", "?", lead)
    with pytest.raises(OpenbookError, match="question is empty"):
        ask_question(sqlite_demo_db, "RBD", YEAR, 12, "", "   ", lead)
    with pytest.raises(ForbiddenError, match="only RBD's submitters and approvers"):
        answer_question(sqlite_demo_db, asked.id, "Not ours", rd3)
    answered = answer_question(sqlite_demo_db, asked.id, "Winter wards; ends in April.", rbd)
    assert (
        answered.answer == "Winter wards; ends in April." and answered.answered_by == rbd.username
    )
    with pytest.raises(ConflictError):
        answer_question(sqlite_demo_db, asked.id, "Again", rbd)
    assert list_questions(sqlite_demo_db, ["RBD"], YEAR, 12) == [answered]
    events = list_audit_events(sqlite_demo_db, entity_id=asked.ref)
    assert sorted(e.action for e in events) == [
        "return.question.answered",
        "return.question.asked",
    ]
