"""The Alembic migrations build exactly the schema the code declares, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from openbook.kernel.database import Database, is_store_current
from openbook.schema import metadata


def test_migrated_store_matches_the_declared_tables(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_store_is_at_the_head_revision(db: Database) -> None:
    assert is_store_current(db)
