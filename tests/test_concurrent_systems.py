"""Writers in two systems at once (SQLite and PostgreSQL): Dorset (QVV) and Frimley (QNQ)
each take submissions, escalations, proposals, approvals and enactments at the same moment,
every enactment clicked twice. Each system's writes go to its own audit chain and numbers
its own references: no duplicate, no gap, no fork of a chain, nothing lost, money moved
once; every chain verifies on its own and all of them together."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from openbook.finance import store as returns
from openbook.finance.tables import LedgerEntryRow
from openbook.governance.config import load_governance_text
from openbook.governance.escalations import raise_escalation
from openbook.governance.tables import EscalationRow
from openbook.kernel.audit import verify_chain
from openbook.kernel.audit_log import get_audit_heads, verify_audit_log
from openbook.kernel.cache import data_version
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import Remit
from openbook.kernel.tables import AuditEventRow
from openbook.rebalancing.decide import decide
from openbook.rebalancing.enact import enact
from openbook.rebalancing.model import SYSTEM_LEAD, Decision, ProposalKind, Transfer
from openbook.rebalancing.propose import create_proposal
from openbook.reference.load import load_system_file
from tests.principals import ADMIN, DEPUTY, LEAD, approver_for, principal
from tests.test_concurrent_writes import PROVIDERS, Y1718, all_at_once, return_files
from tests.test_concurrent_writes import submission as submitting

FRIMLEY = Path(__file__).parents[1] / "examples" / "systems" / "frimley_2019_20.yaml"
Y1920 = FinancialYear.parse("2019/20")
SYSTEMS = {  # system: (year, month, giver, receiver, other giver, affected orgs)
    "QVV": (Y1718, 12, "RDZ", "RD3", "RDY"),
    "QNQ": (Y1920, 6, "RWX", "RDU", "RXX"),
}


FRIMLEY_GOVERNANCE = """
system: QNQ
bodies:
  - {code: board, name: Partnership board, remits: [system], chair: system.lead,
     members: [system.lead], meets: last thursday}
  - {code: qsg, name: Quality group, remits: [quality, finance, activity, workforce],
     escalates_to: board, chair: system.lead, members: [system.lead], meets: first wednesday}
"""


def raising(system: str, org: str, index: int) -> Any:
    year, month = SYSTEMS[system][:2]
    return lambda db: raise_escalation(
        db,
        system,
        title=f"Concern {system} {index}",
        detail="",
        remit=Remit.QUALITY,
        subject=org,
        year=year,
        month=month,
        by=principal(f"{org.lower()}.viewer"),
    )


def proposing(system: str, gives: int) -> Any:
    year, month, giver, receiver, other = SYSTEMS[system]
    return lambda db: create_proposal(
        db,
        system_code=system,
        year=year,
        month=month,
        kind=ProposalKind.TRANSFERS,
        title=f"{giver} gives {gives}",
        transfers=[
            Transfer(giver, receiver, Decimal(gives)),
            Transfer(other, receiver, Decimal(1_000_000 - gives)),
        ],
        changes=[],
        explanation=[],
        by=LEAD,
        acknowledge_worse=True,
    )


def numbers(refs: list[str]) -> list[int]:
    return sorted(int(re.findall(r"\d+$", ref)[0]) for ref in refs)


def test_two_systems_written_at_once_keep_their_own_chains_and_numbers(
    demo_db: Database, tmp_path: Path
) -> None:
    load_system_file(demo_db, FRIMLEY, ADMIN)
    load_governance_text(demo_db, FRIMLEY_GOVERNANCE, "frimley.yaml", ADMIN)
    with demo_db.reading() as session:
        before = dict(
            session.execute(
                select(EscalationRow.system_code, func.count()).group_by(EscalationRow.system_code)
            ).all()
        )

    # Submissions to Dorset, and escalations raised in both systems, all at once.
    jobs = [submitting(path) for path in return_files(demo_db, tmp_path)[:10]]
    jobs += [raising("QVV", PROVIDERS[i % 5], i) for i in range(6)]
    jobs += [raising("QNQ", ("RDU", "RWX", "RXX")[i % 3], i) for i in range(6)]
    results = all_at_once(demo_db, jobs)
    assert [r for r in results if isinstance(r, Exception)] == []

    with demo_db.reading() as session:
        for org in PROVIDERS:
            versions = returns.list_return_versions(session, org, Y1718, 12)
            assert [v.version for v in versions] == [1, 2, 3], org
        rows = list(session.scalars(select(EscalationRow)))
    for system in SYSTEMS:
        refs = [row.ref for row in rows if row.system_code == system]
        assert len(refs) == before.get(system, 0) + 6
        assert numbers(refs) == list(range(1, len(refs) + 1)), system  # E-QNQ-0001 ..

    # Three proposals in each system at once, then all their approvals at once.
    jobs = [proposing(system, gives) for system in SYSTEMS for gives in (400_000, 500_000, 600_000)]
    proposals = all_at_once(demo_db, jobs)
    assert [p for p in proposals if isinstance(p, Exception)] == []
    for system in SYSTEMS:
        refs = [p.ref for p in proposals if p.system_code == system]
        assert numbers(refs) == [1, 2, 3], refs  # QNQ-201920-P001 .. P003
    decisions = all_at_once(
        demo_db,
        [
            (lambda db, ref=p.ref, slot=slot: decide(db, ref, Decision.APPROVE, approver_for(slot)))
            for p in proposals
            for slot in [*sorted(p.affected), SYSTEM_LEAD]
        ],
    )
    assert [d for d in decisions if isinstance(d, Exception)] == []

    # One proposal of each system enacted, each by a double click (the same key twice).
    chosen = [next(p for p in proposals if p.system_code == system) for system in SYSTEMS]
    clicks = [
        (lambda db, ref=p.ref: enact(db, ref, DEPUTY, idempotency_key=f"click-{ref}"))
        for p in chosen
        for _ in range(2)
    ]
    enacted = all_at_once(demo_db, clicks)
    assert [e for e in enacted if isinstance(e, Exception)] == []
    with demo_db.reading() as session:
        for proposal in chosen:
            entries = session.scalars(
                select(LedgerEntryRow).where(LedgerEntryRow.decision_ref == proposal.ref)
            ).all()
            assert len(entries) == 4, proposal.ref  # two transfers, two lines each, once
            assert sum(entry.amount for entry in entries) == 0

        # Each system's governance and proposals are in its own chain, which verifies alone.
        chains = dict(
            session.execute(
                select(AuditEventRow.chain, func.count())
                .where(AuditEventRow.action.like("escalation.%"))
                .group_by(AuditEventRow.chain)
            ).all()
        )
        assert chains.get("QNQ", 0) >= 6 and chains.get("QVV", 0) >= 6
        for chain in ("store", "QVV", "QNQ"):
            assert verify_chain(session, chain)[1] == [], chain
    assert {head.chain for head in get_audit_heads(demo_db)} >= {"store", "QVV", "QNQ"}
    assert verify_audit_log(demo_db)[1] == []

    # A Dorset return does not touch Frimley's figures, so Frimley's cached answers stand.
    frimley, dorset = data_version(demo_db, "QNQ"), data_version(demo_db, "QVV")
    (tmp_path / "again").mkdir()
    assert submitting(return_files(demo_db, tmp_path / "again")[10])(demo_db).created
    assert data_version(demo_db, "QNQ") == frimley
    assert data_version(demo_db, "QVV") > dorset
