"""Rebalancing's subscription: when the figures of a system's year change (a return, an
enactment, a period reopened), every open proposal of that year whose figures moved under it
is closed as `superseded`, with the reason, so nobody approves or enacts a solution to
figures that no longer stand. Runs after the change has committed (see kernel/event.py)."""

from __future__ import annotations

from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.event import FiguresChanged, ProposalStepped, publish
from openbook.kernel.rule import RuleProvider
from openbook.rebalancing import model
from openbook.rebalancing import store as proposals
from openbook.rebalancing.model import ProposalStatus
from openbook.rebalancing.view import current_basis


def wire(db: Database, _providers: tuple[RuleProvider, ...]) -> None:
    def on_figures_changed(event: FiguresChanged) -> None:
        supersede_stale(db, event)

    db.events.subscribe(FiguresChanged, on_figures_changed)


def supersede_stale(db: Database, event: FiguresChanged) -> list[str]:
    """Close each open proposal of the year whose basis no longer holds; their refs."""
    closed = []
    with db.transaction() as session:
        open_rows = proposals.list_proposals(session, event.system_code, ProposalStatus.OPEN.value)
        for row in open_rows:
            if row.financial_year != event.financial_year.label:
                continue
            proposal = proposals.to_proposal(session, row)
            if current_basis(session, proposal) == proposal.basis_hash:
                continue
            why = f"the figures it was solved on changed ({event.cause})"
            superseded, step = model.supersede(proposal, db.clock.now(), why)
            proposals.save_state(session, row, superseded)
            record_event(
                session,
                actor=step.by,
                action=step.action,
                entity="proposal",
                entity_id=row.ref,
                before={"status": "open"},
                after={"status": superseded.status.value},
                reason=why,
                chain=row.system_code,
            )
            publish(session, ProposalStepped(row.system_code, row.ref, "superseded", step.by))
            closed.append(row.ref)
    return closed
