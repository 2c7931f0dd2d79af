"""What every escalation step shares: opening one, its audit entry, and telling the body's
members and the affected organisation's approvers."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from openbook.governance import store as governance
from openbook.governance.file import GovernanceDefinition
from openbook.governance.model import escalation as lifecycle
from openbook.governance.model.governance import Body, body_for
from openbook.governance.notifications import notify, users_of
from openbook.governance.tables import EscalationRow
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import Condition

AFFECTED_ROLES = ("approver",)  # the accountable people of an affected organisation


def audit(session: Session, row: EscalationRow, action: str, actor: str, before: object) -> None:
    record_event(
        session,
        actor=actor,
        action=f"escalation.{action}",
        entity="escalation",
        entity_id=row.ref,
        before=before,
        after={
            "status": row.status,
            "body": row.body_code,
            "title": row.title,
            "due_on": row.due_on.isoformat(),
            "closing_note": row.closing_note,
        },
        chain=row.system_code,
    )


def tell(session: Session, body: Body, row: EscalationRow, what: str) -> None:
    recipients = set(body.members) | users_of(session, {row.subject}, AFFECTED_ROLES)
    notify(
        session,
        recipients,
        f"{row.ref} {what}: {row.title}",
        f"{row.title}\n\n{row.detail}\n\nBody: {body.name}. Due {row.due_on:%d %B %Y}.",
        f"/escalations/{row.ref}",
    )


def open_escalation(
    session: Session,
    definition: GovernanceDefinition,
    condition: Condition,
    condition_key: str | None,
    year: FinancialYear,
    month: int,
    as_of: date,
    actor: str,
    db: Database,
    body: Body | None = None,
) -> EscalationRow:
    """Raise an escalation with the body named, or the one whose remit fits."""
    chosen = body or body_for(definition.bodies, condition.remit)
    if chosen is None:
        raise NotFoundError(f"{definition.system_code} has no body to take the escalation")
    ref = governance.next_ref(session, "E", definition.system_code)
    escalation, event = lifecycle.raise_escalation(
        ref,
        condition,
        chosen,
        year=year,
        month=month,
        condition_key=condition_key,
        on=as_of,
        actor=actor,
    )
    row = governance.add_escalation(session, escalation)
    governance.record_step(session, row, event, db.clock.now())
    audit(session, row, "raised", actor, None)
    tell(session, chosen, row, f"raised with {chosen.name}")
    return row
