"""Proposals repository."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openbook.kernel.clock import aware
from openbook.kernel.counter import next_number
from openbook.kernel.money import money_str
from openbook.kernel.period import FinancialYear
from openbook.rebalancing.model import (
    Approval,
    ControlTotalChange,
    Decision,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Transfer,
)
from openbook.rebalancing.tables import (
    ProposalApprovalRow,
    ProposalEnactmentRow,
    ProposalRow,
)
from openbook.reference.tables import HealthSystemRow


def next_proposal_ref(session: Session, system_code: str, financial_year: str) -> str:
    """The system's next proposal of the year, from its counter (two proposers at once never
    number the same reference)."""

    def numbered_before() -> int:
        query = select(func.count()).select_from(ProposalRow)
        in_year = (
            ProposalRow.system_code == system_code,
            ProposalRow.financial_year == financial_year,
        )
        return int(session.scalar(query.where(*in_year)) or 0)

    year = financial_year.replace("/", "")
    number = next_number(session, system_code, f"proposal {financial_year}", numbered_before)
    return f"{system_code}-{year}-P{number:03d}"


def add_proposal(session: Session, row: ProposalRow) -> ProposalRow:
    session.add(row)
    session.flush()
    return row


def get_open_by_key(session: Session, open_key: str) -> ProposalRow | None:
    return session.scalars(select(ProposalRow).where(ProposalRow.open_key == open_key)).first()


def get_proposal(session: Session, ref: str, for_update: bool = False) -> ProposalRow | None:
    query = select(ProposalRow).where(ProposalRow.ref == ref)
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def list_proposals(
    session: Session, system_code: str | None = None, status: str | None = None
) -> list[ProposalRow]:
    query = select(ProposalRow).order_by(ProposalRow.id.desc())
    if system_code is not None:
        query = query.where(ProposalRow.system_code == system_code)
    if status is not None:
        query = query.where(ProposalRow.status == status)
    return list(session.scalars(query))


def list_approvals(session: Session, proposal_id: int) -> list[ProposalApprovalRow]:
    query = (
        select(ProposalApprovalRow)
        .where(ProposalApprovalRow.proposal_id == proposal_id)
        .order_by(ProposalApprovalRow.decided_at)
    )
    return list(session.scalars(query))


def record_approval(
    session: Session,
    proposal_id: int,
    slot: str,
    decision: str,
    by: str,
    at: datetime,
    reason: str | None,
) -> ProposalApprovalRow | None:
    """Record or replace a slot's decision; returns the previous one (for the audit log)."""
    row = session.get(ProposalApprovalRow, (proposal_id, slot))
    before = (
        None
        if row is None
        else ProposalApprovalRow(
            proposal_id=row.proposal_id,
            slot=row.slot,
            decision=row.decision,
            decided_by=row.decided_by,
            decided_at=row.decided_at,
            reason=row.reason,
        )
    )
    if row is None:
        row = ProposalApprovalRow(proposal_id=proposal_id, slot=slot)
        session.add(row)
    row.decision, row.decided_by, row.decided_at, row.reason = decision, by, at, reason
    session.flush()
    return before


def lock_system(session: Session, system_code: str) -> None:
    """Hold the system's row until the transaction ends, so that enactments for one system
    run one after another and each sees the figures the one before it wrote (PostgreSQL:
    SELECT ... FOR UPDATE; SQLite writers are already serial under BEGIN IMMEDIATE)."""
    session.execute(
        select(HealthSystemRow.system_code)
        .where(HealthSystemRow.system_code == system_code)
        .with_for_update()
    )


def get_enactment_by_key(session: Session, idempotency_key: str) -> ProposalEnactmentRow | None:
    query = select(ProposalEnactmentRow).where(
        ProposalEnactmentRow.idempotency_key == idempotency_key
    )
    return session.scalars(query).one_or_none()


def get_enactment(session: Session, proposal_id: int) -> ProposalEnactmentRow | None:
    query = select(ProposalEnactmentRow).where(ProposalEnactmentRow.proposal_id == proposal_id)
    return session.scalars(query).one_or_none()


def add_enactment(session: Session, row: ProposalEnactmentRow) -> None:
    """Insert the enactment; the unique constraints refuse a second one (IntegrityError)."""
    session.add(row)
    session.flush()


def payload_of(
    transfers: tuple[Transfer, ...], changes: tuple[ControlTotalChange, ...]
) -> dict[str, Any]:
    return {
        "transfers": [
            {"from": t.from_org, "to": t.to_org, "amount": money_str(t.amount)} for t in transfers
        ],
        "control_totals": [
            {"org_code": c.org_code, "before": money_str(c.before), "after": money_str(c.after)}
            for c in changes
        ],
    }


def to_proposal(session: Session, row: ProposalRow) -> Proposal:
    approvals = tuple(
        Approval(a.slot, Decision(a.decision), a.decided_by, a.reason, aware(a.decided_at))
        for a in list_approvals(session, row.id)
    )
    transfers = tuple(
        Transfer(t["from"], t["to"], Decimal(t["amount"])) for t in row.payload.get("transfers", [])
    )
    changes = tuple(
        ControlTotalChange(c["org_code"], Decimal(c["before"]), Decimal(c["after"]))
        for c in row.payload.get("control_totals", [])
    )
    return Proposal(
        ref=row.ref,
        system_code=row.system_code,
        financial_year=FinancialYear.parse(row.financial_year),
        month=row.month,
        kind=ProposalKind(row.kind),
        status=ProposalStatus(row.status),
        title=row.title,
        transfers=transfers,
        changes=changes,
        explanation=tuple(row.explanation),
        affected=tuple(row.affected),
        approvals=approvals,
        basis_hash=row.basis_hash,
        created_at=aware(row.created_at),
        created_by=row.created_by,
        closed_at=None if row.closed_at is None else aware(row.closed_at),
        closed_by=row.closed_by,
        closing_reason=row.closing_reason,
    )


def save_state(session: Session, row: ProposalRow, proposal: Proposal) -> None:
    """Write a lifecycle step's result: the status, who closed it and why, and each slot's
    decision. A closed proposal frees its open key."""
    row.status = proposal.status.value
    row.closed_at, row.closed_by = proposal.closed_at, proposal.closed_by
    row.closing_reason = proposal.closing_reason
    if proposal.status is not ProposalStatus.OPEN:
        row.open_key = None
    held = {a.slot: a for a in list_approvals(session, row.id)}
    for approval in proposal.approvals:
        stored = held.get(approval.slot)
        same = stored is not None and (stored.decision, stored.decided_by) == (
            approval.decision.value,
            approval.by,
        )
        if same:
            continue
        record_approval(
            session,
            row.id,
            approval.slot,
            approval.decision.value,
            approval.by,
            approval.at or proposal.created_at,
            approval.reason,
        )
    session.flush()
