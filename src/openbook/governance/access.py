"""Governance as a signed-in user: the permission rules of `openbook.kernel.access`
applied before the governance services run (web pages and API come through here)."""

from __future__ import annotations

from datetime import date

from openbook.governance import decisions, escalations
from openbook.governance.config import get_body, get_definition, load_governance_text
from openbook.kernel.access import (
    Principal,
    can_define_governance,
    can_record_decision,
    can_work_escalation,
)
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError


def may_work(db: Database, user: Principal, view: escalations.EscalationView) -> bool:
    body = get_body(get_definition(db, view.system_code), view.body_code)
    return can_work_escalation(user, body.members)


def _require_work(db: Database, user: Principal, ref: str) -> None:
    view = escalations.get_escalation_view(db, ref)
    if not may_work(db, user, view):
        raise ForbiddenError(
            f"only members of {view.body_code} or the system lead may change {ref}"
        )


def add_action_as(
    db: Database, user: Principal, ref: str, description: str, owner: str, due_on: date
) -> escalations.EscalationView:
    _require_work(db, user, ref)
    return escalations.add_action(db, ref, description, owner, due_on, user.username)


def complete_action_as(
    db: Database, user: Principal, ref: str, action_id: int, note: str
) -> escalations.EscalationView:
    _require_work(db, user, ref)
    return escalations.complete_action(db, ref, action_id, note, user.username)


def resolve_as(db: Database, user: Principal, ref: str, note: str) -> escalations.EscalationView:
    _require_work(db, user, ref)
    return escalations.resolve(db, ref, note, user.username)


def escalate_as(db: Database, user: Principal, ref: str, why: str) -> escalations.EscalationView:
    _require_work(db, user, ref)
    return escalations.escalate(db, ref, why, user.username)


def may_record(db: Database, user: Principal, system_code: str, body_code: str) -> bool:
    body = get_body(get_definition(db, system_code), body_code)
    return can_record_decision(user, body.chair)


def record_decision_as(
    db: Database,
    user: Principal,
    system_code: str,
    body_code: str,
    **details: object,
) -> decisions.DecisionView:
    if not may_record(db, user, system_code, body_code):
        raise ForbiddenError(
            f"only the chair of {body_code} or the system lead may record its decisions"
        )
    return decisions.record_decision(
        db,
        system_code,
        body_code=body_code,
        actor=user.username,
        **details,  # type: ignore[arg-type]
    )


def load_governance_as(db: Database, user: Principal, text: str, source: str) -> int:
    if not can_define_governance(user):
        raise ForbiddenError("only the system lead or an administrator may change the bodies")
    return load_governance_text(db, text, source, user.username)
