"""Deep verification: the state the audit events record, rebuilt and compared with the tables.

The hash chain proves the events are as written; it says nothing of a table changed with raw
SQL behind the application's back. Each feature that can rebuild some of its state from its
own events offers a `StateCheck` (declared on its `Feature`); `deep_verify` reads the events
once, from their hashed payloads (never the plain columns beside them), and runs every check.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from openbook.kernel.tables import AuditEventRow

if TYPE_CHECKING:
    from openbook.kernel.database import Database

STATE_CHECKS = "audit_state_checks"  # Database.extensions key, set by the composition root


@dataclass(frozen=True)
class AuditedEvent:
    """One event as its hash covers it."""

    sequence: int
    actor: str
    action: str
    entity: str
    entity_id: str
    before: Any
    after: Any
    reason: str | None


@dataclass(frozen=True)
class StateDifference:
    """Something a table holds that the events do not record, or the other way round."""

    check: str  # the check's name, e.g. "control totals"
    subject: str  # e.g. "RD3 2017/18 v2"
    message: str  # what the table holds against what the events record

    def __str__(self) -> str:
        return f"{self.check}: {self.subject}: {self.message}"


class StateCheck(Protocol):
    """Rebuilds one kind of state from the events and lists where the tables differ."""

    name: str

    def __call__(
        self, session: Session, events: Sequence[AuditedEvent]
    ) -> list[StateDifference]: ...


@dataclass(frozen=True)
class DeepReport:
    covered: tuple[str, ...]  # the checks that ran
    differences: list[StateDifference]


def read_events(session: Session) -> list[AuditedEvent]:
    """Every event in order, from its canonical (hashed) payload."""
    events = []
    query = select(AuditEventRow.payload).order_by(AuditEventRow.sequence)
    for payload in session.scalars(query):
        raw = json.loads(payload)
        events.append(
            AuditedEvent(
                int(raw["sequence"]),
                str(raw["actor"]),
                str(raw["action"]),
                str(raw["entity"]),
                str(raw["entity_id"]),
                raw.get("before"),
                raw.get("after"),
                raw.get("reason"),
            )
        )
    return events


def attach_state_checks(db: Database, checks: Sequence[StateCheck]) -> None:
    db.extensions[STATE_CHECKS] = tuple(checks)


def deep_verify(db: Database) -> DeepReport:
    """Run every feature's state check over the events, in one read snapshot."""
    checks: tuple[StateCheck, ...] = db.extensions.get(STATE_CHECKS, ())
    differences: list[StateDifference] = []
    with db.reading() as session:
        events = read_events(session)
        for check in checks:
            differences.extend(check(session, events))
    return DeepReport(tuple(check.name for check in checks), differences)


def of_action(events: Sequence[AuditedEvent], *actions: str) -> list[AuditedEvent]:
    return [event for event in events if event.action in actions]
