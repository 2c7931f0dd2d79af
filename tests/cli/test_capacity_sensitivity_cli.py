"""`openbook capacity stay-sensitivity`: beds needed rise as stays lengthen; bad input exits 2."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from openbook.cli import app

SHORT = ["--replications", "3", "--days", "365", "--warm-up-days", "100", "--workers", "1"]


def test_longer_stays_need_more_beds() -> None:
    result = CliRunner().invoke(
        app, ["capacity", "stay-sensitivity", "--stay-multipliers", "0.8,1.6", *SHORT,
              "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    for unit in ("acute", "rehab"):
        short, long = [r for r in rows if r["unit"] == unit]
        assert short["stay_multiplier"] == 0.8 and long["stay_multiplier"] == 1.6
        assert long["offered_load"] > short["offered_load"]
        for a, b in zip(short["beds_needed"], long["beds_needed"], strict=True):
            assert a["one_in"] == b["one_in"] and a["beds"] < b["beds"]
    table = CliRunner().invoke(app, ["capacity", "stay-sensitivity", *SHORT])
    assert table.exit_code == 0 and "1 in 50" in table.stdout


def test_bad_multipliers_exit_2_naming_the_option() -> None:
    result = CliRunner().invoke(app, ["capacity", "stay-sensitivity", "--stay-multipliers", "x"])
    assert result.exit_code == 2
    assert "--stay-multipliers" in result.output
