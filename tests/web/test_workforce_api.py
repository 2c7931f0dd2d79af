"""The workforce API under /api/v1/workforce answers with the CLI's JSON, for the same store."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from openbook.cli import app as cli_app
from openbook.kernel.database import Database
from tests.web.test_api import auth, token_for


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(cli_app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def api(app: FastAPI, sqlite_demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("OPENBOOK_DATABASE_URL", str(sqlite_demo_db.engine.url))
    client = TestClient(app)
    client.headers.update(auth(token_for(sqlite_demo_db, "rbd.viewer")))
    return client


def get(api: TestClient, path: str, **params: str) -> Any:
    response = api.get(f"/api/v1/workforce{path}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_passport_api_answers_as_the_cli_does(api: TestClient) -> None:
    assert get(api, "/people") == cli_json("passport", "people")
    assert get(api, "/people", search="RD3") == cli_json("passport", "people", "--search", "RD3")
    s03 = get(api, "/people/S03")
    assert s03 == cli_json("passport", "person", "S03")
    assert s03["on"] == "2018-04-02" and s03["synthetic"] is True
    later = get(api, "/people/S12", on="2018-04-16")
    assert later == cli_json("passport", "person", "S12", "--on", "2018-04-16")
    place = get(api, "/eligibility", site="DCH", service="stroke", on="2018-04-16")
    assert place == cli_json(
        "passport", "eligibility", "dorset", "--shift", "DCH/stroke", "--on", "2018-04-16"
    )
    assert get(api, "/warnings", within="40") == cli_json("passport", "warn", "--within", "40")


def test_the_rota_solve_answers_as_the_cli_does(api: TestClient) -> None:
    response = api.post("/api/v1/workforce/rotas/stroke/solve", params={"time_limit": "10"})
    assert response.status_code == 200, response.text
    answer = response.json()
    cli = cli_json("rota", "solve", "stroke", "--workers", "1", "--time-limit", "10", "--quiet")
    assert answer["proven_optimal"] is True
    assert {**answer, "seconds": None} == {**cli, "seconds": None}


def test_unknown_things_and_strangers_are_refused(api: TestClient, app: FastAPI) -> None:
    assert api.get("/api/v1/workforce/people/S99").status_code == 404
    assert api.get("/api/v1/workforce/eligibility?site=XXX&service=stroke").status_code == 404
    assert api.post("/api/v1/workforce/rotas/dentistry/solve").status_code == 404
    assert TestClient(app).get("/api/v1/workforce/people").status_code == 401


def test_a_register_is_loaded_through_the_api_all_or_nothing(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    from openbook.workforce.dorset import REGISTER, data_path
    from openbook.workforce.query import list_passport_versions

    lead = TestClient(app, headers=auth(token_for(sqlite_demo_db, "system.lead")))
    path = "/api/v1/workforce/passport"
    bad = lead.post(path, files={"file": ("bad.yaml", b"people:\n  - {person_id: X}\n")})
    assert bad.status_code == 422
    assert bad.json()["error"]["issues"][0]["location"] == "bad.yaml:2:$.people[0].name"
    same = lead.post(path, files={"file": (REGISTER, data_path(REGISTER).read_bytes())})
    assert same.status_code == 200 and same.json()["created"] is False
    changed = data_path(REGISTER).read_text(encoding="utf-8").replace("Dr Ashby", "Dr Ashby-Lee")
    new = lead.post(path, files={"file": ("v2.yaml", changed.encode())})
    assert new.status_code == 201 and new.json()["version"] == 2
    assert [v.loaded_by for v in list_passport_versions(sqlite_demo_db)][-1] == "system.lead"
    viewer = TestClient(app, headers=auth(token_for(sqlite_demo_db, "rbd.viewer")))
    assert viewer.post(path, files={"file": ("v3.yaml", b"x: 1")}).status_code == 403
