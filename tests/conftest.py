"""Shared fixtures: fresh stores on SQLite always, and on PostgreSQL when
OPENBOOK_TEST_DATABASE_URL is set (CI sets it)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from openbook.services.demo import build_demo
from openbook.services.setup import initialise_store
from openbook.store.database import Database

POSTGRES_URL = os.environ.get("OPENBOOK_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


@pytest.fixture(scope="session")
def _sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Migrate once, build the demo once; each test gets a copy of the file."""
    folder = tmp_path_factory.mktemp("templates")
    empty, demo = folder / "empty.db", folder / "demo.db"
    db = Database.from_url(f"sqlite:///{empty}")
    initialise_store(db)
    db.dispose()
    shutil.copy(empty, demo)
    db = Database.from_url(f"sqlite:///{demo}")
    build_demo(db)
    db.dispose()
    return {"empty": empty, "demo": demo}


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    """A fresh schema on the test PostgreSQL, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _make_db(request: pytest.FixtureRequest, tmp_path: Path, kind: str) -> Iterator[Database]:
    if request.param == "sqlite":
        target = tmp_path / f"{kind}.db"
        templates = request.getfixturevalue("_sqlite_templates")
        shutil.copy(templates[kind], target)
        db = Database.from_url(f"sqlite:///{target}")
    else:
        db = Database.from_url(request.getfixturevalue("postgres_schema_url"))
        initialise_store(db)
        if kind == "demo":
            build_demo(db)
    yield db
    db.dispose()


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
    db = Database.from_url(f"sqlite:///{target}")
    yield db
    db.dispose()
