"""The default store is one per user, in the platform's data folder, whichever folder a
command is run from; OPENBOOK_DATABASE_URL (or OPENBOOK_VAR_DIR) chooses another."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from openbook.cli import app
from openbook.config import Settings, describe_settings


def test_the_default_store_is_in_the_users_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    settings = Settings.from_env({})
    assert settings.var_dir == tmp_path / "data" / "openbook"
    assert settings.database_url == f"sqlite:///{settings.var_dir / 'openbook.db'}"
    assert settings.uses_default_store
    chosen = Settings.from_env({"OPENBOOK_DATABASE_URL": "sqlite:///elsewhere.db"})
    assert chosen.database_url == "sqlite:///elsewhere.db" and not chosen.uses_default_store
    var = Settings.from_env({"OPENBOOK_VAR_DIR": str(tmp_path / "var")})
    assert var.database_url == f"sqlite:///{tmp_path / 'var' / 'openbook.db'}"
    assert var.uses_default_store


def test_the_documented_defaults_name_no_ones_home() -> None:
    defaults = {name: default for name, default, _ in describe_settings()}
    assert defaults["OPENBOOK_DATABASE_URL"] == "sqlite:///OPENBOOK_VAR_DIR/openbook.db"
    assert defaults["OPENBOOK_VAR_DIR"] == "~/.local/share/openbook"


def test_init_says_where_and_every_folder_finds_the_same_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("OPENBOOK_DATABASE_URL", raising=False)
    monkeypatch.delenv("OPENBOOK_VAR_DIR", raising=False)
    store = tmp_path / "data" / "openbook" / "openbook.db"
    runner = CliRunner()
    init = runner.invoke(app, ["init"])
    assert init.exit_code == 0, init.output
    said = init.stdout.replace("\n", " ")
    assert str(store) in said.replace(" ", "") or str(store) in said
    assert "your own store, which every openbook command uses from any folder" in said
    elsewhere = tmp_path / "another" / "folder"
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    found = runner.invoke(
        app, ["position", "--system", "QVV", "--year", "2017/18", "--month", "12"]
    )
    assert found.exit_code == 2
    assert f"store: {store} (SQLite)" in found.stderr.replace("\n", "")
    assert list(elsewhere.iterdir()) == []  # nothing created where it was run
