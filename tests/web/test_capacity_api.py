"""The capacity and stroke-unit REST API answers with the CLI's JSON, and names bad fields."""

from __future__ import annotations

import json

from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from openbook.cli import app as cli_app
from openbook.kernel.database import Database
from tests.web.test_api import auth, token_for


def test_beds_match_the_cli(app: FastAPI, sqlite_demo_db: Database) -> None:
    token = token_for(sqlite_demo_db, "rbd.viewer")
    response = TestClient(app).get(
        "/api/v1/capacity/beds",
        params={"arrivals_per_day": 1.2, "mean_stay_days": 7, "beds": "9..14"},
        headers=auth(token),
    )
    assert response.status_code == 200
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
            "erlang-c",
            "--format",
            "json",
        ],
    )
    assert cli.exit_code == 0, cli.output
    assert response.json() == json.loads(cli.stdout)
    assert [row["beds"] for row in response.json()["rows"]] == list(range(9, 15))


def test_bad_beds_are_named(app: FastAPI, sqlite_demo_db: Database) -> None:
    token = token_for(sqlite_demo_db, "rbd.viewer")
    response = TestClient(app).get(
        "/api/v1/capacity/beds",
        params={"arrivals_per_day": 1.2, "mean_stay_days": 7, "beds": "14..9"},
        headers=auth(token),
    )
    assert response.status_code == 422
    assert "beds" in response.text
