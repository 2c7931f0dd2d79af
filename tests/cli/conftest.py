"""CLI fixtures: an environment pointing the command line at a copy of the demo store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def demo_env(_sqlite_templates: dict[str, Path], tmp_path: Path) -> dict[str, str]:
    target = tmp_path / "openbook.db"
    shutil.copy(_sqlite_templates["demo"], target)
    return {"OPENBOOK_DATABASE_URL": f"sqlite:///{target}", "OPENBOOK_ACTOR": "analyst"}
