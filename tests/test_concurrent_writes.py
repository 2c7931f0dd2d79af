"""Writes at the same moment lose nothing (SQLite and PostgreSQL): twenty return
submissions, escalations raised meanwhile, six proposals and all their approvals, each
from a worker of its own (own engine, own connections), released together. Every write is
stored, versions and references are numbered 1..n without a gap or a duplicate, nobody
gets an error, and the audit chain verifies."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from openbook.compose import from_url
from openbook.finance import store as returns
from openbook.finance.submit import submit_return_file
from openbook.governance.escalations import raise_escalation
from openbook.governance.tables import EscalationRow
from openbook.kernel.access import Role
from openbook.kernel.audit_log import verify_audit_log
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import Remit
from openbook.kernel.tables import AuditEventRow
from openbook.rebalancing.decide import decide
from openbook.rebalancing.model import SYSTEM_LEAD, Decision, ProposalKind, Transfer
from openbook.rebalancing.propose import create_proposal
from openbook.rebalancing.view import get_proposal_view
from tests.principals import LEAD, approver_for, named, principal
from tests.returns import TODAY, valid_return_rows, worse_forecast, write_rows

Y1718, Y1819 = FinancialYear.parse("2017/18"), FinancialYear.parse("2018/19")
PROVIDERS = ("RBD", "RD3", "RDY", "RDZ", "RYF")
SPLITS = (900_000, 850_000, 800_000, 750_000, 700_000, 650_000)


def all_at_once(db: Database, jobs: list[Callable[[Database], Any]]) -> list[Any]:
    """Run each job in a worker of its own, all released at the same moment; what each
    returned, or the exception it raised."""
    url = db.engine.url.render_as_string(hide_password=False)
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def worker(index: int, job: Callable[[Database], Any]) -> None:
        own = from_url(url)
        try:
            barrier.wait(timeout=120)
            results[index] = job(own)
        except Exception as error:
            results[index] = error
        finally:
            own.dispose()

    threads = [threading.Thread(target=worker, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return results


def return_files(db: Database, folder: Path) -> list[Path]:
    """Two new versions of each provider's M12 return in each of two years: twenty files,
    different organisations and months, and two of each month submitted at once."""
    paths = []
    for year in (Y1718, Y1819):
        for org in PROVIDERS:
            for change in (10_000, 20_000):
                rows = worse_forecast(valid_return_rows(db, org, 12, year), change)
                name = f"{org}_{year.label.replace('/', '')}_{change}.csv"
                paths.append(write_rows(folder / name, rows))
    return paths


def submission(path: Path) -> Callable[[Database], Any]:
    org = path.name.split("_")[0]
    submitter = named(f"{org.lower()}.submitter", Role.SUBMITTER, org)
    return lambda db: submit_return_file(db, path, submitter, TODAY)


def raising(index: int) -> Callable[[Database], Any]:
    org = PROVIDERS[index % len(PROVIDERS)]
    return lambda db: raise_escalation(
        db,
        "QVV",
        title=f"Concurrent concern {index}",
        detail="",
        remit=Remit.QUALITY,
        subject=org,
        year=Y1819,
        month=6,
        by=principal(f"{org.lower()}.viewer"),
    )


def proposing(rdz_gives: int) -> Callable[[Database], Any]:
    return lambda db: create_proposal(
        db,
        system_code="QVV",
        year=Y1718,
        month=12,
        kind=ProposalKind.TRANSFERS,
        title=f"RDZ gives {rdz_gives}",
        transfers=[
            Transfer("RDZ", "RD3", Decimal(rdz_gives)),
            Transfer("RDY", "RD3", Decimal(1_500_000 - rdz_gives)),
        ],
        changes=[],
        explanation=[],
        by=LEAD,
        acknowledge_worse=True,
    )


def approving(ref: str, slot: str) -> Callable[[Database], Any]:
    return lambda db: decide(db, ref, Decision.APPROVE, approver_for(slot))


def numbers(refs: list[str]) -> list[int]:
    return sorted(int(re.findall(r"\d+$", ref)[0]) for ref in refs)


def test_concurrent_writes_are_all_stored_and_numbered_without_gaps(
    demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.reading() as session:
        escalations_before = list(session.scalars(select(EscalationRow.ref)))

    # Twenty submissions and eight escalations raised by hand, all at the same moment.
    jobs = [submission(path) for path in return_files(demo_db, tmp_path)]
    jobs += [raising(index) for index in range(8)]
    results = all_at_once(demo_db, jobs)
    assert [r for r in results if isinstance(r, Exception)] == []
    assert all(result.created for result in results[:20])
    with demo_db.reading() as session:
        for year in (Y1718, Y1819):
            for org in PROVIDERS:
                versions = returns.list_return_versions(session, org, year, 12)
                assert [v.version for v in versions] == [1, 2, 3], (org, year.label)
        escalations = list(session.scalars(select(EscalationRow)))
        submitted = session.scalars(
            select(AuditEventRow.entity_id).where(AuditEventRow.action == "return.submitted")
        ).all()
    assert len([e for e in escalations if e.title.startswith("Concurrent concern")]) == 8
    refs = [e.ref for e in escalations]
    assert len(set(refs)) == len(refs) > len(escalations_before)
    assert numbers(refs) == list(range(1, len(refs) + 1))  # E-QVV-0001 .. without a gap
    assert sum(1 for entity in submitted if entity.endswith(("/v2", "/v3"))) == 20

    # Six proposals at once, then every approval of every one of them at once.
    proposals = all_at_once(demo_db, [proposing(split) for split in SPLITS])
    assert [p for p in proposals if isinstance(p, Exception)] == []
    refs = [p.ref for p in proposals]
    assert numbers(refs) == list(range(1, len(SPLITS) + 1))  # QVV-201718-P001 .. P006
    slots = ("RD3", "RDY", "RDZ", SYSTEM_LEAD)
    decisions = all_at_once(demo_db, [approving(ref, slot) for ref in refs for slot in slots])
    assert [d for d in decisions if isinstance(d, Exception)] == []
    for ref in refs:
        assert get_proposal_view(demo_db, ref).missing == []

    assert verify_audit_log(demo_db)[1] == []
