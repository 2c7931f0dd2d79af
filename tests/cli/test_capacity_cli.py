"""`openbook capacity`: the issue's JSON, exit codes and every problem on stderr."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from openbook.cli import app

runner = CliRunner()
ROW_KEYS = ["beds", "p_delay", "occupancy", "ci_low", "ci_high"]
QUICK = ["--replications", "3", "--days", "120", "--warm-up-days", "30", "--workers", "1"]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["capacity", *args])
    return result.exit_code, result.stdout, result.stderr


def test_beds_erlang_json_is_exactly_the_issues_shape() -> None:
    code, out, _ = run(
        "beds",
        "--arrivals-per-day",
        "1.5311",
        "--mean-stay-days",
        "5.32",
        "--beds",
        "9..14",
        "--method",
        "erlang-b",
        "--format",
        "json",
    )
    assert code == 0
    body = json.loads(out)
    assert list(body) == ["method", "offered_load", "rows"]
    assert body["method"] == "erlang-b" and body["offered_load"] == 8.145452
    assert [list(row) for row in body["rows"]] == [ROW_KEYS] * 6
    assert [row["beds"] for row in body["rows"]] == [9, 10, 11, 12, 13, 14]
    assert body["rows"][1]["p_delay"] == 0.128271 and body["rows"][1]["ci_low"] is None


def test_beds_simulation_has_confidence_intervals(tmp_path: Path) -> None:
    workbook, chart = tmp_path / "beds.xlsx", tmp_path / "beds.svg"
    code, out, err = run(
        "beds",
        "--arrivals-per-day",
        "2",
        "--mean-stay-days",
        "3",
        "--beds",
        "7,9",
        "--method",
        "simulation",
        *QUICK,
        "--format",
        "json",
        "--xlsx",
        str(workbook),
        "--chart",
        str(chart),
    )
    assert code == 0, err
    rows = json.loads(out)["rows"]
    assert all(r["ci_low"] <= r["p_delay"] <= r["ci_high"] for r in rows)
    assert workbook.read_bytes()[:2] == b"PK" and chart.read_text().startswith("<svg")


def test_beds_table() -> None:
    code, out, _ = run(
        "beds",
        "--arrivals-per-day",
        "1.5311",
        "--mean-stay-days",
        "5.32",
        "--beds",
        "10",
        "--method",
        "erlang-b",
    )
    assert code == 0 and "1 in 8" in out and "Erlang B" in out


def test_bad_bed_range_exits_2_with_the_problem() -> None:
    code, out, err = run(
        "beds", "--arrivals-per-day", "1", "--mean-stay-days", "5", "--beds", "14..9"
    )
    assert code == 2 and out == ""
    assert err.strip() == (
        "error: --beds: '14..9' runs backwards; expected FROM..TO with FROM "
        "no more than TO, like 9..14"
    )


def test_every_bad_option_at_once() -> None:
    code, _, err = run(
        "beds",
        "--arrivals-per-day",
        "0",
        "--mean-stay-days",
        "-1",
        "--beds",
        "9",
        "--method",
        "simulation",
        "--replications",
        "1",
    )
    assert code == 2
    assert err.strip().splitlines() == [
        "error: --arrivals-per-day: is 0; expected a positive number of arrivals a day",
        "error: --mean-stay-days: is -1; expected a positive number of days",
        "error: --replications: is 1; expected at least 2, for a confidence interval",
    ]


def test_stroke_pathway_json_has_the_same_rows_for_each_unit(tmp_path: Path) -> None:
    code, out, err = run(
        "stroke-pathway",
        "--acute-beds",
        "9..14",
        "--rehab-beds",
        "14",
        *QUICK,
        "--one-in",
        "50",
        "--format",
        "json",
        "--xlsx",
        str(tmp_path / "s.xlsx"),
        "--occupancy-chart",
        str(tmp_path / "occupancy.svg"),
    )
    assert code == 0, err
    body = json.loads(out)
    assert body["method"] == "occupancy" and body["replications"] == 3
    acute, rehab = body["units"]
    assert (acute["unit"], rehab["unit"]) == ("acute", "rehab")
    assert [r["beds"] for r in acute["rows"]] == list(range(9, 15))
    assert [r["beds"] for r in rehab["rows"]] == [14]
    assert all(list(r) == ROW_KEYS for unit in body["units"] for r in unit["rows"])
    assert acute["beds_needed"][0]["one_in"] == 50
    assert (tmp_path / "s.xlsx").exists() and (tmp_path / "occupancy.svg").exists()


def test_stroke_pathway_queue_method() -> None:
    code, out, err = run(
        "stroke-pathway",
        "--acute-beds",
        "10,12",
        "--rehab-beds",
        "14",
        "--method",
        "queue",
        *QUICK,
        "--format",
        "json",
    )
    assert code == 0, err
    assert json.loads(out)["method"] == "queue"


def test_stroke_pathway_bad_parameter_file_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "params.json"
    path.write_text(json.dumps({"simulation_parameters": {}}))
    code, _, err = run("stroke-pathway", str(path), *QUICK)
    assert code == 1
    assert (
        "params.json:$.simulation_parameters.asu_arrival_stroke: is missing; expected an "
        "Exponential distribution" in err
    )


def test_cath_labs_json() -> None:
    code, out, err = run(
        "cath-labs", "--replications", "2", "--weeks", "2", "--workers", "1", "--format", "json"
    )
    assert code == 0, err
    body = json.loads(out)
    assert body["policy"] == "priority" and body["replications"] == 2
    assert {r["configuration"] for r in body["rows"]} == {"separate", "pooled"}


def test_cath_labs_table_and_policy(tmp_path: Path) -> None:
    code, out, err = run(
        "cath-labs",
        "--replications",
        "2",
        "--weeks",
        "2",
        "--workers",
        "1",
        "--policy",
        "deadline",
        "--xlsx",
        str(tmp_path / "labs.xlsx"),
    )
    assert code == 0, err
    assert "deadline policy" in out and "urgent wait, mean (hours)" in out


def test_cath_labs_bad_file_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "labs.json"
    path.write_text("[]")
    code, _, err = run("cath-labs", str(path))
    assert code == 1
    assert "labs.json:$: is []; expected an object describing the cath-lab scenario" in err


def test_pooling_default_dorset_stroke_units() -> None:
    code, out, _ = run("pooling", "--format", "json")
    assert code == 0
    body = json.loads(out)
    assert (body["separate_beds"], body["pooled_beds"], body["beds_saved"]) == (44, 34, 10)


def test_pooling_simulated_table() -> None:
    code, out, err = run("pooling", *QUICK, "--target-one-in", "20", "--method", "erlang-c")
    assert code == 0, err
    assert "placed away" in out and "fewer) for the same target" in out


def test_pooling_bad_target_exits_2() -> None:
    code, _, err = run("pooling", "--target-one-in", "0.5")
    assert code == 2
    assert err.strip() == (
        "error: --target-one-in: is 0.5; expected a number above 1, like 50 for 1 in 50"
    )
