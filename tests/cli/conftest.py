"""CLI fixtures: an environment pointing the command line at a copy of the demo store, and
the same environment signed in as a named demonstration user (a personal token)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from openbook.accounts.account import authenticate, create_token
from openbook.compose import from_url
from openbook.demo.users import DEMO_PASSWORD


@pytest.fixture
def demo_env(_sqlite_templates: dict[str, Path], tmp_path: Path) -> dict[str, str]:
    target = tmp_path / "openbook.db"
    shutil.copy(_sqlite_templates["demo"], target)
    return {
        "OPENBOOK_DATABASE_URL": f"sqlite:///{target}",
        "OPENBOOK_CREDENTIALS": str(tmp_path / "credentials.json"),
        "OPENBOOK_VAR_DIR": str(tmp_path / "var"),  # anchors of issued packs go there
    }


def as_user(env: dict[str, str], username: str) -> dict[str, str]:
    """The environment with OPENBOOK_TOKEN set to a fresh token of a demonstration user."""
    db = from_url(env["OPENBOOK_DATABASE_URL"])
    try:
        token, _ = create_token(db, authenticate(db, username, DEMO_PASSWORD), "tests")
    finally:
        db.dispose()
    return {**env, "OPENBOOK_TOKEN": token}
