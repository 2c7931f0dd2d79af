"""The submission tracker: who has submitted a month's return and who is late against the
system's deadline (a working day of the following month); reminders to the submitters of
late returns, audited, at most once per organisation, month and deadline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from openbook.demo import dorset
from openbook.finance.model.submission import (
    SubmissionStatus,
    classify_submission,
    return_deadline,
)
from openbook.finance.tracker import get_return_tracker, send_return_reminders, tracker_to_dict
from openbook.governance.notifications import list_notifications
from openbook.governance.outbox import get_outbox_status
from openbook.kernel.audit_log import list_audit_events
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, NotFoundError
from openbook.kernel.organisation import Membership
from openbook.kernel.period import FinancialYear
from openbook.reference import record as reference
from openbook.reference import store as organisations
from openbook.reference.model.system_settings import SystemSettings, parse_system_settings
from tests.principals import ADMIN, LEAD, principal

Y2018 = FinancialYear.parse("2018/19")
Y2019 = FinancialYear.parse("2019/20")
SUBMITTING = ["11J", "RBD", "RD3", "RDY", "RDZ", "RYF"]


def add_year_without_returns(db: Database, year: FinancialYear = Y2019) -> None:
    """The Dorset members in a year no return has been submitted for."""
    with db.transaction() as session:
        for org_code, role in dorset.MEMBERS:
            membership = Membership(dorset.SYSTEM.system_code, org_code, year, role)
            reference.record_membership(session, membership, "tests")


@pytest.mark.parametrize(
    ("first", "today", "status"),
    [
        (date(2018, 10, 19), date(2026, 1, 1), SubmissionStatus.ON_TIME),  # on the day
        (date(2018, 10, 20), date(2026, 1, 1), SubmissionStatus.LATE),
        (None, date(2018, 10, 19), SubmissionStatus.DUE),
        (None, date(2018, 10, 20), SubmissionStatus.OVERDUE),
    ],
)
def test_a_return_is_due_on_its_deadline_day_and_late_from_the_next(
    first: date | None, today: date, status: SubmissionStatus
) -> None:
    assert classify_submission(first, date(2018, 10, 19), today) is status


def test_the_deadline_is_a_working_day_of_the_following_month() -> None:
    assert return_deadline(Y2018, 6, 15) == date(2018, 10, 19)
    assert return_deadline(Y2018, 9, 15) == date(2019, 1, 22)  # December into January
    assert return_deadline(Y2018, 12, 15) == date(2019, 4, 23)  # March into April, Easter
    assert return_deadline(Y2018, 12, 3) == date(2019, 4, 3)


def test_the_demo_month_by_month(sqlite_demo_db: Database) -> None:
    m6 = get_return_tracker(sqlite_demo_db, "QVV", Y2018, 6)
    assert m6.deadline == date(2018, 10, 19) and m6.deadline_working_day == 15
    assert [r.org_code for r in m6.rows] == SUBMITTING  # partners, then the associate
    assert {r.status for r in m6.rows} == {SubmissionStatus.LATE}  # in on Saturday 20th
    assert {r.days_late for r in m6.rows} == {1}
    m1 = get_return_tracker(sqlite_demo_db, "QVV", Y2018, 1)
    assert m1.count(SubmissionStatus.ON_TIME) == 6 and m1.deadline == date(2018, 5, 22)
    data = tracker_to_dict(m6)
    assert data["counts"] == {"on_time": 0, "late": 6, "overdue": 0, "due": 0}
    row = data["organisations"][1]
    assert row["org_code"] == "RBD" and row["first_submitted_at"] == "2018-10-20T09:00:00+00:00"
    assert row["latest_version"] == 1 and row["reminded_at"] is None


def test_the_deadline_is_the_systems_setting(sqlite_demo_db: Database) -> None:
    with sqlite_demo_db.transaction() as session:
        organisations.record_system_settings(
            session, "QVV", SystemSettings(return_deadline_working_day=18)
        )
    m6 = get_return_tracker(sqlite_demo_db, "QVV", Y2018, 6)
    assert m6.deadline == date(2018, 10, 24)
    assert m6.count(SubmissionStatus.ON_TIME) == 6


def test_the_setting_is_checked() -> None:
    settings, problems = parse_system_settings({"return_deadline_working_day": 15})
    assert problems == [] and settings.return_deadline_working_day == 15
    for bad in (0, 19, "15", True, 2.5):
        _, problems = parse_system_settings({"return_deadline_working_day": bad})
        assert problems == [
            "return_deadline_working_day must be a whole number from 1 to 18 (a working day "
            "of the following month)"
        ]


def test_not_yet_due_then_late(sqlite_demo_db: Database) -> None:
    add_year_without_returns(sqlite_demo_db)
    before = get_return_tracker(sqlite_demo_db, "QVV", Y2019, 1, today=date(2019, 5, 22))
    assert before.deadline == date(2019, 5, 22)
    assert before.count(SubmissionStatus.DUE) == 6 and before.to_remind == ()
    after = get_return_tracker(sqlite_demo_db, "QVV", Y2019, 1, today=date(2019, 5, 23))
    assert after.count(SubmissionStatus.OVERDUE) == 6
    assert {r.days_late for r in after.rows} == {1}
    assert [r.org_code for r in after.to_remind] == SUBMITTING


def test_late_submitters_are_reminded_once_through_the_outbox(sqlite_demo_db: Database) -> None:
    add_year_without_returns(sqlite_demo_db)
    pending = get_outbox_status(sqlite_demo_db, ADMIN).pending
    first = send_return_reminders(sqlite_demo_db, "QVV", Y2019, 1, LEAD, frozenset({"RBD"}))
    assert first.reminded == ("RBD",) and first.already == ()
    rbd = next(r for r in first.tracker.rows if r.org_code == "RBD")
    assert rbd.reminded_by == "system.lead" and rbd.reminded_at is not None
    [notice] = list_notifications(sqlite_demo_db, "rbd.submitter")
    assert notice.subject == "RBD's return for April 2019 (2019/20 M1) is late"
    assert "was due on Wednesday 22 May 2019" in notice.body and notice.link == "/submissions"
    assert get_outbox_status(sqlite_demo_db, ADMIN).pending == pending + 1  # to be emailed
    approvers = list_notifications(sqlite_demo_db, "rbd.approver")
    assert not any("is late" in n.subject for n in approvers)  # submitters only

    again = send_return_reminders(sqlite_demo_db, "QVV", Y2019, 1, LEAD)
    assert again.reminded == ("11J", "RD3", "RDY", "RDZ", "RYF") and again.already == ("RBD",)
    assert len(list_notifications(sqlite_demo_db, "rbd.submitter")) == 1  # never twice
    third = send_return_reminders(sqlite_demo_db, "QVV", Y2019, 1, LEAD)
    assert third.reminded == () and len(third.already) == 6

    events = list_audit_events(sqlite_demo_db, action="return.reminder_sent")
    assert len(events) == 6
    rbd_event = next(e for e in events if e.entity_id == "RBD 2019/20/M1 2019-05-22")
    assert rbd_event.actor == "system.lead" and '"deadline":"2019-05-22"' in rbd_event.payload


def test_a_new_deadline_may_be_reminded_of_again(sqlite_demo_db: Database) -> None:
    add_year_without_returns(sqlite_demo_db)
    send_return_reminders(sqlite_demo_db, "QVV", Y2019, 1, LEAD, frozenset({"RD3"}))
    with sqlite_demo_db.transaction() as session:
        organisations.record_system_settings(
            session, "QVV", SystemSettings(return_deadline_working_day=10)
        )
    result = send_return_reminders(sqlite_demo_db, "QVV", Y2019, 1, LEAD, frozenset({"RD3"}))
    assert result.reminded == ("RD3",)
    assert len(list_notifications(sqlite_demo_db, "rd3.submitter")) == 2


def test_who_may_remind_and_of_whom(sqlite_demo_db: Database) -> None:
    add_year_without_returns(sqlite_demo_db)
    with pytest.raises(ForbiddenError, match="only the system finance lead"):
        send_return_reminders(sqlite_demo_db, "QVV", Y2019, 1, principal("rbd.approver"))
    with pytest.raises(NotFoundError, match="E10000009 submit no returns to QVV"):
        send_return_reminders(sqlite_demo_db, "QVV", Y2019, 1, LEAD, frozenset({"E10000009"}))
    with pytest.raises(NotFoundError, match="system 'XXX' is not known"):
        get_return_tracker(sqlite_demo_db, "XXX", Y2019, 1)
    assert list_audit_events(sqlite_demo_db, action="return.reminder_sent") == []


def test_submitted_months_are_not_reminded(demo_db: Database) -> None:
    result = send_return_reminders(demo_db, "QVV", Y2018, 6, LEAD)
    assert result.reminded == () and result.already == ()
    assert Decimal(len(result.tracker.rows)) == 6
