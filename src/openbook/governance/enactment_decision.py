"""An enacted proposal is a joint decision: governance records it in the decisions log as
soon as it is enacted, linked to the proposal, with each organisation's agreement dated when
it was given, unless a body has already recorded a decision on it. Subscribed to the
rebalancing feature's `ProposalEnacted` by the composition root."""

from __future__ import annotations

import logging

from openbook.governance import store as governance
from openbook.governance.config import get_definition
from openbook.governance.decisions import DecisionView, record_decision
from openbook.kernel.access import Principal, Role
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.event import ProposalEnacted
from openbook.kernel.money import format_k
from openbook.kernel.rule import Remit
from openbook.rebalancing.model import ProposalKind
from openbook.rebalancing.view import ProposalView, get_proposal_view

log = logging.getLogger(__name__)


def what_was_decided(proposal: ProposalView) -> str:
    if proposal.kind is ProposalKind.TRANSFERS:
        moves = [f"{t.from_org} gives {t.to_org} {format_k(t.amount)}" for t in proposal.transfers]
        return f"Year-end transfers {proposal.financial_year.label}: " + "; ".join(moves) + "."
    moves = [
        f"{c.org_code} control total {format_k(c.before)} → {format_k(c.after)}"
        for c in proposal.changes
    ]
    return (
        f"Control totals {proposal.financial_year.label} from M{proposal.month}: "
        + "; ".join(moves)
        + "."
    )


def record_enactment(db: Database, event: ProposalEnacted) -> DecisionView | None:
    """The decision an enactment was, in the log; None if already there or no body fits."""
    try:
        definition = get_definition(db, event.system_code)
    except NotFoundError:
        return None  # a system without governance bodies keeps no decisions log
    with db.reading() as session:
        logged = governance.list_decisions(session, event.system_code)
        if any(event.ref in row.proposal_refs for row in logged):
            return None
    body = next((b for b in definition.bodies if Remit.FINANCE in b.remits), None) or next(
        (b for b in definition.bodies if Remit.SYSTEM in b.remits), None
    )
    if body is None:
        return None
    proposal = get_proposal_view(db, event.ref)
    # Only a system finance lead may enact, so the enactor records it as one.
    enactor = Principal(0, event.enacted_by, event.enacted_by, "", Role.SYSTEM_LEAD)
    return record_decision(
        db,
        event.system_code,
        body_code=body.code,
        meeting_date=db.clock.today(),
        title=f"Enacted {proposal.ref}: {proposal.title}",
        decided=what_was_decided(proposal) + " Recorded automatically on enactment.",
        by=enactor,
        proposal_refs=(proposal.ref,),
    )


def wire(db: Database) -> None:
    def on_enacted(event: ProposalEnacted) -> None:
        try:
            record_enactment(db, event)
        except Exception:  # the enactment has committed; a failure here must not hide it
            log.exception("the decision for %s was not recorded", event.ref)

    db.events.subscribe(ProposalEnacted, on_enacted)
