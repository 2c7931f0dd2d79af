"""Reading and verifying the audit log, and anchoring its head outside the store."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError

from openbook.kernel.audit import ChainProblem, list_events, verify_chain
from openbook.kernel.audit_anchor import (
    Anchor,
    AnchorTarget,
    AuditHead,
    PlacedAnchor,
    anchor_targets,
    check_anchors,
    read_head,
    read_heads,
    store_identity,
)
from openbook.kernel.database import Database
from openbook.kernel.tables import AuditEventRow


def verify_audit_log(
    db: Database, anchors: Sequence[AnchorTarget] = (), chain: str | None = None
) -> tuple[int, list[ChainProblem]]:
    """(events checked, problems): every chain (or one), then every anchor of this store in
    each of `anchors` (a source that cannot be read, or holds none of this store's, is a
    problem: a verification asked for did not happen)."""
    store = store_identity(db.engine)
    with db.reading() as session:
        count, problems = verify_chain(session, chain)
        for target in anchors:
            try:
                placed = target.read()
            except (OSError, ValueError, KeyError, SQLAlchemyError) as error:
                problem = ChainProblem(None, f"cannot read anchors from {target.name}: {error}")
                problems.append(problem)
                continue
            problems.extend(check_anchors(session, store, target.name, placed))
    return count, problems


def get_audit_head(db: Database, chain: str | None = None) -> AuditHead:
    """One chain's latest event (its sequence and hash), or the root over every chain."""
    with db.reading() as session:
        return read_head(session, chain)


def get_audit_heads(db: Database) -> list[AuditHead]:
    """Every chain's head: the store's, then each system's."""
    with db.reading() as session:
        return read_heads(session)


def record_anchor(db: Database, targets: Sequence[AnchorTarget] | None = None) -> list[Anchor]:
    """Append every chain's current head to each target (the store's configured ones by
    default): one anchor per chain, taken at the same moment."""
    store, now = store_identity(db.engine), db.clock.now()
    anchors = [Anchor(store, h.sequence, h.hash, now, h.chain) for h in get_audit_heads(db)]
    for target in anchor_targets(db) if targets is None else targets:
        for anchor in anchors:
            target.append(anchor)
    return anchors


def last_anchor(db: Database, target: AnchorTarget) -> PlacedAnchor | None:
    """The latest anchor of this store in `target`, or None (also if it cannot be read)."""
    store = store_identity(db.engine)
    try:
        placed = target.read()
    except (OSError, ValueError, KeyError, SQLAlchemyError):
        return None
    mine = [p for p in placed if p.anchor.store == store]
    return mine[-1] if mine else None


def list_audit_events(
    db: Database,
    limit: int = 100,
    entity_id: str | None = None,
    action: str | None = None,
    actor: str | None = None,
    chain: str | None = None,
) -> list[AuditEventRow]:
    with db.reading() as session:
        return list_events(session, limit, entity_id, action, actor, chain)
