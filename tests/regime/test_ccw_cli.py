"""`openbook regime template|check|submit|history` as a finance team uses them."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from openbook.cli import app
from tests.cli.conftest import as_user
from tests.regime.ccw_sample import sample_bytes, sample_return

runner = CliRunner()


def test_template_check_submit_history(demo_env: dict[str, str], tmp_path: Path) -> None:
    blank = tmp_path / "blank.xlsx"
    args = ["--org", "RBD", "--year", "2025/26", "--month", "6"]
    result = runner.invoke(app, ["regime", "template", *args, "-o", str(blank)], env=demo_env)
    assert result.exit_code == 0, result.stderr
    assert "Wrote" in result.stdout and "(46 lines)" in result.stdout  # 22 and 24 by staff group
    filled = tmp_path / "rbd-ccw.csv"
    filled.write_bytes(sample_bytes(sample_return("RBD", "2025/26", 6)))
    result = runner.invoke(app, ["regime", "check", str(filled)], env=demo_env)
    assert result.exit_code == 0, result.stderr
    assert "valid capital, cash and workforce return for RBD 2025/26 M6" in result.stdout
    env = as_user(demo_env, "rbd.submitter")
    result = runner.invoke(app, ["regime", "submit", str(filled)], env=env)
    assert result.exit_code == 0, result.stderr
    assert "Stored RBD 2025/26 M6 CCW return as version 1." in result.stdout
    result = runner.invoke(app, ["regime", "history", *args], env=demo_env)
    assert result.exit_code == 0 and "6,500" in result.stdout


def test_a_bad_return_exits_1_with_every_problem(demo_env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    text = sample_bytes(sample_return("RBD", "2025/26", 6)).decode("utf-8-sig")
    bad.write_text(text.replace("8500000.00", "85OO000").replace("wte.bank,", "wte.locum,"))
    result = runner.invoke(app, ["regime", "check", str(bad)], env=demo_env)
    assert result.exit_code == 1
    errors = " ".join(result.stderr.split())
    assert "3 problem(s) found; nothing was stored." in errors
    assert "'actual' is '85OO000'" in errors and "'wte.locum' is not a line" in errors
    assert "is missing line(s) wte.bank" in errors
