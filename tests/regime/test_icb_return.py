"""The commissioner's (ICB's) return: its allocation, programme spend and running costs
against the running cost allowance, in the CCW return; validated with the rest (every
problem at once, by row and column); the position line for the ICB."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from openbook.cli import app
from openbook.kernel.database import Database
from openbook.kernel.error import InvalidDataError
from openbook.regime.ccw_file import parse_ccw_bytes
from openbook.regime.ccw_submit import check_ccw_file
from openbook.regime.model.icb import calculate_icb_figures
from tests.regime.ccw_sample import icb_return, sample_bytes, sample_return

runner = CliRunner()
TODAY = date(2026, 12, 3)


def test_the_icbs_figures() -> None:
    figures = calculate_icb_figures(icb_return())
    assert figures is not None
    # Programme: £1,500,000k allocated, £1,501,200k forecast: £1,200k over.
    assert figures.programme_headroom == Decimal(-1_200_000)
    # Running costs: £17,500k forecast against an allowance of £17,340k: £160k over.
    assert figures.running_costs_headroom == Decimal(-160_000)
    assert figures.running_costs_within_allowance is False
    assert figures.running_costs_ytd == Decimal(8_600_000)
    assert calculate_icb_figures(sample_return()) is None  # a provider's has no ICB line


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_icb_return_reads_back_the_same(suffix: str) -> None:
    parsed, issues = parse_ccw_bytes(sample_bytes(icb_return(), suffix), f"11j{suffix}")
    assert issues == []
    assert parsed == icb_return()


def test_every_problem_of_the_icb_section_at_once() -> None:
    text = sample_bytes(icb_return()).decode("utf-8-sig")
    lines = text.splitlines()
    kept = [line for line in lines if ",icb.spend.running_costs," not in line]
    text = "\n".join(kept).replace("17340000.00,8670000.00", "0,8670000.00")
    text = text.replace("749500000.00", '"749,5OO,000"')
    _, issues = parse_ccw_bytes(text.encode(), "11j.csv")
    assert [str(issue) for issue in issues] == [
        "11j.csv:26:G: 'actual' is '749,5OO,000'",
        "11j.csv: is missing line(s) icb.spend.running_costs",
        "11j.csv:25:F: the running cost allowance is 0.00",
    ]
    assert issues[0].expected == "an amount in pounds like 1250000.00"
    assert issues[2].expected == "the year's allowance, more than 0"


def _write(tmp_path: Path, data: bytes, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_only_a_commissioner_reports_the_icb_lines_and_it_must(
    demo_db: Database, tmp_path: Path
) -> None:
    without = _write(tmp_path, sample_bytes(sample_return("11J", "2025/26", 6)), "11j.csv")
    with pytest.raises(InvalidDataError) as caught:
        check_ccw_file(demo_db, without, TODAY)
    assert [i.message for i in caught.value.issues] == [
        "11J is a commissioner: its return needs the ICB lines icb.allocation.programme, "
        "icb.allocation.running_costs, icb.spend.programme, icb.spend.running_costs"
    ]
    trust = _write(tmp_path, sample_bytes(icb_return("RBD")), "rbd.csv")
    with pytest.raises(InvalidDataError) as caught:
        check_ccw_file(demo_db, trust, TODAY)
    assert [i.message for i in caught.value.issues] == [
        "RBD is not a commissioner: the icb.* lines are an ICB's alone"
    ]
    assert check_ccw_file(demo_db, _write(tmp_path, sample_bytes(icb_return()), "ok.csv"), TODAY)


def test_the_icbs_template_has_its_section(demo_env: dict[str, str], tmp_path: Path) -> None:
    blank = tmp_path / "11j.csv"
    args = ["--org", "11J", "--year", "2025/26", "--month", "6", "-o", str(blank)]
    result = runner.invoke(app, ["regime", "template", *args], env=demo_env)
    assert result.exit_code == 0, result.stderr
    assert "(50 lines)" in result.stdout  # the 22 CCW lines, the ICB's 4, 24 by staff group
    assert ",icb.allocation.running_costs,ICB: running cost allowance," in blank.read_text()


def _position(env: dict[str, str], year: str, *extra: str) -> str:
    args = ["position", "--system", "QVV", "--year", year, "--month", "6", *extra]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_icbs_position_line(recent_env: dict[str, str]) -> None:
    # SYNTHETIC, demo --recent: 11J plans £17,000k of running costs; its allowance is 102% of
    # that in 2024/25 (£17,340k: £340k within) and 95% in 2025/26 (£16,150k: £850k over).
    for year, allowance, headroom, within in (
        ("2024/25", "17340000.00", "340000.00", True),
        ("2025/26", "16150000.00", "-850000.00", False),
    ):
        orgs = {o["org_code"]: o for o in json.loads(_position(recent_env, year, "-f", "json"))[
            "organisations"]}  # fmt: skip
        icb = orgs["11J"]["icb_return"]
        assert icb["running_costs_forecast"] == "17000000.00"
        assert (icb["running_cost_allowance"], icb["running_costs_headroom"]) == (
            allowance,
            headroom,
        )
        assert icb["running_costs_within_allowance"] is within
        assert orgs["RBD"]["icb_return"] is None
    table = " ".join(_position(recent_env, "2025/26").split())
    assert (
        "11J running costs: forecast £17,000k against a running cost allowance of £16,150k, "
        "£850k over it;" in table
    )


def test_the_cli_refuses_an_icb_return_without_its_section(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    path = _write(tmp_path, sample_bytes(sample_return("11J", "2025/26", 6)), "11j.csv")
    result = runner.invoke(app, ["regime", "check", str(path)], env=demo_env)
    assert result.exit_code == 1
    errors = " ".join(result.stderr.split())
    assert "11J is a commissioner: its return needs the ICB lines" in errors
    assert "nothing was stored" in errors
