"""Membership over time: an organisation joins or leaves a system from a date within the
year; a month's position uses the membership in force at the month's end; other years and
earlier months are untouched, and every change is audited with what it was before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from openbook.finance.position_report import get_system_position
from openbook.kernel.database import Database
from openbook.kernel.error import InvalidDataError
from openbook.kernel.period import FinancialYear
from openbook.kernel.tables import AuditEventRow
from openbook.reference.load import load_system_file
from tests.principals import ADMIN

YEAR = FinancialYear.parse("2026/27")
SYSTEM = """\
system: {{code: QXA, name: Test system}}
organisations:
  - {{org_code: XA1, name: Test ICB, kind: commissioner}}
  - {{org_code: XA2, name: Test acute trust, kind: acute}}
  - {{org_code: XA3, name: Test community trust, kind: community-and-mental-health}}
years:
  "2025/26":
    members: [{{org_code: XA1}}, {{org_code: XA2}}, {{org_code: XA3}}]
  "2026/27":
    members:
      - {{org_code: XA1}}
      - {{org_code: XA2{left}}}
      - {{org_code: XA3{joined}}}
"""


def _load(db: Database, tmp_path: Path, joined: str = "", left: str = "") -> None:
    path = tmp_path / "qxa.yaml"
    path.write_text(SYSTEM.format(joined=joined, left=left), encoding="utf-8")
    load_system_file(db, path, ADMIN)


def _codes(db: Database, year: FinancialYear, month: int) -> list[str]:
    return [p.code for p in get_system_position(db, "QXA", year, month).organisations]


def test_a_month_uses_the_membership_in_force_at_its_end(db: Database, tmp_path: Path) -> None:
    _load(db, tmp_path, joined=", joined_on: 2026-10-01", left=", left_on: 2026-07-31")
    assert _codes(db, YEAR, 4) == ["XA1", "XA2"]  # July: XA2 still a member, XA3 not yet
    assert _codes(db, YEAR, 5) == ["XA1"]  # August: XA2 has left
    assert _codes(db, YEAR, 7) == ["XA1", "XA3"]  # October: XA3 has joined
    # The year before is untouched by the year's joining and leaving.
    assert _codes(db, FinancialYear.parse("2025/26"), 12) == ["XA1", "XA2", "XA3"]


def test_a_join_moved_later_is_audited_with_what_it_was(db: Database, tmp_path: Path) -> None:
    _load(db, tmp_path, joined=", joined_on: 2026-10-01")
    _load(db, tmp_path, joined=", joined_on: 2027-01-01")
    assert _codes(db, YEAR, 7) == ["XA1", "XA2"]
    assert _codes(db, YEAR, 10) == ["XA1", "XA2", "XA3"]
    with db.reading() as session:
        events = session.scalars(
            select(AuditEventRow).where(AuditEventRow.entity_id == "QXA/XA3/2026/27")
        ).all()
    last = json.loads(events[-1].payload)
    assert (last["before"]["joined_on"], last["after"]["joined_on"]) == ("2026-10-01", "2027-01-01")


@pytest.mark.parametrize(
    ("joined", "left", "problem"),
    [
        (", joined_on: 2026-03-31", "",
         "qxa.yaml:$.years.2026/27.members[2].joined_on: joined_on 2026-03-31 is outside "
         "2026/27"),
        ("", ", left_on: 2027-04-01",
         "qxa.yaml:$.years.2026/27.members[1].left_on: left_on 2027-04-01 is outside 2026/27"),
        (", joined_on: 2026-10-01, left_on: 2026-09-30", "",
         "qxa.yaml:$.years.2026/27.members[2].left_on: left_on 2026-09-30 is before joined_on "
         "2026-10-01"),
        (", joined_on: 1 October", "",
         "qxa.yaml:$.years.2026/27.members[2].joined_on: '1 October' is not a date"),
    ],
)  # fmt: skip
def test_a_bad_date_is_named_and_nothing_is_stored(
    db: Database, tmp_path: Path, joined: str, left: str, problem: str
) -> None:
    with pytest.raises(InvalidDataError) as raised:
        _load(db, tmp_path, joined=joined, left=left)
    assert [str(issue) for issue in raised.value.issues] == [problem]
    with db.reading() as session:
        assert session.scalars(select(AuditEventRow)).first() is None
