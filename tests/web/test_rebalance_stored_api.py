"""Solving on a system's stored figures through the API gives exactly the command line's
answer (`openbook rebalance ... --system --format json`) on the Dorset demonstration."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from openbook.cli import app as cli
from openbook.kernel.database import Database
from tests.web.test_api import auth, token_for


@pytest.fixture
def api(app: FastAPI) -> TestClient:
    return TestClient(app)


def _cli_json(tmp_path: Path, *args: str) -> object:
    env = {
        "OPENBOOK_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",  # the app's store
        "OPENBOOK_CREDENTIALS": str(tmp_path / "credentials.json"),
    }
    result = CliRunner().invoke(cli, ["rebalance", *args, "--format", "json"], env=env)
    assert result.exit_code == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_transfers_from_the_store_equal_the_command_line(
    api: TestClient, sqlite_demo_db: Database, tmp_path: Path
) -> None:
    token = token_for(sqlite_demo_db, "rbd.viewer")
    body = {"year": "2017/18", "month": 12, "max_give": {"rdy": "700000"}, "materiality": "0"}
    response = api.post("/api/v1/systems/qvv/rebalance/transfers", json=body, headers=auth(token))
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["proven_optimal"] and answer["transfers"]
    assert sum(Decimal(t["amount"]) for t in answer["transfers"] if t["from"] == "RDY") <= 700_000
    expected = _cli_json(
        tmp_path, "transfers", "--system", "QVV", "--year", "2017/18", "--month", "12",
        "--max-give", "RDY=700000", "--materiality", "0",
    )  # fmt: skip
    assert answer == expected


def test_control_totals_from_the_store_equal_the_command_line(
    api: TestClient, sqlite_demo_db: Database, tmp_path: Path
) -> None:
    token = token_for(sqlite_demo_db, "rbd.viewer")
    body = {"year": "2018/19", "month": 6, "willing": ["RDZ", "RDY"], "max_take_on": {}}
    path = "/api/v1/systems/QVV/rebalance/control-totals"
    response = api.post(path, json=body, headers=auth(token))
    assert response.status_code == 200, response.text
    expected = _cli_json(
        tmp_path, "control-totals", "--system", "QVV", "--year", "2018/19", "--month", "6",
        "--willing", "RDZ,RDY",
    )  # fmt: skip
    assert response.json() == expected


def test_bad_requests_are_refused_with_every_problem(
    api: TestClient, sqlite_demo_db: Database
) -> None:
    token = token_for(sqlite_demo_db, "rbd.viewer")
    path = "/api/v1/systems/QVV/rebalance/transfers"
    assert api.post(path, json={"year": "2017/18", "month": 12}).status_code == 401
    bad = api.post(
        path, json={"year": "2017", "month": 13, "min_transfer": "-5"}, headers=auth(token)
    )
    assert bad.status_code == 422
    assert all(field in bad.text for field in ("year", "month", "min_transfer"))
    unknown = api.post(
        path, json={"year": "2017/18", "month": 12, "max_give": {"XXX": "5"}}, headers=auth(token)
    )
    assert unknown.status_code == 422 and "XXX" in unknown.text
    missing = api.post(
        "/api/v1/systems/NOPE/rebalance/transfers",
        json={"year": "2017/18", "month": 12},
        headers=auth(token),
    )
    assert missing.status_code in (404, 422), missing.text
