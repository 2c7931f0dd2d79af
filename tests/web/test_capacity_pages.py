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
