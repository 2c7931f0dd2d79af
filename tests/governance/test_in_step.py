"""One truth over time: a decision takes effect from its month and rewrites no earlier one;
what was known at any moment can be reproduced; and whatever is written, the escalations
left open are exactly those a fresh evaluation of the figures as they now stand would open,
described in the words of the latest month."""

from __future__ import annotations

import shutil
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openbook.compose import from_url
from openbook.finance.position_report import get_system_position
from openbook.finance.rules import CIP_BEHIND, ORG_BEHIND, SYSTEM_BEHIND
from openbook.finance.submit import submit_return_file
from openbook.governance.config import get_definition
from openbook.governance.escalation_view import list_escalation_views
from openbook.governance.evaluate import find_conditions
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.rebalancing.decide import decide
from openbook.rebalancing.enact import enact
from openbook.rebalancing.model import SYSTEM_LEAD, ControlTotalChange, Decision, ProposalKind
from openbook.rebalancing.propose import create_proposal
from tests.principals import DEPUTY, LEAD, approver_for, principal
from tests.returns import TODAY, valid_return_rows, worse_forecast, write_rows

Y1819 = FinancialYear.parse("2018/19")
MOVE = [
    ControlTotalChange("RD3", Decimal(-1_500_000), Decimal(-7_000_000)),
    ControlTotalChange("RDZ", Decimal(1_500_000), Decimal(4_500_000)),
    ControlTotalChange("RDY", Decimal(2_500_000), Decimal(5_000_000)),
]


def enact_move(db: Database, month: int, changes: list[ControlTotalChange] = MOVE) -> str:
    proposal = create_proposal(
        db,
        system_code="QVV",
        year=Y1819,
        month=month,
        kind=ProposalKind.CONTROL_TOTALS,
        title="Make every CIP achievable 2018/19",
        transfers=[],
        changes=changes,
        explanation=[],
        by=LEAD,
        acknowledge_worse=True,  # RDY and RDZ turn red: the case the preview is for
    )
    for slot in (*proposal.affected, SYSTEM_LEAD):
        decide(db, proposal.ref, Decision.APPROVE, approver_for(slot))
    enact(db, proposal.ref, DEPUTY)
    return proposal.ref


def control_totals(db: Database, month: int, as_at: datetime | None = None) -> dict[str, Decimal]:
    report = get_system_position(db, "QVV", Y1819, month, as_at)
    return {p.code: p.control_total for p in report.organisations if p.control_total is not None}


def open_keys(db: Database, year: FinancialYear) -> set[str]:
    return {
        e.rule + "|" + e.subject
        for e in list_escalation_views(db, "QVV", status="open", financial_year=year.label)
        if e.raised_by == "openbook-rules"
    }


def fresh_keys(db: Database, year: FinancialYear, month: int) -> set[str]:
    rules = get_definition(db, "QVV").rules
    return {f"{c.rule}|{c.subject}" for c in find_conditions(db, "QVV", year, month, rules)}


def test_a_change_agreed_at_m3_leaves_m1_and_m2_as_they_were(demo_db: Database) -> None:
    before = {month: control_totals(demo_db, month) for month in (1, 2, 3, 12)}
    enact_move(demo_db, 3)
    assert control_totals(demo_db, 1) == before[1]
    assert control_totals(demo_db, 2) == before[2]
    assert control_totals(demo_db, 3)["RD3"] == Decimal(-7_000_000)
    assert control_totals(demo_db, 12)["RDY"] == Decimal(5_000_000)
    assert sum(control_totals(demo_db, 3).values()) == sum(before[3].values())


def test_as_at_before_the_enactment_shows_the_old_control_totals(demo_db: Database) -> None:
    before = control_totals(demo_db, 6)
    moment = datetime.now(UTC)
    enact_move(demo_db, 3)
    assert control_totals(demo_db, 6) != before
    assert control_totals(demo_db, 6, moment) == before


def test_as_at_a_past_date_shows_the_returns_then_in(demo_db: Database) -> None:
    """The demo's 2017/18 M12 returns came in on 20 April 2018: known on 21 April, not on
    the 19th."""
    year = FinancialYear.parse("2017/18")
    on_19th = get_system_position(demo_db, "QVV", year, 12, datetime(2018, 4, 19, tzinfo=UTC))
    on_21st = get_system_position(demo_db, "QVV", year, 12, datetime(2018, 4, 21, tzinfo=UTC))
    assert not any(p.has_return for p in on_19th.organisations)
    assert all(p.has_return for p in on_21st.organisations)


def test_enacting_at_m3_leaves_the_escalations_of_a_fresh_evaluation_of_m12(
    demo_db: Database,
) -> None:
    assert open_keys(demo_db, Y1819) == fresh_keys(demo_db, Y1819, 12)
    enact_move(demo_db, 3)
    assert open_keys(demo_db, Y1819) == fresh_keys(demo_db, Y1819, 12)
    finance_rules = {ORG_BEHIND, SYSTEM_BEHIND, CIP_BEHIND}
    views = list_escalation_views(demo_db, "QVV", status="open", financial_year="2018/19")
    described = [e.detail for e in views if e.rule in finance_rules]
    assert described and all("M12 2018/19" in detail for detail in described)


CHANGES = st.sampled_from([-4_000_000, -1_000_000, 0, 1_000_000, 3_000_000])
WRITES = st.lists(
    st.one_of(
        st.tuples(st.just("submit"), st.sampled_from(["RBD", "RD3", "RDZ", "RDY"]), CHANGES),
        st.tuples(st.just("move"), st.sampled_from([3, 6, 9, 12]), st.just(0)),
    ),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(writes=WRITES)
def test_after_any_writes_the_open_escalations_are_a_fresh_evaluation(
    demo_template: Path, tmp_path: Path, writes: list[tuple[str, str | int, int]]
) -> None:
    target = tmp_path / f"{uuid.uuid4().hex}.db"  # a fresh store for every example
    shutil.copy(demo_template, target)
    db = from_url(f"sqlite:///{target}")
    moved = 0
    for index, (kind, target, change) in enumerate(writes):
        if kind == "submit":
            org = str(target)
            rows = worse_forecast(valid_return_rows(db, org, 12, Y1819), change)
            path = write_rows(tmp_path / f"{index}-{org}.csv", rows)
            submit_return_file(db, path, principal(f"{org.lower()}.submitter"), TODAY)
        elif moved == 0:  # one move per example: a second would be on changed figures
            enact_move(db, int(target))
            moved += 1
    assert open_keys(db, Y1819) == fresh_keys(db, Y1819, 12)
    db.dispose()
