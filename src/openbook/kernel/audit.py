"""The audit log: append-only and hash-chained, written in the caller's transaction.

Each event's payload is canonical JSON of who, when, what, before, after and why;
its hash is sha256(previous hash + payload). Changing, inserting or deleting any
row breaks the chain, and `verify_chain` says where.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from openbook.kernel.clock import clock_of
from openbook.kernel.tables import AuditEventRow, AuditHeadRow

GENESIS_HASH = "0" * 64


def _canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)


def _chain_hash(prev_hash: str, payload: str) -> str:
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


HEAD_SEQUENCE = select(AuditHeadRow.last_sequence).where(AuditHeadRow.id == 1)


def head_sequence(engine: Engine) -> int:
    """The sequence of the latest audit event: it changes with every write, so it is the
    version of everything in the store. A bare connection, not a session: it is read on
    every dashboard request."""
    with engine.connect() as connection:
        return int(connection.execute(HEAD_SEQUENCE).scalar() or 0)


def _lock_head(session: Session) -> AuditHeadRow:
    """The chain's head, locked until the transaction ends (created by the first migration)."""
    query = select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()
    return session.scalars(query).one()


def record_event(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: Any,
    after: Any,
    reason: str | None = None,
) -> AuditEventRow:
    """Append one audit event to the chain, inside the caller's transaction."""
    head = _lock_head(session)
    occurred_at = clock_of(session).now()
    sequence = head.last_sequence + 1
    payload = _canonical(
        {
            "sequence": sequence,
            "occurred_at": occurred_at.isoformat(),
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "before": before,
            "after": after,
            "reason": reason,
        }
    )
    row = AuditEventRow(
        sequence=sequence,
        occurred_at=occurred_at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        reason=reason,
        payload=payload,
        prev_hash=head.last_hash,
        hash=_chain_hash(head.last_hash, payload),
    )
    session.add(row)
    head.last_sequence, head.last_hash = sequence, row.hash
    session.flush()
    return row


@dataclass(frozen=True)
class ChainProblem:
    sequence: int | None
    message: str


def _check_row(row: AuditEventRow, expected_sequence: int, prev_hash: str) -> list[ChainProblem]:
    problems = []
    if row.sequence != expected_sequence:
        problems.append(
            ChainProblem(
                row.sequence,
                f"event {expected_sequence} is missing "
                f"(next present is {row.sequence}): a row was deleted",
            )
        )
    if row.prev_hash != prev_hash:
        problems.append(ChainProblem(row.sequence, "does not follow the previous event's hash"))
    if _chain_hash(row.prev_hash, row.payload) != row.hash:
        problems.append(
            ChainProblem(row.sequence, "its content does not match its hash: the row was changed")
        )
    payload = json.loads(row.payload)
    columns = {
        "actor": row.actor,
        "action": row.action,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "reason": row.reason,
    }
    changed = [name for name, value in columns.items() if payload.get(name) != value]
    if changed:
        problems.append(
            ChainProblem(
                row.sequence,
                f"column(s) {', '.join(changed)} differ from "
                "the hashed record: the row was changed",
            )
        )
    return problems


def verify_chain(session: Session) -> tuple[int, list[ChainProblem]]:
    """(events checked, problems). No problems means the log is intact."""
    problems: list[ChainProblem] = []
    prev_hash, expected, count = GENESIS_HASH, 1, 0
    for row in session.scalars(select(AuditEventRow).order_by(AuditEventRow.sequence)):
        problems.extend(_check_row(row, expected, prev_hash))
        prev_hash, expected, count = row.hash, row.sequence + 1, count + 1
    head = session.get(AuditHeadRow, 1)
    last_sequence = 0 if head is None else head.last_sequence
    if last_sequence != expected - 1 or (head is not None and head.last_hash != prev_hash):
        problems.append(
            ChainProblem(
                None,
                f"the log should end at event {last_sequence} but "
                f"ends at {expected - 1}: the last row(s) were deleted",
            )
        )
    return count, problems


def list_events(
    session: Session,
    limit: int = 100,
    entity_id: str | None = None,
    action: str | None = None,
    actor: str | None = None,
) -> list[AuditEventRow]:
    """The newest events first, filtered by what they are about, what was done and who."""
    query = select(AuditEventRow).order_by(AuditEventRow.sequence.desc()).limit(limit)
    if entity_id is not None:
        query = query.where(AuditEventRow.entity_id == entity_id)
    if action is not None:
        query = query.where(AuditEventRow.action == action)
    if actor is not None:
        query = query.where(AuditEventRow.actor == actor)
    return list(session.scalars(query))
