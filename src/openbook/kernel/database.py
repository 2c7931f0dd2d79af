"""Engines, sessions and migrations. Nothing is created at import time."""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from openbook.kernel.clock import CLOCK_KEY, Clock, SystemClock
from openbook.kernel.event import EventBus, take_pending

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
T = TypeVar("T")
WRITE_ATTEMPTS = 8  # a write another writer raced is run again, up to this many times
# PostgreSQL's SQLSTATEs for "another transaction got there first": a unique violation (two
# writers numbered the same next version), a serialization failure, a deadlock.
RACE_SQLSTATES = frozenset({"23505", "40001", "40P01"})
SQLITE_RACES = ("UNIQUE constraint failed", "database is locked")


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is unreliable);
    # WAL lets readers go on while one writer writes.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _begin_sqlite(connection: Any) -> None:
    """Writers take the write lock up front (BEGIN IMMEDIATE) so that two writers queue on
    the busy timeout instead of deadlocking when both upgrade from a read; readers do not."""
    immediate = connection.get_execution_options().get("openbook_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for a database URL; SQLite files get their folder made and FKs enforced."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
    return engine


MIGRATION_LOCATIONS = "migration_locations"  # features' own migration folders (extensions)


def _alembic_config(engine: Engine, locations: tuple[Path, ...] = ()) -> Any:
    """The kernel's migrations, and each feature's own folder chained after them (a feature
    with tables keeps its migrations in its package; the composition root passes them)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    folders = [MIGRATIONS_DIR / "versions", *locations]
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(str(f) for f in folders))
    config.attributes["engine"] = engine
    return config


def upgrade_to_head(engine: Engine, locations: tuple[Path, ...] = ()) -> None:
    """Apply every Alembic migration not yet applied: the kernel's line and each feature's
    branch off it (a feature's first migration names a kernel revision and a branch label)."""
    from alembic import command

    command.upgrade(_alembic_config(engine, locations), "heads")


def current_revision(engine: Engine) -> str | None:
    """The applied revisions, sorted and joined by '+' (one per branch), or None if none."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    return "+".join(sorted(heads)) or None


def head_revision(engine: Engine, locations: tuple[Path, ...] = ()) -> str | None:
    """The newest revision of every branch, in the same form as current_revision."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(engine, locations))
    return "+".join(sorted(script.get_heads())) or None


def is_write_race(error: DBAPIError) -> bool:
    """Whether a failed write lost a race with a concurrent writer (and may simply be run
    again on the figures as they now stand) rather than being wrong in itself."""
    state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    if state is not None:
        return str(state) in RACE_SQLSTATES
    return any(text in str(error.orig) for text in SQLITE_RACES)


def _pause_before(attempt: int) -> None:
    """Exponential backoff with full jitter (10 ms, 20 ms, ... capped at 0.5 s), so writers
    that collided do not collide again in step."""
    time.sleep(random.uniform(0, min(0.5, 0.01 * 2**attempt)))  # noqa: S311


class Database:
    """The store handle every use case takes: an engine and its sessions, the clock, the bus
    that delivers events after commit, and what the composition root attached (`extensions`,
    e.g. governance's rule registry)."""

    def __init__(self, engine: Engine, clock: Clock | None = None) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.clock: Clock = clock or SystemClock()
        self.events = EventBus()
        self.extensions: dict[str, Any] = {}

    @classmethod
    def from_url(cls, url: str, clock: Clock | None = None) -> Database:
        return cls(make_engine(url), clock)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back everything on any error. Events
        published in it are delivered once it has committed, and never if it rolled back."""
        with self._sessions() as session:
            session.info[CLOCK_KEY] = self.clock
            with session.begin():
                session.connection(execution_options={"openbook_write": True})
                yield session
            events = take_pending(session)
        self.events.deliver(events)

    def write(self, work: Callable[[Session], T], attempts: int = WRITE_ATTEMPTS) -> T:
        """Run `work` in one transaction, as `transaction()` does, and run it again from the
        start when it lost a race with a concurrent writer (a unique violation on a version
        or reference it numbered, a serialization failure or deadlock on PostgreSQL): the
        rerun reads what the winner committed, so neither write is lost. `work` must only
        touch the session (it may run more than once); events are delivered once, after the
        commit that succeeded. Any other error, or the last attempt's, is raised."""
        for attempt in range(1, attempts + 1):
            try:
                with self._sessions() as session:
                    session.info[CLOCK_KEY] = self.clock
                    with session.begin():
                        session.connection(execution_options={"openbook_write": True})
                        result = work(session)
                    events = take_pending(session)
            except DBAPIError as error:
                if attempt == attempts or not is_write_race(error):
                    raise
                _pause_before(attempt)
                continue
            self.events.deliver(events)
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            session.info[CLOCK_KEY] = self.clock
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def initialise_store(db: Database) -> tuple[str | None, str | None]:
    """Apply pending migrations (the kernel's and every wired feature's); returns (revision
    before, revision after)."""
    before = current_revision(db.engine)
    upgrade_to_head(db.engine, db.extensions.get(MIGRATION_LOCATIONS, ()))
    return before, current_revision(db.engine)


def is_store_current(db: Database) -> bool:
    if is_store_up_to_date(db):
        return True  # the quick answer, without Alembic
    head = head_revision(db.engine, db.extensions.get(MIGRATION_LOCATIONS, ()))
    return current_revision(db.engine) == head


REVISION = re.compile(r"^revision(?:\s*:[^=]+)?\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
DOWN_REVISION = re.compile(r"^down_revision(?:\s*:[^=]+)?\s*=(.*)$", re.MULTILINE)
QUOTED = re.compile(r"[\"']([^\"']+)[\"']")


def declared_heads(locations: tuple[Path, ...] = ()) -> frozenset[str]:
    """The newest revision of every branch as the migration files declare them, read as
    text (a few milliseconds; importing Alembic to ask it takes most of a second)."""
    revisions: set[str] = set()
    replaced: set[str] = set()
    for folder in (MIGRATIONS_DIR / "versions", *locations):
        for path in sorted(folder.glob("*.py")):
            text = path.read_text(encoding="utf-8")
            if (found := REVISION.search(text)) is not None:
                revisions.add(found.group(1))
            if (down := DOWN_REVISION.search(text)) is not None:
                replaced.update(QUOTED.findall(down.group(1)))
    return frozenset(revisions - replaced)


def applied_revisions(engine: Engine) -> frozenset[str]:
    """The rows of Alembic's version table, read with plain SQL (none: not migrated)."""
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return frozenset()
        rows = connection.execute(text("SELECT version_num FROM alembic_version"))
        return frozenset(str(row[0]) for row in rows)


def is_store_up_to_date(db: Database) -> bool:
    """Whether every branch is at its head, asked without Alembic; False sends the caller
    to Alembic itself (which migrates, or says precisely what is missing)."""
    heads = declared_heads(db.extensions.get(MIGRATION_LOCATIONS, ()))
    return bool(heads) and applied_revisions(db.engine) == heads


def redact_url(url: str) -> str:
    """Hide a password in a database URL before showing it."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else url
