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
from openbook.rebalancing.decide import decide
from openbook.rebalancing.enact import enact
from openbook.rebalancing.model import (
    SYSTEM_LEAD,
    Decision,
    ProposalKind,
    ProposalStatus,
    Transfer,
)
from openbook.rebalancing.propose import create_proposal
from openbook.rebalancing.view import ProposalView, get_proposal_view
from tests.principals import DEPUTY, LEAD, approver_for, principal

Y1718 = FinancialYear.parse("2017/18")
WORKERS = 4


def approved_year_end_proposal(db: Database, rdz_gives: int = 900_000) -> ProposalView:
    proposal = create_proposal(
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
        explanation=[],
        by=LEAD,
        acknowledge_worse=rdz_gives != 900_000,  # other splits push RDY under its control total
    )
    for slot in ("RD3", "RDY", "RDZ", SYSTEM_LEAD):
        decide(db, proposal.ref, Decision.APPROVE, approver_for(slot))
    return proposal


def _enact_in_own_process(
    url: str, ref: str, key: str | None, index: int, barrier: Any, out: Any
) -> None:
    """One worker: its own engine and connections, released at the same moment as the rest."""
    db = from_url(url)
    barrier.wait()
    try:
        enact(db, ref, principal(f"system.lead{index}"), key)
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
        context.Process(target=_enact_in_own_process, args=(url, ref, key, index, barrier, out))
        for index, (ref, key) in enumerate(refs_and_keys)
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


def test_an_identical_open_proposal_cannot_be_opened_twice(demo_db: Database) -> None:
    approved_year_end_proposal(demo_db)
    with pytest.raises(ConflictError, match="identical proposal on the same figures"):
        approved_year_end_proposal(demo_db)


def test_twin_proposals_enacted_at_once_move_money_once(demo_db: Database) -> None:
    """Proposals solved on the same figures (RD3's £1.5m split differently between RDZ and
    RDY), each approved, enacted by four workers at the same moment: one moves the money."""
    splits = [900_000, 800_000, 700_000, 600_000][:WORKERS]
    refs = [approved_year_end_proposal(demo_db, rdz_gives=split).ref for split in splits]
    results = race(demo_db, [(ref, None) for ref in refs])
    assert [outcome for outcome, _ in results].count("enacted") == 1
    assert ledger_to_rd3(demo_db) == Decimal(1_500_000)
    statuses = [get_proposal_view(demo_db, ref).status for ref in refs]
    # The enactment changed the figures the twins were solved on: they are superseded.
    assert sorted(s.value for s in statuses) == ["enacted", *["superseded"] * (WORKERS - 1)]
    refusals = [message for outcome, message in results if outcome == "refused"]
    assert all(
        "changed since" in m or "already been enacted" in m or "is superseded" in m
        for m in refusals
    )


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
    again = enact(demo_db, ref, DEPUTY, "double-click-1")
    assert again.status is ProposalStatus.ENACTED
    assert ledger_to_rd3(demo_db) == Decimal(1_500_000)


def test_a_key_cannot_be_reused_for_another_proposal(demo_db: Database) -> None:
    first = approved_year_end_proposal(demo_db).ref
    enact(demo_db, first, DEPUTY, "key-0001")
    second = approved_year_end_proposal(demo_db, rdz_gives=100_000).ref
    with pytest.raises(ConflictError, match="another proposal"):
        enact(demo_db, second, DEPUTY, "key-0001")


def test_the_database_refuses_a_second_enactment_on_the_same_figures(demo_db: Database) -> None:
    """Beneath the checks: even a writer that skipped them cannot record two enactments of
    proposals solved on the same basis."""
    from sqlalchemy.exc import IntegrityError

    from openbook.rebalancing import store as proposals
    from openbook.rebalancing.tables import ProposalEnactmentRow

    one, two = (approved_year_end_proposal(demo_db, rdz_gives=g) for g in (900_000, 800_000))
    enact(demo_db, one.ref, DEPUTY)

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
