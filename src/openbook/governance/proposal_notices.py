"""Who hears of a proposal's steps (in-app, and by email once an SMTP server is set): when
it is proposed, every approver of an affected organisation and the system finance leads
(whose approval it awaits); when the last organisation approves, the system finance leads
(it awaits enactment); when it is enacted, rejected, withdrawn or superseded, everyone it
affected and its proposer. Nobody is told of their own step."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from openbook.accounts import store as accounts
from openbook.governance.notifications import notify, users_of
from openbook.kernel.access import Role
from openbook.kernel.database import Database
from openbook.kernel.event import ProposalStepped
from openbook.rebalancing.model import ProposalStatus
from openbook.rebalancing.view import get_proposal_view

log = logging.getLogger(__name__)
APPROVERS = (Role.APPROVER.value,)
CLOSING = {"enacted", "rejected", "withdrawn", "superseded"}


def notify_step(db: Database, event: ProposalStepped) -> int:
    """Notify the people a step concerns; how many notifications were made."""
    proposal = get_proposal_view(db, event.ref)
    link = f"/proposals/{proposal.ref}"

    def work(session: Session) -> int:
        leads = {
            u.principal.username
            for u in accounts.list_users(session)
            if u.principal.role is Role.SYSTEM_LEAD and u.active
        }
        affected = users_of(session, set(proposal.affected), APPROVERS)
        if event.step == "proposed":
            recipients = affected | leads
            subject = f"{proposal.ref} awaits your approval: {proposal.title}"
            body = (
                f"{event.by} proposed it for {', '.join(proposal.affected)}. Open it to see "
                "the preview of every partner before and after, then approve or reject."
            )
        elif event.step == "approved" and proposal.status is ProposalStatus.OPEN:
            if proposal.missing:
                return 0
            recipients, subject = leads, f"{proposal.ref} is agreed and awaits enactment"
            body = f"Every affected organisation and the system approved {proposal.title}."
        elif event.step in CLOSING:
            recipients = affected | {proposal.created_by}
            subject = f"{proposal.ref} {event.step}: {proposal.title}"
            reason = f" Reason: {proposal.closing_reason}" if proposal.closing_reason else ""
            body = f"{proposal.title} was {event.step} by {event.by}.{reason}"
        else:
            return 0
        return notify(session, recipients - {event.by}, subject, body, link)

    return db.write(work)


def wire(db: Database) -> None:
    def on_step(event: ProposalStepped) -> None:
        try:
            notify_step(db, event)
        except Exception:  # the step has committed; a failed notice must not hide it
            log.exception("no notifications for %s %s", event.ref, event.step)

    db.events.subscribe(ProposalStepped, on_step)
