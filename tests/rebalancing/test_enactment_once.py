"""Enactment exactly once: however many workers press "enact" at the same moment, on the
same proposal or on identical proposals, money moves once (SQLite and PostgreSQL)."""

from __future__ import annotations

import multiprocessing
from decimal import Decimal
from typing import Any

import pytest

from openbook.compose import from_url
from openbook.finance import store as finance
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError
from openbook.kernel.period import FinancialYear
from openbook.rebalancing.model import (
    SYSTEM_LEAD,
    Decision,
    ProposalKind,
    ProposalStatus,
    Transfer,
)
from openbook.rebalancing.proposal import (
    ApprovalBy,
    ProposalView,
    create_proposal,
    decide,
    enact,
    get_proposal_view,
)

Y1718 = FinancialYear.parse("2017/18")
WORKERS = 4


def approved_year_end_proposal(db: Database) -> ProposalView:
    proposal = create_proposal(
        db,
        system_code="QVV",
        year=Y1718,
        month=12,
        kind=ProposalKind.TRANSFERS,
        title="Get everyone over the line 2017/18",
        transfers=[
            Transfer("RDZ", "RD3", Decimal(900_000)),
            Transfer("RDY", "RD3", Decimal(600_000)),
        ],
        changes=[],
        explanation=[],
        actor="system-lead",
    )
    for slot in ("RD3", "RDY", "RDZ", SYSTEM_LEAD):
        decide(db, proposal.ref, ApprovalBy(f"dof-{slot.lower()}", slot), Decision.APPROVE)
    return proposal


def _enact_in_own_process(url: str, ref: str, key: str | None, barrier: Any, out: Any) -> None:
    """One worker: its own engine and connections, released at the same moment as the rest."""
    db = from_url(url)
    barrier.wait()
    try:
        enact(db, ref, f"lead-{key}", key)
        out.put(("enacted", ref))
    except ConflictError as error:
        out.put(("refused", error.message))
    finally:
        db.dispose()


def race(db: Database, refs_and_keys: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    url = db.engine.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("spawn")
    barrier, out = context.Barrier(len(refs_and_keys)), context.Queue()
    workers = [
        context.Process(target=_enact_in_own_process, args=(url, ref, key, barrier, out))
        for ref, key in refs_and_keys
    ]
    for worker in workers:
        worker.start()
    results = [out.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    return results


def ledger_to_rd3(db: Database) -> Decimal:
    with db.reading() as session:
        lines = finance.list_ledger_entries(session, Y1718)
    return sum((line.amount for line in lines if line.org_code == "RD3"), Decimal(0))


def test_identical_proposals_enacted_at_once_move_money_once(demo_db: Database) -> None:
    refs = [approved_year_end_proposal(demo_db).ref for _ in range(WORKERS)]
    results = race(demo_db, [(ref, None) for ref in refs])
    assert [outcome for outcome, _ in results].count("enacted") == 1
    assert ledger_to_rd3(demo_db) == Decimal(1_500_000)
    statuses = [get_proposal_view(demo_db, ref).status for ref in refs]
    assert statuses.count(ProposalStatus.ENACTED) == 1
    refusals = [message for outcome, message in results if outcome == "refused"]
    assert all("changed since" in m or "already been enacted" in m for m in refusals)


def test_one_proposal_enacted_by_several_workers_moves_money_once(demo_db: Database) -> None:
    ref = approved_year_end_proposal(demo_db).ref
    results = race(demo_db, [(ref, None)] * WORKERS)
    assert [outcome for outcome, _ in results].count("enacted") == 1
    with demo_db.reading() as session:
        assert len(finance.list_ledger_entries(session, Y1718)) == 4
    assert ledger_to_rd3(demo_db) == Decimal(1_500_000)


def test_a_retry_with_the_same_key_answers_with_the_first_enactment(demo_db: Database) -> None:
    ref = approved_year_end_proposal(demo_db).ref
    results = race(demo_db, [(ref, "double-click-1")] * 2)
    assert [outcome for outcome, _ in results] == ["enacted", "enacted"]
    assert ledger_to_rd3(demo_db) == Decimal(1_500_000)
    again = enact(demo_db, ref, "lead", "double-click-1")
    assert again.status is ProposalStatus.ENACTED
    assert ledger_to_rd3(demo_db) == Decimal(1_500_000)


def test_a_key_cannot_be_reused_for_another_proposal(demo_db: Database) -> None:
    first = approved_year_end_proposal(demo_db).ref
    enact(demo_db, first, "lead", "key-0001")
    second = approved_year_end_proposal(demo_db).ref
    with pytest.raises(ConflictError, match="another proposal"):
        enact(demo_db, second, "lead", "key-0001")


def test_the_database_refuses_a_second_enactment_on_the_same_figures(demo_db: Database) -> None:
    """Beneath the checks: even a writer that skipped them cannot record two enactments of
    proposals solved on the same basis."""
    from sqlalchemy.exc import IntegrityError

    from openbook.rebalancing import store as proposals
    from openbook.rebalancing.tables import ProposalEnactmentRow

    one, two = (approved_year_end_proposal(demo_db) for _ in range(2))
    enact(demo_db, one.ref, "lead")

    def enact_without_checks() -> None:
        with demo_db.transaction() as session:
            row, first = (proposals.get_proposal(session, p.ref) for p in (two, one))
            assert row is not None and first is not None
            proposals.add_enactment(
                session,
                ProposalEnactmentRow(
                    proposal_id=row.id,
                    system_code=row.system_code,
                    financial_year=row.financial_year,
                    month=row.month,
                    basis_hash=first.basis_hash,
                    idempotency_key="bypass",
                    enacted_at=first.created_at,
                    enacted_by="bypass",
                ),
            )

    with pytest.raises(IntegrityError):
        enact_without_checks()
