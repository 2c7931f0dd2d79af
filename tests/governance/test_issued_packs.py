"""Packs as issued: the operational finance reference group's pack of 20 April 2018 is
issued in the demonstration with RD3 £1,500k behind; enacting the year-end transfer later
leaves the issued copy (and its SHA-256) exactly as it was, and a meeting after the last year
with members says why it has no pack."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from openbook.governance.pack import build_board_pack, render_board_pack, why_no_pack
from openbook.governance.pack_issue import (
    get_issued_file,
    issue_pack,
    list_issued_packs,
    pack_file,
)
from openbook.kernel.audit import head_sequence
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, ForbiddenError, OpenbookError
from openbook.rebalancing.enact import enact
from tests.principals import DEPUTY, LEAD, principal
from tests.rebalancing.test_proposal import approve_all, year_end_proposal

MEETING = date(2018, 4, 20)


def test_the_demonstration_issued_the_ofrg_pack_of_20_april_2018(demo_db: Database) -> None:
    issued = list_issued_packs(demo_db, "QVV", "ofrg")
    assert {(p.meeting_date, p.file_format) for p in issued} == {
        (MEETING, "pdf"),
        (MEETING, "html"),
        (MEETING, "xlsx"),
    }
    for p in issued:
        found = get_issued_file(demo_db, "QVV", "ofrg", MEETING, p.file_format)
        assert found is not None
        assert hashlib.sha256(found[1]).hexdigest() == p.sha256
        assert p.issued_by == "11j.approver" and p.period_label == "M12 2017/18"


def test_enacting_the_year_end_transfer_leaves_the_issued_pack_as_it_was(
    demo_db: Database,
) -> None:
    before = get_issued_file(demo_db, "QVV", "ofrg", MEETING, "html")
    assert before is not None
    html = before[1].decode()
    assert "(1,500)" in html and "Pack issued 20 April 2018 09:30 UTC by 11j.approver" in html
    proposal = year_end_proposal(demo_db)
    approve_all(demo_db, proposal.ref)
    enact(demo_db, proposal.ref, DEPUTY)
    data, issued = pack_file(demo_db, "QVV", "ofrg", MEETING, "html")
    assert issued is not None and data == before[1] and issued.sha256 == before[0].sha256
    # A draft of the same meeting is built from what was known at the end of the meeting
    # day, so it too still shows RD3 behind; the figures as they stand now do not.
    draft = build_board_pack(demo_db, "QVV", "ofrg", MEETING)
    rd3 = {p.code: p for p in draft.organisations}["RD3"]
    assert rd3.gap == -1_500_000 and draft.issued is None
    now = build_board_pack(demo_db, "QVV", "ofrg", MEETING, as_at=demo_db.clock.now())
    assert {p.code: p for p in now.organisations}["RD3"].gap == 0


def test_a_pack_is_issued_once_by_the_chair_or_the_lead(demo_db: Database) -> None:
    sequence = head_sequence(demo_db.engine)
    with pytest.raises(ConflictError, match=r"was issued on 20 April 2018 09:30 by 11j\.approver"):
        issue_pack(demo_db, "QVV", "ofrg", MEETING, LEAD)
    with pytest.raises(ForbiddenError, match="chair"):
        issue_pack(demo_db, "QVV", "ofrg", date(2018, 5, 18), principal("rd3.viewer"))
    assert head_sequence(demo_db.engine) == sequence
    files = issue_pack(demo_db, "QVV", "ofrg", date(2018, 5, 18), LEAD)
    assert [f.file_format for f in files] == ["pdf", "html", "xlsx"]
    assert head_sequence(demo_db.engine) == sequence + 1  # one audited event
    pdf, _ = pack_file(demo_db, "QVV", "ofrg", date(2018, 5, 18), "pdf")
    assert hashlib.sha256(pdf).hexdigest() == files[0].sha256


def test_a_meeting_after_the_last_year_with_members_says_so(demo_db: Database) -> None:
    assert why_no_pack(demo_db, "QVV", date(2019, 5, 30)) == (
        "no pack: QVV has no members in 2019/20"
    )
    with pytest.raises(OpenbookError, match="no members in 2019/20"):
        pack_file(demo_db, "QVV", "board", date(2019, 5, 30), "pdf")
    assert why_no_pack(demo_db, "QVV", MEETING) is None


def test_a_draft_says_it_is_a_draft(demo_db: Database) -> None:
    pack = build_board_pack(demo_db, "QVV", "ofrg", date(2018, 5, 18))
    html = render_board_pack(pack, ".html").decode()
    assert "<strong>Draft</strong>, not issued" in html
