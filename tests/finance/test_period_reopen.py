"""A closed month can be reopened by the system finance lead, with a reason: returns can be
submitted again, the reopening is audited with when and by whom it had been closed, and a
closed month's refusal names the action."""

from __future__ import annotations

import json

import pytest

from openbook.finance import store as finance
from openbook.finance.period_close import close_period, reopen_period
from openbook.kernel.audit import head_sequence
from openbook.kernel.audit_log import list_audit_events
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, OpenbookError
from openbook.kernel.period import FinancialYear
from tests.principals import LEAD, principal

Y1718 = FinancialYear.parse("2017/18")


def closed(db: Database) -> list[int]:
    with db.reading() as session:
        return finance.list_closed_months(session, "QVV", Y1718)


def test_the_lead_reopens_a_closed_month_with_a_reason(demo_db: Database) -> None:
    assert 6 in closed(demo_db)
    sequence = head_sequence(demo_db.engine)
    with pytest.raises(ForbiddenError, match="system finance lead"):
        reopen_period(demo_db, "QVV", Y1718, 6, "wrong", principal("rd3.approver"))
    with pytest.raises(OpenbookError, match="say why"):
        reopen_period(demo_db, "QVV", Y1718, 6, "  ", LEAD)
    assert head_sequence(demo_db.engine) == sequence and 6 in closed(demo_db)
    assert reopen_period(demo_db, "QVV", Y1718, 6, "RD3's M6 return was wrong", LEAD)
    assert 6 not in closed(demo_db)
    assert not reopen_period(demo_db, "QVV", Y1718, 6, "again", LEAD)
    (event,) = list_audit_events(demo_db, action="period.reopened")
    assert event.reason == "RD3's M6 return was wrong"
    assert json.loads(event.payload)["before"]["closed"] is True
    assert close_period(demo_db, "QVV", Y1718, 6, LEAD)
    assert 6 in closed(demo_db)
