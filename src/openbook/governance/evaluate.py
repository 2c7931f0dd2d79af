"""Running the escalation rules: every registered provider's conditions for a month,
reconciled with the escalations held. Idempotent: the same figures give the same
escalations, so it is safe to run after every change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from openbook.governance import store as governance
from openbook.governance.config import get_body, get_definition_in
from openbook.governance.escalation_tell import audit, open_escalation, tell
from openbook.governance.file import GovernanceDefinition
from openbook.governance.model import escalation as lifecycle
from openbook.governance.model.governance import EscalationStatus
from openbook.governance.model.rule_settings import RuleSettings
from openbook.governance.rule_registry import rule_providers
from openbook.governance.tables import EscalationRow
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import Condition

RULES_ACTOR = "openbook-rules"


@dataclass(frozen=True)
class EvaluationResult:
    raised: tuple[str, ...]
    reopened: tuple[str, ...]
    cleared: tuple[str, ...]
    still_open: tuple[str, ...]


def find_conditions(
    db: Database, system_code: str, year: FinancialYear, month: int, settings: RuleSettings
) -> list[Condition]:
    """Every condition the registered rule providers find in the month's figures, each once."""
    found: list[Condition] = []
    for provider in rule_providers(db):
        found += provider.find(db, system_code, year, month, settings.for_provider(provider))
    return list({condition.key: condition for condition in found}.values())


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

    def work(session: Session) -> EvaluationResult:
        return evaluate_in(
            session, definition, conditions, year, month, as_of or db.clock.today(), db
        )

    return db.write(work)


def evaluate_in(
    session: Session,
    definition: GovernanceDefinition,
    conditions: list[Condition],
    year: FinancialYear,
    month: int,
    as_of: date,
    db: Database,
) -> EvaluationResult:
    """Reconcile the conditions found for a month with the escalations held: a new
    condition opens one escalation (never a second); one that went away is marked
    cleared; one that comes back reopens its escalation. Resolved ones stay resolved."""
    raised, reopened, still = [], [], []
    found = {c.key: c for c in conditions}
    held: dict[str, EscalationRow] = {
        row.condition_key: row
        for row in governance.list_rule_escalations(session, definition.system_code, year.label)
        if row.condition_key is not None
    }
    for key, condition in sorted(found.items()):
        row = held.get(key)
        if row is None:
            row = open_escalation(
                session, definition, condition, key, year, month, as_of, RULES_ACTOR, db
            )
            raised.append(row.ref)
            continue
        current = governance.to_escalation(row)
        if current.status is EscalationStatus.CLEARED:
            changed, event = lifecycle.reopen(current, condition, month, as_of, RULES_ACTOR)
            _step(session, row, changed, event, "reopened", db)
            reopened.append(row.ref)
        else:
            governance.save_escalation(row, lifecycle.refresh(current, condition, month))
            if current.status is EscalationStatus.OPEN:
                still.append(row.ref)
    cleared = _clear_gone(session, definition, held, found, year, month, as_of, db)
    return EvaluationResult(tuple(raised), tuple(reopened), tuple(cleared), tuple(still))


def _clear_gone(
    session: Session,
    definition: GovernanceDefinition,
    held: dict[str, EscalationRow],
    found: dict[str, Condition],
    year: FinancialYear,
    month: int,
    as_of: date,
    db: Database,
) -> list[str]:
    cleared = []
    for key, row in held.items():
        current = governance.to_escalation(row)
        if key in found or current.status is not EscalationStatus.OPEN:
            continue
        if current.last_seen_month > month:
            continue
        changed, event = lifecycle.clear(current, year, month, as_of, RULES_ACTOR)
        _step(session, row, changed, event, "cleared", db)
        tell(session, get_body(definition, row.body_code), row, "cleared")
        cleared.append(row.ref)
    return cleared


def _step(
    session: Session,
    row: EscalationRow,
    changed: lifecycle.Escalation,
    event: lifecycle.EscalationEvent,
    action: str,
    db: Database,
) -> None:
    before = {"status": row.status}
    governance.save_escalation(row, changed)
    governance.record_step(session, row, event, db.clock.now())
    audit(session, row, action, event.actor, before)
