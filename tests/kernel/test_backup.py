"""A backup restores to exactly what was saved: every table's rows and the audit chain,
on SQLite and PostgreSQL; a store with data is never replaced unasked, and then it is kept;
a changed or cut backup is refused before anything is touched."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from openbook.cli import app
from openbook.compose import from_url
from openbook.kernel.audit_log import verify_audit_log
from openbook.kernel.backup import backup_store, manifest_path, restore_store
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, InvalidDataError
from tests.conftest import POSTGRES_URL


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def empty_url(demo_db: Database, tmp_path: Path) -> Iterator[str]:
    """A new, empty store of the same kind as `demo_db` (no schema at all)."""
    if demo_db.engine.dialect.name == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    name = f"openbook_r_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        names = [
            row[0]
            for row in connection.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    if engine.dialect.name == "sqlite"
                    else "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            )
        ]
        found = {
            n: connection.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names
        }
    engine.dispose()
    return found


def test_the_demo_restores_row_for_row_with_its_audit_chain(
    demo_db: Database, empty_url: str, tmp_path: Path
) -> None:
    backup = tmp_path / "demo.backup"
    manifest = backup_store(demo_db, _url(demo_db), backup)
    assert manifest.tables == _counts(_url(demo_db))
    assert manifest.tables["audit_event"] == manifest.audit_sequence > 100
    report = restore_store(demo_db, backup, empty_url, actor="operator")
    assert (report.tables_checked, report.events_verified) == (
        len(manifest.tables),
        manifest.audit_sequence,
    )
    restored = from_url(empty_url)
    count, problems = verify_audit_log(restored)
    assert (count, problems) == (manifest.audit_sequence + 1, [])  # and the restore itself
    after = _counts(empty_url)
    assert after["audit_event"] == manifest.tables["audit_event"] + 1
    assert {k: v for k, v in after.items() if k != "audit_event"} == {
        k: v for k, v in manifest.tables.items() if k != "audit_event"
    }
    restored.dispose()


def test_a_store_with_data_is_replaced_only_when_asked_and_then_kept(
    demo_db: Database, tmp_path: Path
) -> None:
    url = _url(demo_db)
    backup = tmp_path / "demo.backup"
    backup_store(demo_db, url, backup)
    with pytest.raises(ConflictError, match="holds data"):
        restore_store(demo_db, backup, url, actor="operator")
    with pytest.raises(ConflictError, match="never overwrites"):
        backup_store(demo_db, url, backup)
    report = restore_store(demo_db, backup, url, actor="operator", replace=True)
    assert report.kept_current is not None and manifest_path(report.kept_current).is_file()


def test_a_changed_backup_or_a_missing_manifest_is_refused(
    demo_db: Database, empty_url: str, tmp_path: Path
) -> None:
    backup = tmp_path / "demo.backup"
    backup_store(demo_db, _url(demo_db), backup)
    with backup.open("ab") as handle:
        handle.write(b"cut")
    with pytest.raises(InvalidDataError) as error:
        restore_store(demo_db, backup, empty_url, actor="operator")
    assert "SHA-256" in error.value.issues[0].message
    manifest_path(backup).unlink()
    with pytest.raises(InvalidDataError, match="cannot restore"):
        restore_store(demo_db, backup, empty_url, actor="operator")


def test_the_commands_back_up_and_restore_the_default_kind_of_store(
    demo_template: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store.db"
    store.write_bytes(demo_template.read_bytes())
    env = {"OPENBOOK_DATABASE_URL": f"sqlite:///{store}", "OPENBOOK_VAR_DIR": str(tmp_path)}
    runner = CliRunner()
    backup = tmp_path / "b.backup"
    made = runner.invoke(app, ["backup", "-o", str(backup), "--json"], env=env)
    assert made.exit_code == 0, made.output
    rows = json.loads(made.stdout)["tables"]["finance_return"]
    refused = runner.invoke(app, ["restore", str(backup)], env=env)
    assert refused.exit_code != 0 and "--replace" in refused.output
    fresh = {**env, "OPENBOOK_DATABASE_URL": f"sqlite:///{tmp_path / 'new.db'}"}
    restored = runner.invoke(app, ["restore", str(backup)], env=fresh)
    assert restored.exit_code == 0, restored.output
    assert "events verify" in restored.stdout
    assert _counts(fresh["OPENBOOK_DATABASE_URL"])["finance_return"] == rows
