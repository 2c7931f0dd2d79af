"""Deciding on a proposal: each affected organisation's approver and a system finance lead
approve or reject; the proposer may withdraw it. Permission, lifecycle and audit in one
transaction; the web page, the API and the command line all come here."""

from __future__ import annotations

from sqlalchemy.orm import Session

from openbook.kernel.access import (
    Principal,
    approval_slot,
    can_approve_for,
    can_propose,
    is_grantor,
)
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError
from openbook.kernel.event import ProposalStepped, publish
from openbook.rebalancing import model
from openbook.rebalancing import store as proposals
from openbook.rebalancing.model import SYSTEM_LEAD, Decision, ProposalEvent, ProposalStatus
from openbook.rebalancing.view import ProposalView, duties_of, get_proposal_view, get_row


def decide(
    db: Database, ref: str, decision: Decision, by: Principal, reason: str | None = None
) -> ProposalView:
    """Approve or reject for the slot the user decides for (their organisation, or the
    system); anyone else is refused."""
    slot = approval_slot(by)

    def work(session: Session) -> None:
        if slot is None or not can_approve_for(by, slot):
            raise ForbiddenError(
                "only an approver of an affected organisation or the system finance lead may decide"
            )
        row = get_row(session, ref, for_update=True)
        before = proposals.to_proposal(session, row)
        duties = duties_of(session, before.system_code)
        decided, event = model.decide(
            before, slot, decision, by.username, db.clock.now(), reason, duties, by.grantors
        )
        proposals.save_state(session, row, decided)
        step = "rejected" if decision is Decision.REJECT else "approved"
        publish(session, ProposalStepped(row.system_code, ref, step, by.username))
        previous = next((a for a in before.approvals if a.slot == slot), None)
        _audit(
            session,
            row.system_code,
            ref,
            event,
            None if previous is None else {"decision": previous.decision.value, "by": previous.by},
            {"decision": decision.value, "slot": slot},
        )

    db.write(work)
    return get_proposal_view(db, ref)


def withdraw(db: Database, ref: str, by: Principal, reason: str) -> ProposalView:
    """A system finance lead withdraws an open proposal, with a reason."""

    def work(session: Session) -> None:
        if not can_propose(by):
            raise ForbiddenError("only a system finance lead may withdraw a proposal")
        row = get_row(session, ref, for_update=True)
        withdrawn, event = model.withdraw(
            proposals.to_proposal(session, row), by.username, db.clock.now(), reason
        )
        proposals.save_state(session, row, withdrawn)
        publish(session, ProposalStepped(row.system_code, ref, "withdrawn", by.username))
        _audit(
            session,
            row.system_code,
            ref,
            event,
            {"status": "open"},
            {"status": withdrawn.status.value},
        )

    db.write(work)
    return get_proposal_view(db, ref)


def may_decide(user: Principal, view: ProposalView) -> bool:
    """Whether the user has a decision still to make on this open proposal (the proposer
    does not decide for the system: separation of duties)."""
    slot = approval_slot(user)
    return (
        slot is not None
        and view.status is ProposalStatus.OPEN
        and slot in view.missing
        and can_approve_for(user, slot)
        and not (
            slot == SYSTEM_LEAD
            and user.username == view.created_by
            and not view.duties.proposer_may_approve_for_system
        )
        and not is_grantor(user, view.created_by)
    )


def may_enact(user: Principal, view: ProposalView) -> bool:
    """A system finance lead other than the proposer, once everyone has approved."""
    return (
        can_propose(user)
        and view.status is ProposalStatus.OPEN
        and not view.missing
        and not view.stale
        and (user.username != view.created_by or view.duties.proposer_may_enact)
        and not is_grantor(user, view.created_by)
    )


def may_withdraw(user: Principal, view: ProposalView) -> bool:
    return can_propose(user) and view.status is ProposalStatus.OPEN


def _audit(
    session: Session,
    system_code: str,
    ref: str,
    event: ProposalEvent,
    before: object,
    after: object,
) -> None:
    record_event(
        session,
        actor=event.by,
        action=event.action,
        entity="proposal",
        entity_id=ref if event.slot is None else f"{ref}/{event.slot}",
        before=before,
        after=after,
        reason=event.reason,
        chain=system_code,
    )
