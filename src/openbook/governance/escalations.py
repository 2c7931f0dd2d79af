"""Working escalations as a signed-in user: raise one by hand, add and complete actions,
resolve with a note, escalate up the path (or every overdue one, daily). Each step checks
who is acting inside its transaction, applies the lifecycle (`model/escalation.py`), records
the event and the audit entry, and tells the body and the affected organisation."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from openbook.governance import store as governance
from openbook.governance.config import get_body, get_definition_in
from openbook.governance.escalation_tell import audit, open_escalation, tell
from openbook.governance.escalation_view import EscalationView, get_row, views_of
from openbook.governance.evaluate import RULES_ACTOR
from openbook.governance.file import GovernanceDefinition
from openbook.governance.model import escalation as lifecycle
from openbook.governance.model.governance import ActionStatus, EscalationStatus
from openbook.governance.tables import EscalationActionRow, EscalationRow
from openbook.kernel.access import Principal, Role, can_work_escalation
from openbook.kernel.database import Database
from openbook.kernel.error import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    OpenbookError,
    TooManyRequestsError,
)
from openbook.kernel.input_limit import MAX_REASON, require_length
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import Condition, Remit

MAX_ACTION = 2000
ESCALATIONS_PER_HOUR = 20  # the default of the setting OPENBOOK_ESCALATIONS_PER_HOUR


def may_work(db: Database, user: Principal, view: EscalationView) -> bool:
    with db.reading() as session:
        body = get_body(get_definition_in(session, view.system_code), view.body_code)
    return can_work_escalation(user, body.members)


def _workable(session: Session, ref: str, by: Principal) -> EscalationRow:
    """The open escalation, if `by` may work it (its body's members, the system lead)."""
    row = get_row(session, ref)
    body = get_body(get_definition_in(session, row.system_code), row.body_code)
    if not can_work_escalation(by, body.members):
        raise ForbiddenError(f"only members of {row.body_code} or the system lead may change {ref}")
    if row.status != EscalationStatus.OPEN:
        raise ConflictError(f"{ref} is {row.status}; only an open escalation can change")
    return row


def raise_escalation(
    db: Database,
    system_code: str,
    *,
    title: str,
    detail: str,
    remit: Remit,
    subject: str,
    year: FinancialYear,
    month: int,
    by: Principal,
    body_code: str | None = None,
    as_of: date | None = None,
    per_hour: int = ESCALATIONS_PER_HOUR,
) -> EscalationView:
    """A person raises an escalation; it goes to the body named, or the one whose remit fits.
    Anyone but the system lead may raise at most `per_hour` in an hour."""
    problems = lifecycle.check_text(title, detail)
    if problems:
        raise OpenbookError("; ".join(problems))

    def work(session: Session) -> EscalationView:
        _check_rate(session, by, per_hour, db.clock.now())
        definition = get_definition_in(session, system_code)
        body = None if body_code is None else get_body(definition, body_code)
        condition = Condition("raised-by-person", subject, remit, title.strip(), detail.strip())
        on = as_of or db.clock.today()
        row = open_escalation(
            session, definition, condition, None, year, month, on, by.username, db, body
        )
        return views_of(session, [row])[0]

    return db.write(work)


def _check_rate(session: Session, by: Principal, per_hour: int, now: datetime) -> None:
    if by.role is Role.SYSTEM_LEAD:
        return
    if governance.count_raised_by(session, by.username, now - timedelta(hours=1)) >= per_hour:
        raise TooManyRequestsError(
            f"you have raised {per_hour} escalations in the last hour, the most one person "
            "may raise in an hour",
            hint="try again later, or ask the system finance lead to raise it",
        )


def add_action(
    db: Database,
    ref: str,
    description: str,
    owner: str,
    due_on: date,
    by: Principal,
    as_of: date | None = None,
) -> EscalationView:
    if not description.strip() or not owner.strip():
        raise OpenbookError("an action needs a description and an owner")
    if len(description) > MAX_ACTION or len(owner) > 100:
        raise OpenbookError(f"an action's description is at most {MAX_ACTION:,} characters")

    def work(session: Session) -> EscalationView:
        row = _workable(session, ref, by)
        session.add(
            EscalationActionRow(
                escalation_id=row.id,
                description=description.strip(),
                owner=owner.strip(),
                due_on=due_on,
                status=ActionStatus.OPEN,
                created_by=by.username,
                created_at=db.clock.now(),
            )
        )
        note = f"{description.strip()} (owner {owner.strip()}, due {due_on.isoformat()})"
        event = lifecycle.EscalationEvent(
            "action", row.body_code, as_of or db.clock.today(), by.username, note
        )
        governance.record_step(session, row, event, db.clock.now())
        audit(session, row, "action-added", by.username, None)
        session.flush()
        return views_of(session, [row])[0]

    return db.write(work)


def complete_action(
    db: Database, ref: str, action_id: int, note: str, by: Principal
) -> EscalationView:
    require_length(note, "the note", MAX_REASON)

    def work(session: Session) -> EscalationView:
        row = _workable(session, ref, by)
        action = governance.get_action(session, action_id)
        if action is None or action.escalation_id != row.id:
            raise NotFoundError(f"{ref} has no action {action_id}")
        if action.status == ActionStatus.DONE:
            raise ConflictError(f"action {action_id} of {ref} is already done")
        now = db.clock.now()
        action.status, action.done_by, action.done_at = ActionStatus.DONE, by.username, now
        action.note = note.strip() or None
        text = f"{action.description}: done. {note.strip()}".strip()
        event = lifecycle.EscalationEvent(
            "action-done", row.body_code, now.date(), by.username, text
        )
        governance.record_step(session, row, event, now)
        audit(session, row, "action-done", by.username, {"action": action_id})
        session.flush()
        return views_of(session, [row])[0]

    return db.write(work)


def resolve_in(
    session: Session, row: EscalationRow, note: str, actor: str, day: date, db: Database
) -> None:
    """Close an open escalation as resolved, with its event and audit entry, in the caller's
    transaction (a person's resolution, or a decision that resolves it)."""
    before = {"status": row.status}
    resolved, event = lifecycle.resolve(governance.to_escalation(row), note, day, actor)
    governance.save_escalation(row, resolved)
    governance.record_step(session, row, event, db.clock.now())
    audit(session, row, "resolved", actor, before)


def resolve(
    db: Database, ref: str, note: str, by: Principal, as_of: date | None = None
) -> EscalationView:
    if not note.strip():
        raise OpenbookError("say how it was resolved: a resolution needs a note")
    require_length(note, "the note", MAX_REASON)

    def work(session: Session) -> EscalationView:
        row = _workable(session, ref, by)
        resolve_in(session, row, note.strip(), by.username, as_of or db.clock.today(), db)
        definition = get_definition_in(session, row.system_code)
        tell(session, get_body(definition, row.body_code), row, "resolved")
        return views_of(session, [row])[0]

    return db.write(work)


def _escalate_row(
    session: Session,
    definition: GovernanceDefinition,
    row: EscalationRow,
    why: str,
    actor: str,
    day: date,
    db: Database,
) -> None:
    current = get_body(definition, row.body_code)
    upper = None if current.escalates_to is None else get_body(definition, current.escalates_to)
    before = {"body": row.body_code, "due_on": row.due_on.isoformat()}
    moved, event = lifecycle.escalate(
        governance.to_escalation(row), current, upper, why, day, actor
    )
    governance.save_escalation(row, moved)
    governance.record_step(session, row, event, db.clock.now())
    audit(session, row, "escalated", actor, before)
    assert upper is not None  # lifecycle.escalate refuses the top of the path
    tell(session, upper, row, f"escalated to {upper.name}")


def escalate(
    db: Database, ref: str, why: str, by: Principal, as_of: date | None = None
) -> EscalationView:
    """Up the path by decision of the body holding it."""
    if not why.strip():
        raise OpenbookError("say why: escalating needs a reason")
    require_length(why, "the reason", MAX_REASON)

    def work(session: Session) -> EscalationView:
        row = _workable(session, ref, by)
        definition = get_definition_in(session, row.system_code)
        _escalate_row(
            session, definition, row, why.strip(), by.username, as_of or db.clock.today(), db
        )
        return views_of(session, [row])[0]

    return db.write(work)


def escalate_overdue(db: Database, system_code: str, as_of: date) -> list[str]:
    """Every open escalation past its due date moves one step up its path (run daily, by the
    rules rather than a person)."""

    def work(session: Session) -> list[str]:
        moved = []
        definition = get_definition_in(session, system_code)
        for row in governance.list_escalations(session, system_code, status=EscalationStatus.OPEN):
            body = get_body(definition, row.body_code)
            if as_of > row.due_on and body.escalates_to is not None:
                why = f"not resolved by {row.due_on:%d %B %Y}"
                _escalate_row(session, definition, row, why, RULES_ACTOR, as_of, db)
                moved.append(row.ref)
        return moved

    return db.write(work)
