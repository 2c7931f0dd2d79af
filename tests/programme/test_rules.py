"""The programme's escalation rules: a slipped or overdue milestone, a benefit off its
trajectory (from its linked measure), spend above the amount committed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from openbook.governance.escalation_view import list_escalation_views
from openbook.governance.evaluate import evaluate_escalations
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.programme.file import load_programme
from openbook.programme.load import load_programme_file, read_stored_programmes
from openbook.programme.rules import (
    BENEFIT_OFF_TRAJECTORY,
    MILESTONE_OVERDUE,
    MILESTONE_SLIPPED,
    SPEND_ABOVE_COMMITTED,
    find_off_trajectory,
    find_overdue,
    find_slipped,
    find_spend_above_committed,
)
from tests.principals import ADMIN

DORSET = Path(__file__).parents[2] / "examples" / "programme" / "dorset.yaml"
START = (
    "{ref: T21, plan: timetable, title: Start service transition into Joint Venture, "
    "month: 2016-10, depends_on: [T19], forecast: 2017-01, status: complete, actual: 2017-01}"
)
SLIPPED = (
    "{ref: T21, plan: timetable, title: Start service transition into Joint Venture, "
    "month: 2016-10, depends_on: [T19], forecast: 2017-06, status: in_progress}"
)


def _slipped_file(tmp_path: Path) -> Path:
    text = DORSET.read_text(encoding="utf-8")
    assert START in text
    path = tmp_path / "dorset.yaml"
    path.write_text(text.replace(START, SLIPPED), encoding="utf-8")
    return path


def test_the_demonstration_raises_nothing_as_delivered() -> None:
    programme, _ = load_programme(DORSET)
    assert programme is not None
    assert find_overdue(programme, date(2017, 4, 30)) == []
    assert find_slipped(programme, date(2017, 4, 30), 0) == []


def test_a_slipped_milestone_is_found_then_overdue(tmp_path: Path) -> None:
    programme, _ = load_programme(_slipped_file(tmp_path))
    assert programme is not None
    slipped = find_slipped(programme, date(2017, 4, 30), 0)
    assert [(c.rule, c.extra) for c in slipped] == [(MILESTONE_SLIPPED, "T21")]
    assert slipped[0].detail == "Forecast June 2017 against its baseline of October 2016."
    assert find_slipped(programme, date(2017, 4, 30), 8) == []  # within 8 months allowed
    assert find_overdue(programme, date(2017, 6, 30)) == []  # due in June: not yet overdue
    overdue = find_overdue(programme, date(2017, 7, 31))
    assert [(c.rule, c.extra) for c in overdue] == [(MILESTONE_OVERDUE, "T21")]


def test_spend_above_committed_in_the_year() -> None:
    programme, _ = load_programme(DORSET)
    assert programme is not None
    found = find_spend_above_committed(programme, FinancialYear.parse("2016/17"))
    assert [(c.rule, c.extra, c.subject) for c in found] == [
        (SPEND_ABOVE_COMMITTED, "it.infrastructure", "RD3")
    ]
    assert find_spend_above_committed(programme, FinancialYear.parse("2015/16")) == []


def test_a_benefit_is_judged_on_its_linked_measure(demo_db: Database) -> None:
    [(programme, measured)] = read_stored_programmes(demo_db, "QVV")
    year = FinancialYear.parse("2017/18")
    value = measured["B01"]["2017/18"]  # RD3's agency pay outturn, from its M12 return
    assert find_off_trajectory(programme, year, measured, Decimal("0.10")) == []
    worse = {"B01": {"2017/18": Decimal("9730000.01")}}
    found = find_off_trajectory(programme, year, worse, Decimal("0.10"))
    assert [(c.rule, c.extra) for c in found] == [(BENEFIT_OFF_TRAJECTORY, "B01")]
    assert value <= Decimal("9750000")


def test_a_slipped_milestone_raises_an_escalation(demo_db: Database, tmp_path: Path) -> None:
    load_programme_file(demo_db, _slipped_file(tmp_path), "QVV", ADMIN)
    evaluate_escalations(demo_db, "QVV", FinancialYear.parse("2017/18"), 1, date(2017, 5, 20))
    raised = [
        (e.rule, e.title)
        for e in list_escalation_views(demo_db, "QVV", financial_year="2017/18")
        if e.rule.startswith("programme-milestone-")  # the replay's benefit one is at M12
    ]
    assert raised == [
        (
            MILESTONE_SLIPPED,
            "One NHS in Dorset (acute care collaboration vanguard): T21 Start service "
            "transition into Joint Venture has slipped 8 months",
        )
    ]
