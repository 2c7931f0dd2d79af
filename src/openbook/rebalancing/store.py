"""Proposals repository."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openbook.rebalancing.tables import (
    ProposalApprovalRow,
    ProposalEnactmentRow,
    ProposalRow,
)
from openbook.reference.tables import HealthSystemRow


def next_proposal_ref(session: Session, system_code: str, financial_year: str) -> str:
    count = session.scalar(
        select(func.count())
        .select_from(ProposalRow)
        .where(ProposalRow.system_code == system_code, ProposalRow.financial_year == financial_year)
    )
    return f"{system_code}-{financial_year.replace('/', '')}-P{(count or 0) + 1:03d}"


def add_proposal(session: Session, row: ProposalRow) -> ProposalRow:
    session.add(row)
    session.flush()
    return row


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
