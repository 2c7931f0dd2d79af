"""Bringing a store up to date."""

from __future__ import annotations

from openbook.kernel.database import Database, current_revision, head_revision, upgrade_to_head


def initialise_store(db: Database) -> tuple[str | None, str | None]:
    """Apply pending migrations; returns (revision before, revision after)."""
    before = current_revision(db.engine)
    upgrade_to_head(db.engine)
    return before, current_revision(db.engine)


def is_store_current(db: Database) -> bool:
    return current_revision(db.engine) == head_revision(db.engine)
