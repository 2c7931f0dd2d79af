"""Enacting an approved proposal, exactly once: transfers become double-entry ledger lines,
control-total changes new versions, in one transaction with their audit events.

One transaction holds the system's lock and the proposal's row while it checks that everyone
has approved, that the enactor may enact, and that the figures are those the proposal was
solved on, then writes the lines or control totals and the enactment row. A second request
with the same idempotency key (a double click, a retried API call) answers with the first
one's result; anything else that would enact twice is refused, by the checks under the lock
and, beneath them, by the enactment table's unique constraints (docs/rebalance.md).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from openbook.finance import store as finance
from openbook.finance.model.account import SYSTEM_TRANSFER_LINE
from openbook.finance.tables import LedgerEntryRow
from openbook.kernel.access import Principal
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError
from openbook.kernel.event import FiguresChanged, ProposalEnacted, ProposalStepped, publish
from openbook.kernel.money import money_str
from openbook.rebalancing import model
from openbook.rebalancing import store as proposals
from openbook.rebalancing.model import Proposal, ProposalKind
from openbook.rebalancing.propose import require_lead
from openbook.rebalancing.tables import ProposalEnactmentRow, ProposalRow
from openbook.rebalancing.view import (
    ProposalView,
    current_basis,
    duties_of,
    get_proposal_view,
    get_row,
)
from openbook.reference import record as reference
from openbook.reference.chain import chain_of_organisations


def enact(
    db: Database, ref: str, by: Principal, idempotency_key: str | None = None
) -> ProposalView:
    """Write an approved proposal, exactly once (see the module's docstring)."""
    key = idempotency_key or f"{ref}:{uuid.uuid4().hex}"

    def work(session: Session) -> None:
        require_lead(by, "enact a proposal")
        row = get_row(session, ref)
        proposals.lock_system(session, row.system_code)
        if not _replayed(session, row, key):
            _enact_locked(session, get_row(session, ref, for_update=True), by, key, db)

    try:  # a rerun after a lost race finds the proposal enacted and says so
        db.write(work)
    except IntegrityError as error:
        raise ConflictError(
            f"proposal {ref} or one solved on the same figures has already been enacted",
            hint="open the proposals list to see which",
        ) from error
    return get_proposal_view(db, ref)


def _replayed(session: Session, row: ProposalRow, key: str) -> bool:
    """Whether this idempotency key already enacted this proposal. Asked under the system's
    lock, so a retry racing the first call sees what the first call wrote."""
    done = proposals.get_enactment_by_key(session, key)
    if done is None:
        return False
    if done.proposal_id != row.id:
        raise ConflictError("this idempotency key was used to enact another proposal")
    return True


def _enact_locked(
    session: Session, row: ProposalRow, by: Principal, key: str, db: Database
) -> None:
    now = db.clock.now()
    proposal = proposals.to_proposal(session, row)
    duties = duties_of(session, row.system_code)
    enacted, event = model.enact(proposal, by.username, now, duties, by.grantors)
    if current_basis(session, proposal) != proposal.basis_hash:
        raise ConflictError(
            f"the figures proposal {proposal.ref} was solved on have changed since",
            hint="solve again and make a new proposal",
        )
    if proposal.kind is ProposalKind.TRANSFERS:
        _write_transfers(session, proposal, by.username, now)
        moved = [code for t in proposal.transfers for code in (t.from_org, t.to_org)]
    else:
        _write_control_totals(session, proposal, by.username)
        moved = [change.org_code for change in proposal.changes]
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
            enacted_by=by.username,
        ),
    )
    proposals.save_state(session, row, enacted)
    publish(
        session,
        FiguresChanged(
            proposal.system_code,
            proposal.financial_year,
            proposal.month,
            f"proposal {proposal.ref}",
        ),
    )
    publish(session, ProposalEnacted(proposal.system_code, proposal.ref, by.username))
    publish(session, ProposalStepped(proposal.system_code, proposal.ref, "enacted", by.username))
    record_event(
        session,
        actor=event.by,
        action=event.action,
        entity="proposal",
        entity_id=proposal.ref,
        before={"status": "open"},
        after={"status": "enacted", "idempotency_key": key},
        reason=proposal.title,
        # the system's chain, unless a member moved is in another system's figures too
        chain=chain_of_organisations(session, moved) if moved else proposal.system_code,
    )


def _write_control_totals(session: Session, proposal: Proposal, actor: str) -> None:
    for change in proposal.changes:
        if change.change != 0:
            reference.record_control_total(
                session,
                change.org_code,
                proposal.financial_year,
                change.after,
                f"Moved by joint decision {proposal.ref}: {proposal.title}",
                proposal.ref,
                actor,
                effective_month=proposal.month,
            )


def _write_transfers(session: Session, proposal: Proposal, actor: str, now: datetime) -> None:
    refs = []
    for index, transfer in enumerate(proposal.transfers, start=1):
        transfer_ref = f"{proposal.ref}/T{index}"
        refs.append(transfer_ref)
        lines = [(transfer.from_org, -transfer.amount), (transfer.to_org, transfer.amount)]
        finance.record_ledger_entries(
            session,
            [
                LedgerEntryRow(
                    transfer_ref=transfer_ref,
                    org_code=code,
                    financial_year=proposal.financial_year.label,
                    month=proposal.month,
                    line_code=SYSTEM_TRANSFER_LINE,
                    amount=amount,
                    description=f"System transfer {transfer.from_org} to "
                    f"{transfer.to_org}: {proposal.title}",
                    decision_ref=proposal.ref,
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
            reason=proposal.title,
            chain=chain_of_organisations(session, [transfer.from_org, transfer.to_org]),
        )
    # Each transfer just written nets to zero (the ledger's other transfers were checked
    # when they were written, so the whole ledger need not be summed on every enactment).
    problems = finance.check_ledger_balanced(session, refs)
    if problems:
        raise ConflictError("; ".join(problems))
