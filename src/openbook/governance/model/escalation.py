"""The escalation lifecycle as pure functions on immutable values: raise, refresh, reopen,
clear, resolve, escalate. Each returns the new value and the event to record; the use cases
store both and write the audit entry.

    raised ──(condition gone)──> cleared ──(condition back)──> open again
      │                                                         │
      ├──(a person, with a note)──> resolved (stays resolved)   │
      └──(the body decides, or overdue)──> the next body up ────┘
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from openbook.governance.model.governance import Body, EscalationStatus
from openbook.kernel import input_limit
from openbook.kernel.error import ConflictError, OpenbookError
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import Condition

MAX_TITLE, MAX_DETAIL = input_limit.MAX_TITLE, input_limit.MAX_TEXT


@dataclass(frozen=True)
class Escalation:
    ref: str
    system_code: str
    financial_year: str
    month: int  # the month whose figures raised it
    condition_key: str | None  # None: raised by a person
    rule: str
    subject: str
    remit: str
    title: str
    detail: str
    body_code: str
    status: EscalationStatus
    raised_by: str
    raised_on: date
    due_on: date
    last_seen_month: int
    closed_on: date | None = None
    closing_note: str | None = None

    def overdue(self, as_of: date) -> bool:
        return self.status is EscalationStatus.OPEN and as_of > self.due_on


@dataclass(frozen=True)
class EscalationEvent:
    kind: str  # raised, reopened, cleared, resolved, escalated, action, action-done
    body_code: str
    on: date
    actor: str
    note: str | None


def check_text(title: str, detail: str) -> list[str]:
    problems = []
    if not title.strip():
        problems.append("an escalation needs a title")
    if len(title) > MAX_TITLE:
        problems.append(f"the title is {len(title):,} characters; at most {MAX_TITLE}")
    if len(detail) > MAX_DETAIL:
        problems.append(f"the detail is {len(detail):,} characters; at most {MAX_DETAIL:,}")
    return problems


def raise_escalation(
    ref: str,
    condition: Condition,
    body: Body,
    *,
    year: FinancialYear,
    month: int,
    condition_key: str | None,
    on: date,
    actor: str,
) -> tuple[Escalation, EscalationEvent]:
    problems = check_text(condition.title, condition.detail)
    if problems:
        raise OpenbookError("; ".join(problems))
    escalation = Escalation(
        ref=ref,
        system_code=body.system_code,
        financial_year=year.label,
        month=month,
        condition_key=condition_key,
        rule=condition.rule,
        subject=condition.subject,
        remit=str(condition.remit),
        title=condition.title.strip(),
        detail=condition.detail.strip(),
        body_code=body.code,
        status=EscalationStatus.OPEN,
        raised_by=actor,
        raised_on=on,
        due_on=on + timedelta(days=body.response_days),
        last_seen_month=month,
    )
    return escalation, EscalationEvent("raised", body.code, on, actor, escalation.detail)


def refresh(escalation: Escalation, condition: Condition, month: int) -> Escalation:
    """The condition still holds: its words follow the latest month it was seen in."""
    if month < escalation.last_seen_month:
        return escalation
    return replace(
        escalation, title=condition.title, detail=condition.detail, last_seen_month=month
    )


def reopen(
    escalation: Escalation, condition: Condition, month: int, on: date, actor: str
) -> tuple[Escalation, EscalationEvent]:
    if escalation.status is not EscalationStatus.CLEARED:
        raise ConflictError(f"{escalation.ref} is {escalation.status}; only a cleared one reopens")
    reopened = replace(
        refresh(escalation, condition, month),
        status=EscalationStatus.OPEN,
        closed_on=None,
        closing_note=None,
    )
    return reopened, EscalationEvent("reopened", escalation.body_code, on, actor, condition.detail)


def clear(
    escalation: Escalation, year: FinancialYear, month: int, on: date, actor: str
) -> tuple[Escalation, EscalationEvent]:
    _require_open(escalation)
    note = f"The condition no longer holds at M{month} {year.label}."
    cleared = replace(escalation, status=EscalationStatus.CLEARED, closed_on=on, closing_note=note)
    return cleared, EscalationEvent("cleared", escalation.body_code, on, actor, note)


def resolve(
    escalation: Escalation, note: str, on: date, actor: str
) -> tuple[Escalation, EscalationEvent]:
    _require_open(escalation)
    if not note.strip():
        raise OpenbookError("say how it was resolved: a resolution needs a note")
    resolved = replace(
        escalation, status=EscalationStatus.RESOLVED, closed_on=on, closing_note=note.strip()
    )
    return resolved, EscalationEvent("resolved", escalation.body_code, on, actor, note.strip())


def escalate(
    escalation: Escalation, current: Body, upper: Body | None, why: str, on: date, actor: str
) -> tuple[Escalation, EscalationEvent]:
    """One step up the path, by the body's decision or because it is overdue."""
    _require_open(escalation)
    if not why.strip():
        raise OpenbookError("say why: escalating needs a reason")
    if upper is None:
        raise ConflictError(f"{escalation.ref} is with {current.name}, the top of the path")
    moved = replace(
        escalation, body_code=upper.code, due_on=on + timedelta(days=upper.response_days)
    )
    note = f"From {current.name} to {upper.name}: {why.strip()}"
    return moved, EscalationEvent("escalated", upper.code, on, actor, note)


def _require_open(escalation: Escalation) -> None:
    if escalation.status is not EscalationStatus.OPEN:
        raise ConflictError(
            f"{escalation.ref} is {escalation.status}; only an open escalation can change"
        )
