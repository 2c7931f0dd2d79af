"""The Alembic migrations build exactly the schema the code declares, on every backend."""

from __future__ import annotations

from pathlib import Path

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


def test_the_quick_head_check_agrees_with_alembic(db: Database) -> None:
    from openbook.kernel.database import (
        MIGRATION_LOCATIONS,
        applied_revisions,
        current_revision,
        declared_heads,
        head_revision,
        is_store_up_to_date,
    )

    locations = db.extensions[MIGRATION_LOCATIONS]
    assert "+".join(sorted(declared_heads(locations))) == head_revision(db.engine, locations)
    assert "+".join(sorted(applied_revisions(db.engine))) == current_revision(db.engine)
    assert is_store_up_to_date(db)


def test_a_store_behind_is_not_up_to_date(tmp_path: Path) -> None:
    from openbook.compose import from_url
    from openbook.kernel.database import is_store_current, is_store_up_to_date

    empty = from_url(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        assert not is_store_up_to_date(empty) and not is_store_current(empty)
    finally:
        empty.dispose()
