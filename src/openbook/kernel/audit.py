"""The audit log: append-only and hash-chained, written in the caller's transaction.

Each event's payload is canonical JSON of who, when, what, before, after and why;
its hash is sha256(previous hash + payload). Changing, inserting or deleting any
row breaks the chain, and `verify_chain` says where.

There is one chain per system (a write that changes only that system's figures) and one
for the store (everything else: users, reference data, writes across systems). Each has its
own head row, so writers to different systems never wait for one another, and each is
verified on its own; `verify_chain` with no chain checks them all.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import Session

from openbook.kernel.clock import clock_of
from openbook.kernel.counter import insert_if_missing
from openbook.kernel.tables import STORE_CHAIN, AuditEventRow, AuditHeadRow

GENESIS_HASH = "0" * 64


def _canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)


def _chain_hash(prev_hash: str, payload: str) -> str:
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def data_version_query(chains: tuple[str, ...] | None = None) -> Select[Any]:
    """The sum of the chains' last sequences (all chains when None): every committed write
    raises one chain's head, and no head ever falls, so the sum changes with every write
    that could touch those chains' figures."""
    query = select(func.coalesce(func.sum(AuditHeadRow.last_sequence), 0))
    return query if chains is None else query.where(AuditHeadRow.chain.in_(chains))


def head_sequence(engine: Engine, chains: tuple[str, ...] | None = None) -> int:
    """The version of everything in the store (or of the given chains' figures). A bare
    connection, not a session: it is read on every dashboard request."""
    with engine.connect() as connection:
        return int(connection.execute(data_version_query(chains)).scalar() or 0)


def _lock_head(session: Session, chain: str) -> AuditHeadRow:
    """The chain's head, locked until the transaction ends. The store's head is created by
    the first migration; a system's on its first event (two first writers: one inserts, the
    other's insert does nothing and then waits on the lock)."""
    query = select(AuditHeadRow).where(AuditHeadRow.chain == chain).with_for_update()
    head = session.scalars(query).one_or_none()
    if head is not None:
        return head
    values = {"chain": chain, "last_sequence": 0, "last_hash": GENESIS_HASH}
    session.execute(insert_if_missing(session, AuditHeadRow, values, ["chain"]))
    return session.scalars(query.execution_options(populate_existing=True)).one()


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
    chain: str | None = None,
) -> AuditEventRow:
    """Append one audit event to a chain, inside the caller's transaction: a system's
    (its code) for a write that changes only that system's figures, else the store's."""
    chain = chain or STORE_CHAIN
    head = _lock_head(session, chain)
    occurred_at = clock_of(session).now()
    sequence = head.last_sequence + 1
    fields = {
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
    if chain != STORE_CHAIN:  # the store chain's payloads keep the shape they always had
        fields["chain"] = chain
    payload = _canonical(fields)
    row = AuditEventRow(
        chain=chain,
        chain_sequence=sequence,
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
    sequence: int | None  # the event's place in its chain
    message: str
    chain: str = STORE_CHAIN


def _check_row(row: AuditEventRow, expected: int, prev_hash: str) -> list[ChainProblem]:
    def problem(message: str) -> ChainProblem:
        return ChainProblem(row.chain_sequence, _in_chain(row.chain, message), row.chain)

    problems = []
    if row.chain_sequence != expected:
        problems.append(
            problem(
                f"event {expected} is missing "
                f"(next present is {row.chain_sequence}): a row was deleted"
            )
        )
    if row.prev_hash != prev_hash:
        problems.append(problem("does not follow the previous event's hash"))
    if _chain_hash(row.prev_hash, row.payload) != row.hash:
        problems.append(problem("its content does not match its hash: the row was changed"))
    payload = json.loads(row.payload)
    columns = {
        "actor": row.actor,
        "action": row.action,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "reason": row.reason,
    }
    changed = [name for name, value in columns.items() if payload.get(name) != value]
    if payload.get("sequence") != row.chain_sequence:
        changed.append("sequence")
    if payload.get("chain", STORE_CHAIN) != row.chain:
        changed.append("chain")
    if changed:
        problems.append(
            problem(
                f"column(s) {', '.join(changed)} differ from the hashed record: the row was changed"
            )
        )
    return problems


def _in_chain(chain: str, message: str) -> str:
    return message if chain == STORE_CHAIN else f"{message} (chain {chain})"


def verify_chain(session: Session, chain: str | None = None) -> tuple[int, list[ChainProblem]]:
    """(events checked, problems) of one chain, or of every chain when None: each chain is
    checked on its own, from its first event to its head, and every event must be in a chain
    that has a head. No problems means the log is intact."""
    problems: list[ChainProblem] = []
    heads = {row.chain: row for row in session.scalars(select(AuditHeadRow))}
    query = select(AuditEventRow).order_by(AuditEventRow.chain, AuditEventRow.chain_sequence)
    if chain is not None:
        query = query.where(AuditEventRow.chain == chain)
    checked: dict[str, tuple[int, str]] = {}  # chain: (last sequence, last hash)
    count = 0
    for row in session.scalars(query.execution_options(yield_per=2000)):
        last, prev_hash = checked.get(row.chain, (0, GENESIS_HASH))
        problems.extend(_check_row(row, last + 1, prev_hash))
        checked[row.chain] = (row.chain_sequence, row.hash)
        count += 1
    names = set(checked) | ({chain} if chain is not None else set(heads))
    for name in sorted(names):
        problems.extend(_check_head(name, heads.get(name), checked.get(name)))
    return count, problems


def _check_head(
    chain: str, head: AuditHeadRow | None, checked: tuple[int, str] | None
) -> list[ChainProblem]:
    last, last_hash = checked or (0, GENESIS_HASH)
    if head is None:
        if checked is None:
            return []
        message = f"events of chain {chain} have no head: the chain's head row was deleted"
        return [ChainProblem(None, message, chain)]
    if head.last_sequence != last or head.last_hash != last_hash:
        message = (
            f"the log should end at event {head.last_sequence} but "
            f"ends at {last}: the last row(s) were deleted"
        )
        return [ChainProblem(None, _in_chain(chain, message), chain)]
    return []


def list_chains(session: Session) -> list[AuditHeadRow]:
    """Every chain's head: the store's first, then the systems' by code."""
    rows = list(session.scalars(select(AuditHeadRow).order_by(AuditHeadRow.chain)))
    return sorted(rows, key=lambda row: (row.chain != STORE_CHAIN, row.chain))


def list_events(
    session: Session,
    limit: int = 100,
    entity_id: str | None = None,
    action: str | None = None,
    actor: str | None = None,
    chain: str | None = None,
) -> list[AuditEventRow]:
    """The newest events first, filtered by what they are about, what was done, who, and
    which chain (the store's, or a system's) they are in."""
    query = select(AuditEventRow).order_by(AuditEventRow.sequence.desc()).limit(limit)
    if chain is not None:
        query = query.where(AuditEventRow.chain == chain)
    if entity_id is not None:
        query = query.where(AuditEventRow.entity_id == entity_id)
    if action is not None:
        query = query.where(AuditEventRow.action == action)
    if actor is not None:
        query = query.where(AuditEventRow.actor == actor)
    return list(session.scalars(query))
