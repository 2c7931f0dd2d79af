"""`openbook spc annotate|rebase|agree|withdraw|annotations|chart`: two people, one rebase."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from openbook.cli import app
from tests.cli.conftest import as_user

runner = CliRunner()


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_annotate_propose_agree_and_draw(demo_env: dict[str, str], tmp_path: Path) -> None:
    lead, deputy = as_user(demo_env, "system.lead"), as_user(demo_env, "system.deputy")
    code, out, _ = run(
        lead,
        "spc",
        "annotate",
        "--system",
        "QVV",
        "--chart",
        "ae-4h/RBD",
        "--date",
        "2017-10",
        "--label",
        "Front-door streaming",
    )
    assert code == 0 and out.startswith("N-QVV-0001: annotation on ae-4h/RBD from 2017-10-01")
    code, out, _ = run(
        lead,
        "spc",
        "rebase",
        "--system",
        "QVV",
        "--chart",
        "ae-4h/RBD",
        "--from",
        "2017-10",
        "--reason",
        "streaming",
        "-f",
        "json",
    )
    assert code == 0 and json.loads(out)["status"] == "proposed"
    code, _, err = run(lead, "spc", "agree", "N-QVV-0002")
    assert code == 2 and "a second person agrees it" in err
    code, out, _ = run(deputy, "spc", "agree", "n-qvv-0002", "--reason", "seen it")
    assert code == 0 and "agreed" in out
    code, out, _ = run(lead, "spc", "annotations", "--system", "QVV", "-f", "json")
    notes = json.loads(out)["notes"]
    assert [(n["ref"], n["status"], n["agreed_by"]) for n in notes] == [
        ("N-QVV-0001", "recorded", None),
        ("N-QVV-0002", "agreed", "system.deputy"),
    ]
    chart = tmp_path / "rbd.svg"
    code, out, err = run(
        lead,
        "spc",
        "chart",
        "--system",
        "QVV",
        "--chart",
        "ae-4h/RBD",
        "-y",
        "2018/19",
        "-m",
        "12",
        "--out",
        str(chart),
        "-f",
        "json",
    )
    assert code == 0 and chart.read_text().startswith("<svg")
    drawn = json.loads(out)
    assert "limits recalculated from October 2017" in drawn["description"]
    assert {p["group"] for p in drawn["points"] if p["x"] >= "2017-10-01"} == {1}
    code, out, _ = run(lead, "spc", "withdraw", "N-QVV-0002", "--reason", "wrong month")
    assert code == 0 and "withdrawn" in out


def test_bad_input_is_named(demo_env: dict[str, str]) -> None:
    lead = as_user(demo_env, "system.lead")
    code, _, err = run(
        lead,
        "spc",
        "rebase",
        "--system",
        "QVV",
        "--chart",
        "ae-4h/RBD",
        "--from",
        "October",
        "--reason",
        "x",
    )
    assert code == 2 and "--from 'October' is not a date" in err
    code, _, err = run(
        lead, "spc", "chart", "--system", "QVV", "--chart", "ae-4h/*", "-y", "2018/19", "-m", "12"
    )
    assert code == 2 and "without '*'" in err
