"""R0D's history joins RD3's and RDZ's at 1 October 2020, each month counted once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openbook.compose import from_url
from openbook.finance.position_report import get_system_position
from openbook.kernel.period import FinancialYear
from openbook.regime.lineage import get_joined_history

YEAR = FinancialYear(2020)


def test_r0d_joins_rd3_and_rdz_at_the_merger_without_double_counting(
    recent_env: dict[str, str],
) -> None:
    db = from_url(recent_env["OPENBOOK_DATABASE_URL"])
    try:
        history = get_joined_history(db, "R0D", [YEAR])
        position = get_system_position(db, "QVV", YEAR, 12)
        september = get_system_position(db, "QVV", YEAR, 6)
    finally:
        db.dispose()
    assert [h.reported_by for h in history] == [("RD3", "RDZ")] * 6 + [("R0D",)] * 6
    assert all(h.missing == () for h in history)
    ytd = {p.code: p.ytd_actual for p in position.organisations}
    joined = sum((h.in_month for h in history), Decimal(0))
    assert joined == ytd["RD3"] + ytd["RDZ"] + ytd["R0D"]  # each month once
    # The system's year is each member once: RD3 and RDZ by their final (M6) returns.
    assert position.position.ytd_actual == sum(ytd.values(), Decimal(0))
    h1 = {p.code: p.ytd_actual for p in september.organisations}
    assert (ytd["RD3"], ytd["RDZ"]) == (h1["RD3"], h1["RDZ"])
    assert "R0D" not in h1  # no successor before its first month


def test_an_organisation_without_predecessors_is_its_own_history(
    recent_env: dict[str, str],
) -> None:
    db = from_url(recent_env["OPENBOOK_DATABASE_URL"])
    try:
        history = get_joined_history(db, "RBD", [FinancialYear(2025)])
    finally:
        db.dispose()
    assert {h.reported_by for h in history} == {("RBD",)}


def test_the_golden_files_are_mains_output() -> None:
    assert (Path(__file__).parent / "data" / "README.md").is_file()


def test_the_lineage_command(recent_env: dict[str, str]) -> None:
    from typer.testing import CliRunner

    from openbook.cli import app

    result = CliRunner().invoke(
        app, ["regime", "lineage", "--org", "R0D", "--year", "2020/21"], env=recent_env
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("RD3 + RDZ") == 6 and result.stdout.count("│ R0D ") == 6
