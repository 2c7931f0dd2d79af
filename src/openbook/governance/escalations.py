"""Escalations: raised by the rules or by a person, assigned to the body whose remit fits,
worked through actions, resolved with a note or escalated up the path. Every step is an
event in the escalation's history and an audit entry; members of the body and the affected
organisation are notified."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from openbook.governance import store as governance
from openbook.governance.config import get_body, get_definition_in
from openbook.governance.file import GovernanceDefinition
from openbook.governance.model.governance import ActionStatus, Body, EscalationStatus, body_for
from openbook.governance.model.rule_settings import RuleSettings
from openbook.governance.notifications import notify, users_of
from openbook.governance.rule_registry import rule_providers
from openbook.governance.tables import EscalationActionRow, EscalationRow
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, NotFoundError, OpenbookError
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import Condition, Remit

RULES_ACTOR = "openbook-rules"
AFFECTED_ROLES = ("approver",)  # the accountable people of an affected organisation


@dataclass(frozen=True)
class EventView:
    kind: str
    body_code: str
    occurred_on: date
    actor: str
    note: str | None


@dataclass(frozen=True)
class ActionView:
    id: int
    description: str
    owner: str
    due_on: date
    status: str
    note: str | None


@dataclass(frozen=True)
class EscalationView:
    ref: str
    system_code: str
    financial_year: str
    month: int
    rule: str
    subject: str
    remit: str
    title: str
    detail: str
    body_code: str
    status: str
    raised_by: str
    raised_on: date
    due_on: date
    closed_on: date | None
    closing_note: str | None
    events: tuple[EventView, ...]
    actions: tuple[ActionView, ...]

    def overdue(self, as_of: date) -> bool:
        return self.status == EscalationStatus.OPEN and as_of > self.due_on


@dataclass(frozen=True)
class EvaluationResult:
    raised: tuple[str, ...]
    reopened: tuple[str, ...]
    cleared: tuple[str, ...]
    still_open: tuple[str, ...]


def _views(session: Session, rows: list[EscalationRow]) -> list[EscalationView]:
    ids = [row.id for row in rows]
    events: dict[int, list[EventView]] = {i: [] for i in ids}
    for e in governance.list_events(session, ids):
        events[e.escalation_id].append(
            EventView(e.kind, e.body_code, e.occurred_on, e.actor, e.note)
        )
    actions: dict[int, list[ActionView]] = {i: [] for i in ids}
    for a in governance.list_actions(session, ids):
        actions[a.escalation_id].append(
            ActionView(a.id, a.description, a.owner, a.due_on, a.status, a.note)
        )
    return [
        EscalationView(
            r.ref,
            r.system_code,
            r.financial_year,
            r.month,
            r.rule,
            r.subject,
            r.remit,
            r.title,
            r.detail,
            r.body_code,
            r.status,
            r.raised_by,
            r.raised_on,
            r.due_on,
            r.closed_on,
            r.closing_note,
            tuple(events[r.id]),
            tuple(actions[r.id]),
        )
        for r in rows
    ]


def _audit(session: Session, row: EscalationRow, action: str, actor: str, before: object) -> None:
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
    )


def _tell(session: Session, body: Body, row: EscalationRow, what: str) -> None:
    recipients = set(body.members) | users_of(session, {row.subject}, AFFECTED_ROLES)
    notify(
        session,
        recipients,
        f"{row.ref} {what}: {row.title}",
        f"{row.title}\n\n{row.detail}\n\nBody: {body.name}. Due {row.due_on:%d %B %Y}.",
        f"/escalations/{row.ref}",
    )


def _open(
    session: Session,
    definition: GovernanceDefinition,
    condition: Condition,
    *,
    condition_key: str | None,
    year: FinancialYear,
    month: int,
    as_of: date,
    actor: str,
    body: Body | None = None,
) -> EscalationRow:
    chosen = body or body_for(definition.bodies, condition.remit)
    if chosen is None:
        raise NotFoundError(f"{definition.system_code} has no body to take the escalation")
    row = EscalationRow(
        ref=governance.next_ref(session, "E", definition.system_code),
        system_code=definition.system_code,
        financial_year=year.label,
        month=month,
        condition_key=condition_key,
        rule=condition.rule,
        subject=condition.subject,
        remit=str(condition.remit),
        title=condition.title,
        detail=condition.detail,
        body_code=chosen.code,
        status=EscalationStatus.OPEN,
        raised_by=actor,
        raised_on=as_of,
        due_on=as_of + timedelta(days=chosen.response_days),
        last_seen_month=month,
    )
    session.add(row)
    session.flush()
    now = datetime.now(UTC)
    governance.add_event(session, row, "raised", as_of, actor, now, condition.detail)
    _audit(session, row, "raised", actor, None)
    _tell(session, chosen, row, f"raised with {chosen.name}")
    return row


def evaluate_in(
    session: Session,
    definition: GovernanceDefinition,
    conditions: list[Condition],
    year: FinancialYear,
    month: int,
    as_of: date,
) -> EvaluationResult:
    """Reconcile the conditions found for a month with the escalations held: a new
    condition opens one escalation (never a second); one that went away is marked
    cleared; one that comes back reopens its escalation. Resolved ones stay resolved."""
    raised, reopened, cleared, still = [], [], [], []
    now = datetime.now(UTC)
    found = {c.key: c for c in conditions}
    held: dict[str, EscalationRow] = {
        row.condition_key: row
        for row in governance.list_rule_escalations(session, definition.system_code, year.label)
        if row.condition_key is not None
    }
    for key, condition in sorted(found.items()):
        row = held.get(key)
        if row is None:
            row = _open(
                session,
                definition,
                condition,
                condition_key=key,
                year=year,
                month=month,
                as_of=as_of,
                actor=RULES_ACTOR,
            )
            raised.append(row.ref)
            continue
        row.last_seen_month = max(row.last_seen_month, month)
        if row.status == EscalationStatus.CLEARED:
            before = {"status": row.status}
            row.status, row.closed_on, row.closing_note = EscalationStatus.OPEN, None, None
            row.title, row.detail = condition.title, condition.detail
            governance.add_event(
                session, row, "reopened", as_of, RULES_ACTOR, now, condition.detail
            )
            _audit(session, row, "reopened", RULES_ACTOR, before)
            reopened.append(row.ref)
        elif row.status == EscalationStatus.OPEN:
            row.title, row.detail = condition.title, condition.detail
            still.append(row.ref)
    for key, row in held.items():
        if key in found or row.status != EscalationStatus.OPEN or row.last_seen_month > month:
            continue
        before = {"status": row.status}
        row.status, row.closed_on = EscalationStatus.CLEARED, as_of
        row.closing_note = f"The condition no longer holds at M{month} {year.label}."
        governance.add_event(session, row, "cleared", as_of, RULES_ACTOR, now, row.closing_note)
        _audit(session, row, "cleared", RULES_ACTOR, before)
        _tell(session, get_body(definition, row.body_code), row, "cleared")
        cleared.append(row.ref)
    return EvaluationResult(tuple(raised), tuple(reopened), tuple(cleared), tuple(still))


def evaluate_escalations(
    db: Database,
    system_code: str,
    year: FinancialYear,
    month: int,
    as_of: date | None = None,
) -> EvaluationResult:
    """Run every rule on the month's figures and reconcile. Safe to run any number of
    times: the same figures give the same escalations."""
    with db.reading() as session:
        definition = get_definition_in(session, system_code)
    conditions = find_conditions(db, system_code, year, month, definition.rules)
    with db.transaction() as session:
        return evaluate_in(
            session, definition, conditions, year, month, as_of or datetime.now(UTC).date()
        )


def find_conditions(
    db: Database, system_code: str, year: FinancialYear, month: int, settings: RuleSettings
) -> list[Condition]:
    """Every condition the registered rule providers find in the month's figures, each once."""
    found: list[Condition] = []
    for provider in rule_providers(db):
        found += provider.find(db, system_code, year, month, settings.for_provider(provider))
    return list({condition.key: condition for condition in found}.values())


def _row(session: Session, ref: str) -> EscalationRow:
    row = governance.get_escalation(session, ref)
    if row is None:
        raise NotFoundError(f"there is no escalation {ref!r}")
    return row


def _open_row(session: Session, ref: str) -> EscalationRow:
    row = _row(session, ref)
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
    actor: str,
    body_code: str | None = None,
    as_of: date | None = None,
) -> EscalationView:
    """A person raises an escalation; it goes to the body named, or the one whose remit fits."""
    if not title.strip():
        raise OpenbookError("an escalation needs a title")
    with db.transaction() as session:
        definition = get_definition_in(session, system_code)
        body = None if body_code is None else get_body(definition, body_code)
        condition = Condition("raised-by-person", subject, remit, title.strip(), detail.strip())
        row = _open(
            session,
            definition,
            condition,
            condition_key=None,
            year=year,
            month=month,
            as_of=as_of or datetime.now(UTC).date(),
            actor=actor,
            body=body,
        )
        return _views(session, [row])[0]


def add_action(
    db: Database,
    ref: str,
    description: str,
    owner: str,
    due_on: date,
    actor: str,
    as_of: date | None = None,
) -> EscalationView:
    if not description.strip() or not owner.strip():
        raise OpenbookError("an action needs a description and an owner")
    with db.transaction() as session:
        row = _open_row(session, ref)
        session.add(
            EscalationActionRow(
                escalation_id=row.id,
                description=description.strip(),
                owner=owner.strip(),
                due_on=due_on,
                status=ActionStatus.OPEN,
                created_by=actor,
                created_at=datetime.now(UTC),
            )
        )
        governance.add_event(
            session,
            row,
            "action",
            as_of or datetime.now(UTC).date(),
            actor,
            datetime.now(UTC),
            f"{description.strip()} (owner {owner.strip()}, due {due_on.isoformat()})",
        )
        _audit(session, row, "action-added", actor, None)
        session.flush()
        return _views(session, [row])[0]


def complete_action(
    db: Database, ref: str, action_id: int, note: str, actor: str
) -> EscalationView:
    with db.transaction() as session:
        row = _row(session, ref)
        action = governance.get_action(session, action_id)
        if action is None or action.escalation_id != row.id:
            raise NotFoundError(f"{ref} has no action {action_id}")
        if action.status == ActionStatus.DONE:
            raise ConflictError(f"action {action_id} of {ref} is already done")
        action.status, action.done_by, action.done_at = ActionStatus.DONE, actor, datetime.now(UTC)
        action.note = note.strip() or None
        governance.add_event(
            session,
            row,
            "action-done",
            datetime.now(UTC).date(),
            actor,
            datetime.now(UTC),
            f"{action.description}: done. {note.strip()}".strip(),
        )
        _audit(session, row, "action-done", actor, {"action": action_id})
        session.flush()
        return _views(session, [row])[0]


def resolve_in(session: Session, row: EscalationRow, note: str, actor: str, day: date) -> None:
    """Close an open escalation as resolved, with its event and audit entry, in the caller's
    transaction (a person's resolution, or a decision that resolves it)."""
    before = {"status": row.status}
    row.status, row.closed_on, row.closing_note = EscalationStatus.RESOLVED, day, note
    governance.add_event(session, row, "resolved", day, actor, datetime.now(UTC), note)
    _audit(session, row, "resolved", actor, before)


def resolve(
    db: Database, ref: str, note: str, actor: str, as_of: date | None = None
) -> EscalationView:
    if not note.strip():
        raise OpenbookError("say how it was resolved: a resolution needs a note")
    with db.transaction() as session:
        row = _open_row(session, ref)
        resolve_in(session, row, note.strip(), actor, as_of or datetime.now(UTC).date())
        definition = get_definition_in(session, row.system_code)
        _tell(session, get_body(definition, row.body_code), row, "resolved")
        return _views(session, [row])[0]


def _escalate_row(
    session: Session,
    definition: GovernanceDefinition,
    row: EscalationRow,
    why: str,
    actor: str,
    day: date,
) -> None:
    current = get_body(definition, row.body_code)
    if current.escalates_to is None:
        raise ConflictError(f"{row.ref} is with {current.name}, the top of the path")
    upper = get_body(definition, current.escalates_to)
    before = {"body": row.body_code, "due_on": row.due_on.isoformat()}
    row.body_code, row.due_on = upper.code, day + timedelta(days=upper.response_days)
    governance.add_event(
        session,
        row,
        "escalated",
        day,
        actor,
        datetime.now(UTC),
        f"From {current.name} to {upper.name}: {why}",
    )
    _audit(session, row, "escalated", actor, before)
    _tell(session, upper, row, f"escalated to {upper.name}")


def escalate(
    db: Database, ref: str, why: str, actor: str, as_of: date | None = None
) -> EscalationView:
    """Up the path by decision of the body holding it."""
    if not why.strip():
        raise OpenbookError("say why: escalating needs a reason")
    with db.transaction() as session:
        row = _open_row(session, ref)
        definition = get_definition_in(session, row.system_code)
        _escalate_row(
            session, definition, row, why.strip(), actor, as_of or datetime.now(UTC).date()
        )
        return _views(session, [row])[0]


def escalate_overdue(
    db: Database, system_code: str, as_of: date, actor: str = RULES_ACTOR
) -> list[str]:
    """Every open escalation past its due date moves one step up its path (run daily)."""
    moved = []
    with db.transaction() as session:
        definition = get_definition_in(session, system_code)
        for row in governance.list_escalations(session, system_code, status=EscalationStatus.OPEN):
            body = get_body(definition, row.body_code)
            if as_of > row.due_on and body.escalates_to is not None:
                why = f"not resolved by {row.due_on:%d %B %Y}"
                _escalate_row(session, definition, row, why, actor, as_of)
                moved.append(row.ref)
    return moved


def list_escalation_views(
    db: Database,
    system_code: str,
    *,
    status: str | None = None,
    body_code: str | None = None,
    financial_year: str | None = None,
) -> list[EscalationView]:
    with db.reading() as session:
        rows = governance.list_escalations(
            session,
            system_code,
            status=status,
            body_code=body_code,
            financial_year=financial_year,
        )
        return _views(session, rows)


def get_escalation_view(db: Database, ref: str) -> EscalationView:
    with db.reading() as session:
        return _views(session, [_row(session, ref)])[0]
