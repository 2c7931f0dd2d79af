"""The capacity page shows the CLI's numbers and names a bad field with a 400."""

from __future__ import annotations

import json

from fastapi import FastAPI
from typer.testing import CliRunner

from openbook.cli import app as cli_app
from tests.web.conftest import signed_in

PARAMS = {"arrivals_per_day": "1.2", "mean_stay_days": "7", "beds": "9..14", "method": "erlang-b"}


def test_capacity_page_shows_the_cli_numbers(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    page = client.get("/capacity", params=PARAMS)
    assert page.status_code == 200
    cli = CliRunner().invoke(
        cli_app,
        [
            "capacity",
            "beds",
            "--arrivals-per-day",
            "1.2",
            "--mean-stay-days",
            "7",
            "--beds",
            "9..14",
            "--method",
            "erlang-b",
            "--format",
            "json",
        ],
    )
    expected = json.loads(cli.stdout)
    csv = client.get("/capacity", params={**PARAMS, "download": "beds.csv"})
    assert csv.status_code == 200
    lines = csv.text.strip().splitlines()[1:]
    assert len(lines) == 6
    for line, row in zip(lines, expected["rows"], strict=True):
        beds, p_delay, occupancy = line.split(",")
        assert int(beds) == row["beds"]
        assert abs(float(p_delay) - row["p_delay"]) < 1e-6
        assert abs(float(occupancy) - row["occupancy"]) < 1e-6
        assert f"{round(row['p_delay'], 6)}" in page.text


def test_capacity_page_names_a_bad_field(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    for field, value in [
        ("arrivals_per_day", "x"),
        ("mean_stay_days", "-1"),
        ("beds", "nine"),
        ("method", "simulation"),
    ]:
        response = client.get("/capacity", params={**PARAMS, field: value})
        assert response.status_code == 400, field
        assert value in response.text


def test_stroke_units_page_shows_the_cli_options(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    page = client.get("/stroke-units")
    assert page.status_code == 200
    cli = CliRunner().invoke(cli_app, ["stroke-units", "dorset", "--format", "json"])
    expected = json.loads(cli.stdout)["options"]
    csv = client.get("/stroke-units", params={"download": "options.csv"})
    lines = csv.text.strip().splitlines()[1:]
    assert len(lines) == len(expected)
    for line, option in zip(lines, expected, strict=True):
        assert option["label"] in line
        assert (
            f"{option['mean_time_min']},{option['max_time_min']},{option['pct_within_30']}" in line
        )
        assert option["label"] in page.text


def test_stroke_units_evaluate_equals_the_cli(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    page = client.get("/stroke-units", params={"units": "BH77DW,DT12JY"})
    assert page.status_code == 200
    cli = CliRunner().invoke(
        cli_app,
        [
            "stroke-units",
            "evaluate",
            "--region",
            "E38000045",
            "--units",
            "BH77DW,DT12JY",
            "--format",
            "json",
        ],
    )
    expected = json.loads(cli.stdout)
    csv = client.get(
        "/stroke-units", params={"units": "BH77DW,DT12JY", "download": "evaluation.csv"}
    )
    line = csv.text.strip().splitlines()[1]
    assert f"{expected['mean_time_min']},{expected['max_time_min']}" in line
    assert f"{expected['pct_within_60']}" in line


def test_stroke_units_form_names_a_bad_field(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    for params, field_text in [
        ({"units": "not a postcode!"}, "the units must be postcodes"),
        ({"units": "BH77DW", "min_admissions": "many"}, "the minimum admissions must"),
        ({"units": "BH77DW,DT12JY", "forced": "yes"}, "exactly one unit"),
    ]:
        response = client.get("/stroke-units", params=params)
        assert response.status_code == 400, params
        assert field_text in response.text.lower()
