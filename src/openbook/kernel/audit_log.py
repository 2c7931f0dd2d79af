"""Reading and verifying the audit log."""

from __future__ import annotations

from openbook.kernel.audit import ChainProblem, list_events, verify_chain
from openbook.kernel.database import Database
from openbook.kernel.tables import AuditEventRow


def verify_audit_log(db: Database) -> tuple[int, list[ChainProblem]]:
    with db.reading() as session:
        return verify_chain(session)


def list_audit_events(
    db: Database,
    limit: int = 100,
    entity_id: str | None = None,
    action: str | None = None,
    actor: str | None = None,
) -> list[AuditEventRow]:
    with db.reading() as session:
        return list_events(session, limit, entity_id, action, actor)
