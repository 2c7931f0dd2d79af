"""`openbook spc` on the real Dorset A&E data: the icons a board paper would show, and charts."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from openbook.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "spc" / "dorset_ae_type1.csv"
ARGS = ["spc", str(EXAMPLE), "--value-col", "four_hour", "--date-col", "month"]


def test_four_hour_performance_icons_for_the_three_acute_trusts(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            *ARGS,
            "--facet-col",
            "trust",
            "--target",
            "0.95",
            "--format",
            "json",
            "--chart",
            str(tmp_path / "ae.svg"),
        ],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    icons = {row["f"]: (row["variation_icon"], row["assurance_icon"]) for row in body["icons"]}
    # Poole (RD3) never reliably met 95% in 2016-19; RBD's last months fell below its limits.
    assert icons["RD3"] == ("common_cause", "consistent_fail")
    assert icons["RBD"] == ("concern_low", "inconsistent")
    assert len(body["points"]) == 108
    svg = (tmp_path / "ae-RBD.svg").read_text()
    assert svg.startswith("<svg") and "RBD" in svg


def test_a_png_chart_and_csv_points(tmp_path: Path) -> None:
    chart = tmp_path / "rbd.png"
    data = tmp_path / "rbd.csv"
    rows = [line for line in EXAMPLE.read_text().splitlines() if ",RBD," in line]
    data.write_text("month,trust,attendances,breaches,four_hour\n" + "\n".join(rows) + "\n")
    result = CliRunner().invoke(
        app,
        [
            "spc",
            str(data),
            "--value-col",
            "four_hour",
            "--date-col",
            "month",
            "--format",
            "csv",
            "--chart",
            str(chart),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("y,x,f,trajectory,rebase_group")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_missing_column_is_a_clear_error() -> None:
    result = CliRunner().invoke(app, [*ARGS, "--facet-col", "provider"])
    assert result.exit_code == 1
    assert "column 'provider' is missing" in result.output


def test_every_non_numeric_value_is_reported_with_its_line(tmp_path: Path) -> None:
    data = tmp_path / "bad.csv"
    data.write_text(
        "month,value\n2018-04-01,0.9\n2018-05-01,n/a\n2018-06-01,0.91\n2018-07-01,ninety\n"
    )
    result = CliRunner().invoke(app, ["spc", str(data), "--date-col", "month"])
    assert result.exit_code == 1
    assert "'n/a'" in result.output and "'ninety'" in result.output
    assert "3" in result.output and "5" in result.output  # CSV lines of the two bad values
