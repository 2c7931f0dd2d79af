"""`openbook regime list|show`: exit codes and the error for a year without a regime."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from openbook.cli import app

runner = CliRunner()


def test_list_shows_every_year() -> None:
    result = runner.invoke(app, ["regime", "list", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    years = [r["financial_year"] for r in json.loads(result.stdout)]
    assert years[0] == "2017/18" and years[-1] == "2026/27" and len(years) == 10


def test_show_a_year_with_its_source() -> None:
    result = runner.invoke(app, ["regime", "show", "2026/27"])
    assert result.exit_code == 0, result.stderr
    assert "every ICB and every NHS trust must break even as an individual body" in " ".join(
        result.stdout.split()
    )
    assert "NHS finance business rules from 2026/27" in result.stdout


def test_show_a_year_without_a_regime_exits_2_naming_the_file(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["regime", "show", "2030/31"], env={"OPENBOOK_REGIME_DIR": str(tmp_path)}
    )
    assert result.exit_code == 2
    text = " ".join(result.stderr.split())
    assert "no finance regime for 2030/31" in text and "2030-31.yaml" in text


def test_local_rules_through_the_environment(tmp_path: Path) -> None:
    (tmp_path / "2026-27.yaml").write_text("local_rules: [System total held at breakeven]\n")
    result = runner.invoke(
        app, ["regime", "show", "2026/27", "-f", "json"], env={"OPENBOOK_REGIME_DIR": str(tmp_path)}
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["local_rules"] == ["System total held at breakeven"]
