"""Proposing: the system finance lead records a solution as an open proposal, tied to the
figures it was solved on. An identical open proposal cannot be opened twice."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from openbook.finance.position_report import read_system_position
from openbook.kernel.access import Principal, can_propose
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, ForbiddenError, OpenbookError
from openbook.kernel.event import ProposalStepped, publish
from openbook.kernel.period import FinancialYear
from openbook.rebalancing import store as proposals
from openbook.rebalancing.model import (
    ControlTotalChange,
    ProposalKind,
    ProposalStatus,
    Transfer,
    affected_organisations,
    check_control_totals_neutral,
    check_transfers_balance,
)
from openbook.rebalancing.preview import read_preview
from openbook.rebalancing.tables import ProposalRow
from openbook.rebalancing.view import ProposalView, basis_of, get_proposal_view

MAX_TITLE = 300


def require_lead(user: Principal, what: str) -> None:
    if not can_propose(user):
        raise ForbiddenError(f"only the system finance lead may {what}")


def create_proposal(
    db: Database,
    *,
    system_code: str,
    year: FinancialYear,
    month: int,
    kind: ProposalKind,
    title: str,
    transfers: list[Transfer],
    changes: list[ControlTotalChange],
    explanation: list[str],
    by: Principal,
    acknowledge_worse: bool = False,
) -> ProposalView:
    """Record a solution as an open proposal, tied to the figures it was solved on, with its
    preview (every partner before and after). If it leaves any partner worse off (a worse
    RAG, more sustainability funding at risk), the proposer must say they have seen it."""
    problems = (
        check_transfers_balance(transfers)
        if kind is ProposalKind.TRANSFERS
        else check_control_totals_neutral(changes)
    )
    affected = affected_organisations(kind, transfers, changes)
    if not affected:
        problems.append("the proposal changes nothing: there is nothing to agree")
    if problems:
        raise OpenbookError("; ".join(problems))
    payload = proposals.payload_of(tuple(transfers), tuple(changes))

    def work(session: Session) -> str:
        require_lead(by, "propose")
        proposals.lock_system(session, system_code)
        basis = basis_of(read_system_position(session, system_code, year, month))
        key = _open_key(system_code, year, month, kind, payload, basis)
        if proposals.get_open_by_key(session, key) is not None:
            raise ConflictError(
                "an identical proposal on the same figures is already open",
                hint="open it from the proposals list instead of proposing it again",
            )
        preview = read_preview(session, system_code, year, month, kind, transfers, changes)
        if preview.worse and not acknowledge_worse:
            raise ConflictError(
                "the proposal leaves partners worse off: " + "; ".join(preview.worse),
                hint="look at the preview, then confirm that you have seen it to propose",
            )
        row = proposals.add_proposal(
            session,
            ProposalRow(
                ref=proposals.next_proposal_ref(session, system_code, year.label),
                system_code=system_code,
                financial_year=year.label,
                month=month,
                kind=kind.value,
                status=ProposalStatus.OPEN.value,
                title=title[:MAX_TITLE],
                payload={**payload, "preview": preview.as_dict()},
                explanation=explanation,
                affected=affected,
                basis_hash=basis,
                created_at=db.clock.now(),
                created_by=by.username,
                open_key=key,
            ),
        )
        record_event(
            session,
            actor=by.username,
            action="proposal.created",
            entity="proposal",
            entity_id=row.ref,
            before=None,
            after={
                "kind": kind.value,
                "title": row.title,
                **payload,
                "affected": affected,
                "worse": preview.worse,
                "acknowledged": acknowledge_worse,
            },
            reason=row.title,
            chain=system_code,
        )
        publish(session, ProposalStepped(system_code, row.ref, "proposed", by.username))
        return row.ref

    try:
        ref = db.write(work)
    except IntegrityError as error:  # an identical proposal won every rerun's race
        raise ConflictError("an identical proposal on the same figures is already open") from error
    return get_proposal_view(db, ref)


def _open_key(
    system_code: str,
    year: FinancialYear,
    month: int,
    kind: ProposalKind,
    payload: object,
    basis: str,
) -> str:
    text = json.dumps([system_code, year.label, month, kind.value, payload, basis], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()
