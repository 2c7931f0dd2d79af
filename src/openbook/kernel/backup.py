"""Backing up and restoring the store, and proving a restore brought back what was saved.

- SQLite: the online backup API, so the copy is consistent while the web app keeps
  writing; the backup is itself a SQLite file.
- PostgreSQL: `pg_dump --format=custom` run on a snapshot exported from a repeatable-read
  transaction, in which the row counts are taken too, so counts and dump agree exactly
  even while others write; restored with `pg_restore --single-transaction`.

Beside each backup, `PATH.manifest.json` records the engine, the schema revisions, the
row count of every table, the audit chain's head and the backup's SHA-256. A restore checks
the file against it first and, after restoring, counts every table and verifies the whole
audit chain against it, then records the restore as the chain's next event. Nothing is
half-written: a backup is built under a temporary name
and renamed when complete; a restore over a store that holds data is refused unless asked
to replace it, and then the current store is backed up first.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from openbook.kernel.audit import record_event, verify_chain
from openbook.kernel.audit_anchor import AuditHead, root_of
from openbook.kernel.database import Database, redact_url
from openbook.kernel.error import ConflictError, DataIssue, InvalidDataError, OpenbookError

MANIFEST_SUFFIX = ".manifest.json"
HEAD_QUERY = "SELECT last_sequence, last_hash FROM audit_head WHERE id = 1"
HEADS_QUERY = "SELECT chain, last_sequence, last_hash FROM audit_head"


@dataclass(frozen=True)
class Manifest:
    engine: str  # "sqlite" or "postgresql"
    created_at: str
    revisions: list[str]
    tables: dict[str, int]
    audit_sequence: int
    audit_hash: str
    sha256: str

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    tables_checked: int
    events_verified: int
    kept_current: Path | None  # where the replaced store was backed up, if one was


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + MANIFEST_SUFFIX)


def _engine_name(url: str) -> str:
    backend = make_url(url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise OpenbookError(f"cannot back up a {backend} store", hint="SQLite or PostgreSQL")
    return backend


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise OpenbookError("an in-memory SQLite store cannot be backed up or restored")
    return Path(database)


def _counts(connection: Connection) -> dict[str, int]:
    # The names come from the database's own catalogue, never from input.
    names = sorted(inspect(connection).get_table_names())
    return {
        name: int(connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one())  # noqa: S608
        for name in names
    }


def _revisions(connection: Connection) -> list[str]:
    if "alembic_version" not in inspect(connection).get_table_names():
        return []
    rows = connection.execute(text("SELECT version_num FROM alembic_version"))
    return sorted(str(row[0]) for row in rows)


def _head(connection: Connection) -> tuple[int, str]:
    """The root over every audit chain (the one chain's head in a store of one chain, or one
    from before chains)."""
    found = inspect(connection)
    if "audit_head" not in found.get_table_names():
        return 0, ""
    if "chain" not in {column["name"] for column in found.get_columns("audit_head")}:
        row = connection.execute(text(HEAD_QUERY)).first()
        return (0, "") if row is None else (int(row[0]), str(row[1]))
    rows = connection.execute(text(HEADS_QUERY)).all()
    root = root_of([AuditHead(int(row[1]), str(row[2]), str(row[0])) for row in rows])
    return root.sequence, root.hash


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _describe(connection: Connection, engine: str, now: datetime) -> dict[str, Any]:
    sequence, head_hash = _head(connection)
    return {
        "engine": engine,
        "created_at": now.isoformat(timespec="seconds"),
        "revisions": _revisions(connection),
        "tables": _counts(connection),
        "audit_sequence": sequence,
        "audit_hash": head_hash,
    }


def _run(command: list[str], what: str) -> None:
    found = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if found.returncode != 0:
        raise OpenbookError(
            f"{what} failed: {found.stderr.strip() or found.returncode}",
            hint="is PostgreSQL's client (pg_dump, pg_restore) the server's version?",
        )


def _backup_sqlite(url: str, partial: Path) -> None:
    source = sqlite3.connect(_sqlite_file(url))
    target = sqlite3.connect(partial)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _backup_postgres(url: str, partial: Path, now: datetime) -> dict[str, Any]:
    """pg_dump on a snapshot this transaction exported, the counts taken in the same one."""
    engine = create_engine(url, isolation_level="REPEATABLE READ")
    try:
        with engine.connect() as connection:
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            dump = ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}"]
            _run([*dump, "--file", str(partial), "--dbname", _libpq_url(url)], "pg_dump")
            described = _describe(connection, "postgresql", now)
            connection.rollback()
    finally:
        engine.dispose()
    return described


def backup_store(db: Database, url: str, target: Path) -> Manifest:
    """Write a backup of the store at `url` to `target` (which must not exist) and its
    manifest beside it."""
    engine_name = _engine_name(url)
    if target.exists() or manifest_path(target).exists():
        raise ConflictError(f"{target} already exists; a backup never overwrites one")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    now = db.clock.now()
    try:
        if engine_name == "sqlite":
            _backup_sqlite(url, partial)
            with _sqlite_connection(partial) as connection:
                described = _describe(connection, "sqlite", now)
        else:
            described = _backup_postgres(url, partial, now)
        manifest = Manifest(**described, sha256=_sha256(partial))
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    _write_manifest(manifest, manifest_path(target))
    return manifest


def _write_manifest(manifest: Manifest, path: Path) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(asdict(manifest), indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)


@contextmanager
def _sqlite_connection(path: Path) -> Iterator[Connection]:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def read_manifest(backup: Path) -> Manifest:
    """The backup's manifest, with the file checked against it; every problem at once."""
    path = manifest_path(backup)
    issues: list[DataIssue] = []
    if not backup.is_file():
        issues.append(DataIssue(backup.name, "there is no such backup file"))
    if not path.is_file():
        issues.append(DataIssue(path.name, "the manifest is missing: it is written beside it"))
    if issues:
        raise InvalidDataError(f"cannot restore {backup}", issues)
    try:
        manifest = Manifest(**json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as error:
        issue = DataIssue(path.name, f"is not a backup manifest: {error}")
        raise InvalidDataError(f"cannot restore {backup}", [issue]) from None
    if _sha256(backup) != manifest.sha256:
        issue = DataIssue(backup.name, "does not match its manifest's SHA-256: changed or cut")
        raise InvalidDataError(f"cannot restore {backup}", [issue])
    return manifest


def holds_data(url: str) -> bool:
    """The store has an audit chain with at least one event (an empty store has none)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return _head(connection)[0] > 0
    finally:
        engine.dispose()


def _restore_sqlite(backup: Path, url: str) -> None:
    target = _sqlite_file(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".restoring")
    shutil.copyfile(backup, partial)
    for stale in (target.with_name(target.name + s) for s in ("-wal", "-shm", "-journal")):
        stale.unlink(missing_ok=True)
    os.replace(partial, target)


def _restore_postgres(backup: Path, url: str) -> None:
    restore = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    _run([*restore, "--exit-on-error", "--dbname", _libpq_url(url), str(backup)], "pg_restore")


def check_restored(url: str, manifest: Manifest) -> tuple[int, int]:
    """(tables checked, events verified), or InvalidDataError naming every table whose
    count differs and every break in the audit chain."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            counts = _counts(connection)
            head = _head(connection)
        with Session(engine) as session:
            events, problems = verify_chain(session)
    finally:
        engine.dispose()
    issues = [
        DataIssue(name, f"has {counts.get(name, 0):,} rows; the backup had {expected:,}")
        for name, expected in manifest.tables.items()
        if counts.get(name, 0) != expected
    ]
    if head != (manifest.audit_sequence, manifest.audit_hash):
        issues.append(DataIssue("audit_head", f"is {head}, the backup's was different"))
    issues += [DataIssue("audit_event", str(problem)) for problem in problems]
    if issues:
        raise InvalidDataError("the restored store does not match its backup", issues)
    return len(manifest.tables), events


def _record_restore(url: str, backup: Path, manifest: Manifest, actor: str) -> None:
    """The restore itself, as the first event after the restored chain's head."""
    restored = Database.from_url(url)
    try:
        with restored.transaction() as session:
            record_event(
                session,
                actor=actor,
                action="store.restored",
                entity="store",
                entity_id=backup.name,
                before=None,
                after={
                    "backup": backup.name,
                    "sha256": manifest.sha256,
                    "created_at": manifest.created_at,
                    "audit_sequence": manifest.audit_sequence,
                    "rows": manifest.rows,
                },
            )
    finally:
        restored.dispose()


def restore_store(
    db: Database,
    backup: Path,
    url: str,
    actor: str,
    replace: bool = False,
    keep_dir: Path | None = None,
) -> RestoreReport:
    """Restore `backup` into the store at `url` and prove it (row counts, audit chain).
    A store holding data is replaced only with `replace`, after a backup of it is kept in
    `keep_dir` (default: beside the backup)."""
    manifest = read_manifest(backup)
    engine_name = _engine_name(url)
    if manifest.engine != engine_name:
        raise OpenbookError(
            f"{backup.name} is a {manifest.engine} backup; the store is {engine_name}",
            hint="restore into a store of the same kind",
        )
    kept = None
    if holds_data(url):
        if not replace:
            raise ConflictError(
                f"the store at {redact_url(url)} holds data; restoring would replace it",
                hint="add --replace (the current store is backed up first)",
            )
        stamp = db.clock.now().strftime("%Y%m%dT%H%M%S")
        kept = (keep_dir or backup.parent) / f"before-restore-{stamp}{backup.suffix or '.backup'}"
        backup_store(db, url, kept)
    db.dispose()
    if engine_name == "sqlite":
        _restore_sqlite(backup, url)
    else:
        _restore_postgres(backup, url)
    tables, events = check_restored(url, manifest)
    _record_restore(url, backup, manifest, actor)
    return RestoreReport(manifest, tables, events, kept)
