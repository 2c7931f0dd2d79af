"""Shared fixtures: fresh stores on SQLite always, and on PostgreSQL when
OPENBOOK_TEST_DATABASE_URL is set (CI sets it)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine, create_engine, make_url, text

from openbook.compose import from_url
from openbook.demo.build import build_demo
from openbook.kernel.database import Database, initialise_store

# Property tests check answers, never speed: on a loaded machine (CI beside other jobs)
# input generation and examples may be slow, which is not a failure.
settings.register_profile("openbook", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("openbook")

POSTGRES_URL = os.environ.get("OPENBOOK_TEST_DATABASE_URL", "")


@pytest.fixture(scope="session", autouse=True)
def _own_data_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The per-user default store and var folder of a test run are its own, never the
    user's: a command run without OPENBOOK_DATABASE_URL finds them under a temporary
    XDG_DATA_HOME."""
    before = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("data-home"))
    yield
    if before is None:
        os.environ.pop("XDG_DATA_HOME", None)
    else:
        os.environ["XDG_DATA_HOME"] = before


BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


@pytest.fixture(scope="session")
def _sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Migrate once, build the demo once; each test gets a copy of the file."""
    folder = tmp_path_factory.mktemp("templates")
    empty, demo = folder / "empty.db", folder / "demo.db"
    db = from_url(f"sqlite:///{empty}")
    initialise_store(db)
    db.dispose()
    shutil.copy(empty, demo)
    db = from_url(f"sqlite:///{demo}")
    build_demo(db)
    db.dispose()
    return {"empty": empty, "demo": demo}


def _admin_engine() -> Engine:
    return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")


def _database_url(name: str) -> str:
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _postgres_templates() -> Iterator[dict[str, str]]:
    """Migrate once and build the demo once per test process, each in a database of its
    own; every test gets a copy made by PostgreSQL from that template (CREATE DATABASE
    ... TEMPLATE), which takes a fraction of a second instead of a demo build."""
    admin = _admin_engine()
    names = {kind: f"openbook_tpl_{kind}_{uuid.uuid4().hex[:10]}" for kind in ("empty", "demo")}
    for kind, name in names.items():
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        db = from_url(_database_url(name))
        initialise_store(db)
        if kind == "demo":
            build_demo(db)
        db.dispose()
    yield names
    with admin.connect() as connection:
        for name in names.values():
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _make_db(request: pytest.FixtureRequest, tmp_path: Path, kind: str) -> Iterator[Database]:
    if request.param == "sqlite":
        target = tmp_path / f"{kind}.db"
        templates = request.getfixturevalue("_sqlite_templates")
        shutil.copy(templates[kind], target)
        db = from_url(f"sqlite:///{target}")
        yield db
        db.dispose()
        return
    template = request.getfixturevalue("_postgres_templates")[kind]
    name = f"openbook_t_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    db = from_url(_database_url(name))
    yield db
    db.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated store."""
    yield from _make_db(request, tmp_path, "empty")


@pytest.fixture(params=BACKENDS)
def demo_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A store holding the Dorset demonstration system."""
    yield from _make_db(request, tmp_path, "demo")


@pytest.fixture
def sqlite_demo_db(_sqlite_templates: dict[str, Path], tmp_path: Path) -> Iterator[Database]:
    """The demonstration system on SQLite only, for tests about behaviour, not storage."""
    target = tmp_path / "demo.db"
    shutil.copy(_sqlite_templates["demo"], target)
    db = from_url(f"sqlite:///{target}")
    yield db
    db.dispose()


@pytest.fixture
def demo_template(_sqlite_templates: dict[str, Path]) -> Path:
    """The built demonstration store's file, for tests that need several fresh copies."""
    return _sqlite_templates["demo"]
