"""Proposals and joint decisions: propose, approve or reject per organisation, enact.

Enacting writes the transfers as double-entry ledger lines, or the new control totals as
new versions, atomically with their audit events. A proposal solved on figures that have
since changed cannot be enacted: it must be solved again (optimistic concurrency).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from openbook.finance import store as finance
from openbook.finance.model.account import SYSTEM_TRANSFER_LINE
from openbook.finance.position_report import (
    SystemPosition,
    get_system_position,
    read_system_position,
)
from openbook.finance.tables import LedgerEntryRow
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, ForbiddenError, NotFoundError, OpenbookError
from openbook.kernel.event import FiguresChanged, publish
from openbook.kernel.money import money_str
from openbook.kernel.period import FinancialYear
from openbook.rebalancing import store as proposals
from openbook.rebalancing.model import (
    SYSTEM_LEAD,
    Approval,
    ControlTotalChange,
    Decision,
    ProposalKind,
    ProposalStatus,
    Transfer,
    affected_organisations,
    calculate_basis_hash,
    check_control_totals_neutral,
    check_transfers_balance,
    missing_approvals,
)
from openbook.rebalancing.tables import ProposalEnactmentRow, ProposalRow
from openbook.reference import record as reference


@dataclass(frozen=True)
class ApprovalBy:
    """Who is deciding, for which slot: their organisation's, or the system lead's."""

    user: str
    slot: str  # the org code they approve for, or SYSTEM_LEAD


@dataclass(frozen=True)
class ProposalView:
    ref: str
    system_code: str
    financial_year: FinancialYear
    month: int
    kind: ProposalKind
    status: ProposalStatus
    title: str
    transfers: list[Transfer]
    changes: list[ControlTotalChange]
    explanation: list[str]
    affected: list[str]
    approvals: list[Approval]
    missing: list[str]
    stale: bool  # the figures it was solved on have changed
    created_at: datetime
    created_by: str


def basis_of(report: SystemPosition) -> str:
    return calculate_basis_hash(
        [
            (p.code, p.forecast_outturn if p.has_return else None, p.control_total, p.transfers)
            for p in report.organisations
        ]
    )


def _payload(transfers: list[Transfer], changes: list[ControlTotalChange]) -> dict[str, Any]:
    return {
        "transfers": [
            {"from": t.from_org, "to": t.to_org, "amount": money_str(t.amount)} for t in transfers
        ],
        "control_totals": [
            {"org_code": c.org_code, "before": money_str(c.before), "after": money_str(c.after)}
            for c in changes
        ],
    }


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
    actor: str,
) -> ProposalView:
    """Record a solution as an open proposal, tied to the figures it was solved on."""
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
    basis = basis_of(get_system_position(db, system_code, year, month))
    with db.transaction() as session:
        row = proposals.add_proposal(
            session,
            ProposalRow(
                ref=proposals.next_proposal_ref(session, system_code, year.label),
                system_code=system_code,
                financial_year=year.label,
                month=month,
                kind=kind.value,
                status=ProposalStatus.OPEN.value,
                title=title,
                payload=_payload(transfers, changes),
                explanation=explanation,
                affected=affected,
                basis_hash=basis,
                created_at=datetime.now(UTC),
                created_by=actor,
            ),
        )
        record_event(
            session,
            actor=actor,
            action="proposal.created",
            entity="proposal",
            entity_id=row.ref,
            before=None,
            after={"kind": kind.value, "title": title, **row.payload, "affected": affected},
            reason=title,
        )
        ref = row.ref
    return get_proposal_view(db, ref)


def _to_view(session: Session, row: ProposalRow, current_basis: str | None) -> ProposalView:
    approvals = [
        Approval(a.slot, Decision(a.decision), a.decided_by, a.reason)
        for a in proposals.list_approvals(session, row.id)
    ]
    transfers = [
        Transfer(t["from"], t["to"], Decimal(t["amount"])) for t in row.payload.get("transfers", [])
    ]
    changes = [
        ControlTotalChange(c["org_code"], Decimal(c["before"]), Decimal(c["after"]))
        for c in row.payload.get("control_totals", [])
    ]
    status = ProposalStatus(row.status)
    return ProposalView(
        row.ref,
        row.system_code,
        FinancialYear.parse(row.financial_year),
        row.month,
        ProposalKind(row.kind),
        status,
        row.title,
        transfers,
        changes,
        list(row.explanation),
        list(row.affected),
        approvals,
        missing_approvals(list(row.affected), approvals),
        status is ProposalStatus.OPEN and current_basis not in (None, row.basis_hash),
        row.created_at,
        row.created_by,
    )


def get_proposal_view(db: Database, ref: str) -> ProposalView:
    with db.reading() as session:
        row = proposals.get_proposal(session, ref)
        if row is None:
            raise NotFoundError(f"proposal {ref!r} is not known")
        year = FinancialYear.parse(row.financial_year)
    current = basis_of(get_system_position(db, row.system_code, year, row.month))
    with db.reading() as session:
        row = proposals.get_proposal(session, ref)
        assert row is not None
        return _to_view(session, row, current)


def list_proposal_views(
    db: Database, system_code: str | None = None, status: ProposalStatus | None = None
) -> list[ProposalView]:
    with db.reading() as session:
        rows = proposals.list_proposals(
            session, system_code, None if status is None else status.value
        )
        return [_to_view(session, row, None) for row in rows]


def _open_row(session: Session, ref: str) -> ProposalRow:
    row = proposals.get_proposal(session, ref, for_update=True)
    if row is None:
        raise NotFoundError(f"proposal {ref!r} is not known")
    if row.status != ProposalStatus.OPEN.value:
        raise ConflictError(
            f"proposal {ref} is {row.status}; only open proposals can be decided or enacted"
        )
    return row


def decide(
    db: Database, ref: str, by: ApprovalBy, decision: Decision, reason: str | None = None
) -> ProposalView:
    """Approve, or reject with a reason, for one slot. A rejection closes the proposal."""
    if decision is Decision.REJECT and not (reason or "").strip():
        raise OpenbookError("a rejection needs a reason", hint="say why, e.g. --reason '...'")
    with db.transaction() as session:
        row = _open_row(session, ref)
        if by.slot != SYSTEM_LEAD and by.slot not in row.affected:
            raise ForbiddenError(
                f"{by.slot} is not affected by proposal {ref}; affected: {', '.join(row.affected)}"
            )
        now = datetime.now(UTC)
        before = proposals.record_approval(
            session, row.id, by.slot, decision.value, by.user, now, reason
        )
        if decision is Decision.REJECT:
            row.status, row.closed_at, row.closed_by = ProposalStatus.REJECTED.value, now, by.user
        record_event(
            session,
            actor=by.user,
            action=f"proposal.{decision.value}d",
            entity="proposal",
            entity_id=f"{ref}/{by.slot}",
            before=None
            if before is None
            else {"decision": before.decision, "by": before.decided_by},
            after={"decision": decision.value, "slot": by.slot},
            reason=reason,
        )
    return get_proposal_view(db, ref)


def enact(db: Database, ref: str, actor: str, idempotency_key: str | None = None) -> ProposalView:
    """Write the agreed transfers or control totals exactly once, all or nothing.

    One transaction holds the system's lock and the proposal's row while it checks that
    everyone has approved and that the figures are those the proposal was solved on, then
    writes the ledger lines or control totals and the enactment row. A second request with
    the same idempotency key (a double click, a retried API call) answers with the first
    one's result; anything else that would enact twice is refused, by the checks under the
    lock and, beneath them, by the enactment table's unique constraints.
    """
    key = idempotency_key or f"{ref}:{uuid.uuid4().hex}"
    try:
        with db.transaction() as session:
            _lock_system_of(session, ref)
            if _replayed(session, ref, key) is None:
                _enact_locked(session, ref, actor, key)
    except IntegrityError as error:
        raise ConflictError(
            f"proposal {ref} or one solved on the same figures has already been enacted",
            hint="open the proposals list to see which",
        ) from error
    return get_proposal_view(db, ref)


def _replayed(session: Session, ref: str, key: str) -> ProposalRow | None:
    """The proposal this idempotency key already enacted, if it was this one. Asked under
    the system's lock, so a retry racing the first call sees what the first call wrote."""
    done = proposals.get_enactment_by_key(session, key)
    if done is None:
        return None
    row = proposals.get_proposal(session, ref)
    if row is None or row.id != done.proposal_id:
        raise ConflictError("this idempotency key was used to enact another proposal")
    return row


def _lock_system_of(session: Session, ref: str) -> None:
    row = proposals.get_proposal(session, ref)
    if row is None:
        raise NotFoundError(f"proposal {ref!r} is not known")
    proposals.lock_system(session, row.system_code)


def _enact_locked(session: Session, ref: str, actor: str, key: str) -> None:
    row = _open_row(session, ref)
    view = _to_view(session, row, None)
    if view.missing:
        raise ConflictError(f"proposal {ref} still needs the approval of {', '.join(view.missing)}")
    current = basis_of(
        read_system_position(session, row.system_code, view.financial_year, row.month)
    )
    if current != row.basis_hash:
        raise ConflictError(
            f"the figures proposal {ref} was solved on have changed since",
            hint="solve again and make a new proposal",
        )
    if view.kind is ProposalKind.TRANSFERS:
        _write_transfers(session, view, actor)
    else:
        for change in view.changes:
            if change.change != 0:
                reference.record_control_total(
                    session,
                    change.org_code,
                    view.financial_year,
                    change.after,
                    f"Moved by joint decision {ref}: {view.title}",
                    ref,
                    actor,
                )
    now = datetime.now(UTC)
    proposals.add_enactment(
        session,
        ProposalEnactmentRow(
            proposal_id=row.id,
            system_code=row.system_code,
            financial_year=row.financial_year,
            month=row.month,
            basis_hash=row.basis_hash,
            idempotency_key=key,
            enacted_at=now,
            enacted_by=actor,
        ),
    )
    row.status, row.closed_at, row.closed_by = ProposalStatus.ENACTED.value, now, actor
    publish(
        session, FiguresChanged(row.system_code, view.financial_year, row.month, f"proposal {ref}")
    )
    record_event(
        session,
        actor=actor,
        action="proposal.enacted",
        entity="proposal",
        entity_id=ref,
        before={"status": "open"},
        after={"status": "enacted", "idempotency_key": key},
        reason=view.title,
    )


def _write_transfers(session: Session, view: ProposalView, actor: str) -> None:
    now = datetime.now(UTC)
    for index, transfer in enumerate(view.transfers, start=1):
        transfer_ref = f"{view.ref}/T{index}"
        lines = [(transfer.from_org, -transfer.amount), (transfer.to_org, transfer.amount)]
        finance.record_ledger_entries(
            session,
            [
                LedgerEntryRow(
                    transfer_ref=transfer_ref,
                    org_code=code,
                    financial_year=view.financial_year.label,
                    month=view.month,
                    line_code=SYSTEM_TRANSFER_LINE,
                    amount=amount,
                    description=f"System transfer {transfer.from_org} to "
                    f"{transfer.to_org}: {view.title}",
                    decision_ref=view.ref,
                    recorded_at=now,
                    recorded_by=actor,
                )
                for code, amount in lines
            ],
        )
        record_event(
            session,
            actor=actor,
            action="transfer.recorded",
            entity="ledger_entry",
            entity_id=transfer_ref,
            before=None,
            after={
                "from": transfer.from_org,
                "to": transfer.to_org,
                "amount": money_str(transfer.amount),
            },
            reason=view.title,
        )
    problems = finance.check_ledger_balanced(session)
    if problems:
        raise ConflictError("; ".join(problems))
