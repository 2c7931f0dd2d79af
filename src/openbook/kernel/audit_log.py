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
    store_identity,
)
from openbook.kernel.database import Database
from openbook.kernel.tables import AuditEventRow


def verify_audit_log(
    db: Database, anchors: Sequence[AnchorTarget] = ()
) -> tuple[int, list[ChainProblem]]:
    """(events checked, problems): the chain itself, then every anchor of this store in each
    of `anchors` (a source that cannot be read, or holds none of this store's, is a problem:
    a verification asked for did not happen)."""
    store = store_identity(db.engine)
    with db.reading() as session:
        count, problems = verify_chain(session)
        for target in anchors:
            try:
                placed = target.read()
            except (OSError, ValueError, KeyError, SQLAlchemyError) as error:
                problem = ChainProblem(None, f"cannot read anchors from {target.name}: {error}")
                problems.append(problem)
                continue
            problems.extend(check_anchors(session, store, target.name, placed))
    return count, problems


def get_audit_head(db: Database) -> AuditHead:
    """The chain's latest event: its sequence and hash."""
    with db.reading() as session:
        return read_head(session)


def record_anchor(db: Database, targets: Sequence[AnchorTarget] | None = None) -> Anchor:
    """Append the current head to each target (the store's configured ones by default)."""
    anchor = Anchor(store_identity(db.engine), *_head_now(db), db.clock.now())
    for target in anchor_targets(db) if targets is None else targets:
        target.append(anchor)
    return anchor


def _head_now(db: Database) -> tuple[int, str]:
    head = get_audit_head(db)
    return head.sequence, head.hash


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
) -> list[AuditEventRow]:
    with db.reading() as session:
        return list_events(session, limit, entity_id, action, actor)
