"""`openbook regime pay` on the demonstration with its recent years: the same JSON as the
API's workforce-pay, a table, and a refusal for a year without a CCW return."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from openbook.cli import app

runner = CliRunner()
ARGS = ["regime", "pay", "--system", "QVV", "--year"]


def test_agency_share_month_by_month_against_the_ceiling(recent_env: dict[str, str]) -> None:
    result = runner.invoke(app, [*ARGS, "2026/27", "--month", "6", "-f", "json"], env=recent_env)
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["ceiling"]["agency_pct_of_pay"] == "1.90"  # 2.71% less 30%
    assert payload["above_ceiling"] == ["11J", "R0D", "RYF"]
    rbd = next(o for o in payload["organisations"] if o["code"] == "RBD")
    assert [m["agency_pct_of_pay"] for m in rbd["months"]] == [
        "1.73",
        "1.74",
        "1.75",
        "1.74",
        "1.74",
        "1.75",
    ]
    table = runner.invoke(app, [*ARGS, "2026/27", "--month", "6"], env=recent_env)
    assert table.exit_code == 0
    assert "QVV (system)" in table.stdout and "Ceiling 1.90%" in table.stdout


def test_a_control_total_year_is_refused(recent_env: dict[str, str]) -> None:
    result = runner.invoke(app, [*ARGS, "2017/18", "--month", "6"], env=recent_env)
    assert result.exit_code == 2
    assert "keep the control-total shape" in result.stderr
