"""The joint steering board's view: the pack of a body whose remit is the system carries each
programme's section; a finance body's pack does not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openbook.governance.pack import build_board_pack, render_board_pack
from openbook.kernel.database import Database
from openbook.programme.load import load_programme_file
from tests.principals import ADMIN
from tests.programme.test_rules import _slipped_file


def test_the_boards_pack_has_the_programme(demo_db: Database, tmp_path: Path) -> None:
    load_programme_file(demo_db, _slipped_file(tmp_path), "QVV", ADMIN)
    pack = build_board_pack(demo_db, "QVV", "board", date(2018, 4, 26))
    [programme] = pack.programmes
    assert programme.name.startswith("One NHS in Dorset")
    assert programme.investment[0] == ("2015/16", "£1,984,417", "£1,984,417", "£1,956,817")
    assert programme.milestones == (
        ("T21 Start service transition into Joint Venture", "2016-10", "2017-06", "overdue"),
    )
    assert [b[0][:5] for b in programme.benefits] == ["Lower", "Savin", "Clini", "Outpa", "Strok"]
    html = render_board_pack(pack, ".html").decode("utf-8")
    assert "Programme: One NHS in Dorset" in html and "Milestones off plan" in html
    assert build_board_pack(demo_db, "QVV", "ofrg", date(2018, 4, 20)).programmes == ()
