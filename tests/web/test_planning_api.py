"""The planning REST API answers with the CLI's JSON, stores versions, and lists every
problem of a bad scenario with a 422."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from openbook.cli import app as cli_app
from openbook.kernel.database import Database
from tests.web.test_api import auth, token_for

EXAMPLES = Path(__file__).parents[2] / "examples" / "planning"
ONE_PERCENT = EXAMPLES / "dorset_one_percent.json"
NAME = "Dorset: flat cash in 2018/19, then +1% from 2019/20"


def test_calculate_matches_the_cli(app: FastAPI, sqlite_demo_db: Database) -> None:
    headers = auth(token_for(sqlite_demo_db, "rbd.viewer"))
    response = TestClient(app).post(
        "/api/v1/planning/calculate", json=json.loads(ONE_PERCENT.read_text()), headers=headers
    )
    assert response.status_code == 200
    cli = CliRunner().invoke(cli_app, ["plan", "scenario", str(ONE_PERCENT), "--format", "json"])
    assert response.json() == json.loads(cli.stdout)
    bridge = TestClient(app).get("/api/v1/planning/dorset-bridge", headers=headers).json()
    assert bridge["bridges"][0]["gap"] == "-223000000.00"


def test_a_bad_scenario_is_422_with_every_problem(app: FastAPI, sqlite_demo_db: Database) -> None:
    headers = auth(token_for(sqlite_demo_db, "system.lead"))
    bad = json.loads((EXAMPLES / "bad_scenario.json").read_text())
    before = TestClient(app).get("/api/v1/planning/scenarios", headers=headers).json()
    response = TestClient(app).post("/api/v1/planning/scenarios", json=bad, headers=headers)
    assert response.status_code == 422
    issues = response.json()["error"]["issues"]
    assert len(issues) == 9
    assert {"location": "body:$.organisations[2].pay"}.items() <= issues[6].items()
    assert TestClient(app).get("/api/v1/planning/scenarios", headers=headers).json() == before


def test_store_copy_amend_compare_and_tornado(app: FastAPI, sqlite_demo_db: Database) -> None:
    client = TestClient(app)
    lead = auth(token_for(sqlite_demo_db, "system.lead"))
    viewer = auth(token_for(sqlite_demo_db, "rd3.viewer"))
    document = json.loads(ONE_PERCENT.read_text())
    assert (
        client.post("/api/v1/planning/scenarios", json=document, headers=viewer).status_code == 403
    )
    created = client.post("/api/v1/planning/scenarios", json=document, headers=lead)
    assert (created.status_code, created.json()["version"]) == (201, 1)
    path = f"/api/v1/planning/scenarios/{quote(NAME, safe='')}"
    copy = client.post(f"{path}/copy", json={"new_name": "Flat cash"}, headers=lead)
    assert copy.json()["copied_from"] == f"{NAME} v1"
    amended = client.post(
        "/api/v1/planning/scenarios/Flat%20cash/assumptions",
        json={"assumptions": {"uplift_pct": 0}, "expected_version": 1},
        headers=lead,
    )
    assert amended.json()["version"] == 2
    stale = client.post(
        "/api/v1/planning/scenarios/Flat%20cash/assumptions",
        json={"assumptions": {"uplift_pct": 0}, "expected_version": 1},
        headers=lead,
    )
    assert stale.status_code == 409
    rows = client.get(
        "/api/v1/planning/compare", params={"a": "Flat cash", "b": NAME}, headers=viewer
    ).json()["rows"]
    system = {r["financial_year"]: r["gap_change"] for r in rows if r["name"] == "System"}
    assert system["2019/20"] == "12970000.00"
    assert client.get(f"{path}/tornado", headers=viewer).json()["bars"][0]["assumption"] == (
        "activity_growth_pct"
    )
    assert (
        len(client.get("/api/v1/planning/scenarios/Flat%20cash/history", headers=viewer).json())
        == 2
    )
    assert client.get("/api/v1/planning/scenarios/Nothing", headers=viewer).status_code == 404


def test_sharing_targets_matches_the_cli_from_a_body_and_from_the_store(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    client = TestClient(app)
    lead = auth(token_for(sqlite_demo_db, "system.lead"))
    two_trusts = EXAMPLES / "sharing_two_trusts.json"
    document = json.loads(two_trusts.read_text())
    shared = client.post("/api/v1/planning/share", json=document, headers=lead)
    cli = CliRunner().invoke(cli_app, ["plan", "share", str(two_trusts), "--format", "json"])
    assert shared.status_code == 200 and cli.exit_code == 0
    assert shared.json() == json.loads(cli.stdout)
    assert shared.json()["years"][0]["organisations"][0]["annual_cip_pct_shared"] <= 4
    nobody = client.post("/api/v1/planning/share?willing=RBD", json=document, headers=lead)
    assert nobody.json()["years"][0]["status"] == "infeasible"
    client.post("/api/v1/planning/scenarios", json=document, headers=lead)
    path = "/api/v1/planning/scenarios/" + quote(document["name"], safe="") + "/share"
    stored = client.get(path, headers=lead).json()
    assert stored == {"version": 1, **shared.json()}
