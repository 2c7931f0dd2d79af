"""Joint decisions: every affected organisation and the system finance lead approve before a
proposal is enacted; enacting is atomic, double-entry and audited; stale proposals refuse."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from openbook.finance import store as finance
from openbook.finance.position_report import get_system_position
from openbook.finance.submit import submit_return_file
from openbook.kernel.access import Principal
from openbook.kernel.audit_log import verify_audit_log
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, ForbiddenError, OpenbookError
from openbook.kernel.period import FinancialYear
from openbook.rebalancing.decide import decide
from openbook.rebalancing.enact import enact
from openbook.rebalancing.model import (
    SYSTEM_LEAD,
    ControlTotalChange,
    Decision,
    ProposalKind,
    ProposalStatus,
    Transfer,
)
from openbook.rebalancing.propose import create_proposal
from openbook.rebalancing.view import ProposalView, get_proposal_view, list_proposal_views
from openbook.reference import store as reference_store
from tests.principals import DEPUTY, LEAD, approver_for, principal
from tests.returns import TODAY, valid_return_rows, write_rows

Y1718, Y1819 = FinancialYear.parse("2017/18"), FinancialYear.parse("2018/19")


def year_end_proposal(db: Database, rdz_gives: int = 900_000, by: Principal = LEAD) -> ProposalView:
    return create_proposal(
        db,
        system_code="QVV",
        year=Y1718,
        month=12,
        kind=ProposalKind.TRANSFERS,
        title="Get everyone over the line 2017/18",
        transfers=[
            Transfer("RDZ", "RD3", Decimal(rdz_gives)),
            Transfer("RDY", "RD3", Decimal(1_500_000 - rdz_gives)),
        ],
        changes=[],
        explanation=["RD3 is £1.5m short; RDZ and RDY have £1.7m headroom."],
        by=by,
        acknowledge_worse=rdz_gives > 900_000 or rdz_gives < 700_000,  # RDZ or RDY dips under
    )


def approve_all(db: Database, ref: str) -> None:
    for slot in ("RD3", "RDY", "RDZ", SYSTEM_LEAD):
        decide(db, ref, Decision.APPROVE, approver_for(slot))


def test_year_end_transfers_get_everyone_over_the_line(demo_db: Database) -> None:
    proposal = year_end_proposal(demo_db)
    assert list(proposal.affected) == ["RD3", "RDY", "RDZ"]
    assert proposal.missing == ["RD3", "RDY", "RDZ", SYSTEM_LEAD]
    approve_all(demo_db, proposal.ref)
    enacted = enact(demo_db, proposal.ref, DEPUTY)
    assert enacted.status is ProposalStatus.ENACTED
    report = get_system_position(demo_db, "QVV", Y1718, 12)
    gaps = {p.code: p.gap for p in report.organisations}
    assert gaps == {"11J": 0, "RBD": 0, "RD3": 0, "RDY": 200_000, "RDZ": 0}
    assert all(p.sustainability_at_risk == 0 for p in report.organisations)
    assert report.position.forecast_outturn == Decimal(-5_300_000)  # the system is unchanged
    with demo_db.reading() as session:
        assert finance.check_ledger_balanced(session) == []
        lines = finance.list_ledger_entries(session, Y1718)
    assert sum(line.amount for line in lines) == 0 and len(lines) == 4
    assert verify_audit_log(demo_db)[1] == []


def test_cannot_enact_before_everyone_has_approved(demo_db: Database) -> None:
    proposal = year_end_proposal(demo_db)
    decide(demo_db, proposal.ref, Decision.APPROVE, approver_for("RD3"))
    with pytest.raises(ConflictError, match="still needs the approval of RDY, RDZ, SYSTEM"):
        enact(demo_db, proposal.ref, DEPUTY)
    with demo_db.reading() as session:
        assert finance.list_ledger_entries(session, Y1718) == []


def test_an_unaffected_organisation_cannot_approve(demo_db: Database) -> None:
    proposal = year_end_proposal(demo_db)
    with pytest.raises(ForbiddenError, match="RBD is not affected"):
        decide(demo_db, proposal.ref, Decision.APPROVE, approver_for("RBD"))


def test_rejection_needs_a_reason_and_closes_the_proposal(demo_db: Database) -> None:
    proposal = year_end_proposal(demo_db)
    with pytest.raises(OpenbookError, match="a rejection needs a reason"):
        decide(demo_db, proposal.ref, Decision.REJECT, approver_for("RDY"))
    rejected = decide(
        demo_db,
        proposal.ref,
        Decision.REJECT,
        approver_for("RDY"),
        "Our own winter risk is not yet covered",
    )
    assert rejected.status is ProposalStatus.REJECTED
    with pytest.raises(ConflictError, match="is rejected"):
        decide(demo_db, proposal.ref, Decision.APPROVE, approver_for("RDZ"))


def test_a_proposal_on_changed_figures_must_be_solved_again(
    demo_db: Database, tmp_path: Path
) -> None:
    proposal = year_end_proposal(demo_db)
    approve_all(demo_db, proposal.ref)
    rows = valid_return_rows(demo_db, org="RDZ")
    forecast = rows[0].index("forecast_outturn")
    codes = [row[3] for row in rows]
    for line, change in [
        ("non_pay", 300_000),
        ("expenditure.total", 300_000),
        ("surplus_deficit", -300_000),
        ("surplus_deficit.excl_sustainability", -300_000),
    ]:
        row = rows[codes.index(line)]
        row[forecast] = str(Decimal(row[forecast]) + change)
    submit_return_file(
        demo_db, write_rows(tmp_path / "rdz.csv", rows), principal("rdz.submitter"), TODAY
    )
    # The new return superseded the proposal at once: nobody can enact a stale solution.
    view = get_proposal_view(demo_db, proposal.ref)
    assert view.status is ProposalStatus.SUPERSEDED
    assert "figures it was solved on changed" in (view.closing_reason or "")
    with pytest.raises(ConflictError, match="is superseded"):
        enact(demo_db, proposal.ref, DEPUTY)


def test_moving_control_totals_keeps_the_system_total(demo_db: Database) -> None:
    before = get_system_position(demo_db, "QVV", Y1819, 3).position.control_total
    changes = [
        ControlTotalChange("RD3", Decimal(-1_500_000), Decimal(-7_000_000)),
        ControlTotalChange("RDZ", Decimal(1_500_000), Decimal(4_500_000)),
        ControlTotalChange("RDY", Decimal(2_500_000), Decimal(5_000_000)),
    ]
    proposal = create_proposal(
        demo_db,
        system_code="QVV",
        year=Y1819,
        month=3,
        kind=ProposalKind.CONTROL_TOTALS,
        title="Make every CIP achievable 2018/19",
        transfers=[],
        changes=changes,
        explanation=[],
        by=LEAD,
        acknowledge_worse=True,
    )
    approve_all(demo_db, proposal.ref)
    enact(demo_db, proposal.ref, DEPUTY)
    report = get_system_position(demo_db, "QVV", Y1819, 3)
    assert report.position.control_total == before
    assert {p.code: p.control_total for p in report.organisations}["RD3"] == -7_000_000
    with demo_db.reading() as session:
        versions = reference_store.list_control_totals(session, "RD3", Y1819)
    assert [v.version for v in versions] == [1, 2] and versions[1].decision_ref == proposal.ref


def test_control_total_moves_must_be_net_neutral(demo_db: Database) -> None:
    with pytest.raises(OpenbookError, match=r"net to -500000\.00, not zero"):
        create_proposal(
            demo_db,
            system_code="QVV",
            year=Y1819,
            month=3,
            kind=ProposalKind.CONTROL_TOTALS,
            title="x",
            transfers=[],
            explanation=[],
            by=LEAD,
            changes=[ControlTotalChange("RD3", Decimal(-1_500_000), Decimal(-2_000_000))],
        )
    assert list_proposal_views(demo_db, "QVV") == []
