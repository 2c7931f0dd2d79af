"""The board pack carries the commentary of the returns it is built from, as known then."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO

from openpyxl import load_workbook

from openbook.governance.pack import build_board_pack, render_board_pack
from openbook.kernel.database import Database
from tests.finance.test_commentary import AGENCY, OVERALL_TEXT, submit_with_commentary


def test_the_pack_shows_the_commentary_of_its_returns(sqlite_demo_db: Database) -> None:
    meeting = date(2018, 4, 20)  # M12 2017/18
    before = build_board_pack(sqlite_demo_db, "QVV", "ofrg", meeting)
    submit_with_commentary(sqlite_demo_db)
    assert before.commentary == ()  # the demo's returns carry none
    as_known_then = build_board_pack(sqlite_demo_db, "QVV", "ofrg", meeting)
    assert as_known_then.commentary == ()  # submitted after the meeting: not in its pack
    pack = build_board_pack(sqlite_demo_db, "QVV", "ofrg", meeting, as_at=datetime.now(UTC))
    (rbd,) = pack.commentary
    assert (rbd.org_code, rbd.overall) == ("RBD", OVERALL_TEXT)
    assert rbd.lines == (("pay.agency", AGENCY),)
    html = render_board_pack(pack, ".html").decode()
    assert "Commentary from the returns" in html and AGENCY in html
    sheet = load_workbook(BytesIO(render_board_pack(pack, ".xlsx")))["Commentary"]
    assert list(sheet.iter_rows(values_only=True))[1:] == [
        ("RBD", "overall", OVERALL_TEXT),
        ("RBD", "pay.agency", AGENCY),
    ]
