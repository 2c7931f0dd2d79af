"""Fixtures: the command-line environment of tests/cli, and the demonstration with its
recent years (2020/21 to 2026/27) built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from openbook.compose import from_url
from openbook.demo.recent import build_recent_demo
from tests.cli.conftest import demo_env

__all__ = ["demo_env"]


@pytest.fixture(scope="session")
def _recent_template(
    _sqlite_templates: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    target = tmp_path_factory.mktemp("recent") / "recent.db"
    shutil.copy(_sqlite_templates["demo"], target)
    db = from_url(f"sqlite:///{target}")
    assert build_recent_demo(db)
    db.dispose()
    return target


@pytest.fixture
def recent_env(_recent_template: Path, tmp_path: Path) -> dict[str, str]:
    target = tmp_path / "openbook.db"
    shutil.copy(_recent_template, target)
    return {
        "OPENBOOK_DATABASE_URL": f"sqlite:///{target}",
        "OPENBOOK_CREDENTIALS": str(tmp_path / "credentials.json"),
    }
