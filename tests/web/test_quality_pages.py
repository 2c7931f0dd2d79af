"""The quality page, its upload form and the API show the CLI's numbers, and refuse bad files
with every problem beside the field and nothing stored."""

from __future__ import annotations

import json

from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from openbook.cli import app as cli_app
from openbook.kernel.database import Database
from tests.quality.test_submit import counts, quality_csv
from tests.web.conftest import csrf_of, signed_in
from tests.web.test_api import auth, token_for

PERIOD = {"year": "2018/19", "month": "12"}


def cli_report() -> dict[str, object]:
    args = ["quality", "report", "--system", "QVV", "--year", "2018/19", "--month", "12"]
    result = CliRunner().invoke(cli_app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_page_api_and_cli_show_the_same_quality(
    app: FastAPI, sqlite_demo_db: Database, monkeypatch: object
) -> None:
    monkeypatch.setenv("OPENBOOK_DATABASE_URL", str(sqlite_demo_db.engine.url))  # type: ignore[attr-defined]
    cli = cli_report()
    client = signed_in(app, "rd3.viewer")
    page = client.get("/quality", params=PERIOD)
    assert page.status_code == 200
    assert "Quality" in page.text and "funnel-stroke_swallow_72h" in page.text
    api = TestClient(app).get(
        "/api/v1/systems/QVV/quality",
        params=PERIOD,
        headers=auth(token_for(sqlite_demo_db, "rd3.viewer")),
    )
    assert api.status_code == 200
    assert api.json() == cli
    download = client.get("/quality", params={**PERIOD, "download": "kpis.csv"})
    rows = download.text.strip().splitlines()[1:]
    assert len(rows) == len(cli["kpis"]) == 9  # type: ignore[arg-type]
    for kpi in cli["kpis"]:  # type: ignore[attr-defined]
        assert kpi["org_code"] in page.text


def test_a_submitter_uploads_and_a_bad_file_is_refused_beside_the_field(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    client = signed_in(app, "rbd.submitter")
    before = counts(sqlite_demo_db)
    bad = quality_csv(swallow="45,40")
    response = client.post(
        "/quality",
        data={"csrf_token": csrf_of(client, "/quality")},
        files={"quality_file": ("bad.csv", bad, "text/csv")},
    )
    assert response.status_code == 422
    assert "quality_file-error" in response.text and "exceeds" in response.text
    assert counts(sqlite_demo_db) == before
    good = client.post(
        "/quality",
        data={"csrf_token": csrf_of(client, "/quality")},
        files={"quality_file": ("rbd.csv", quality_csv(), "text/csv")},
        follow_redirects=False,
    )
    assert good.status_code == 303 and "/quality?year=2018/19&month=12" in good.headers["location"]
    assert counts(sqlite_demo_db)[0] == before[0] + 1


def test_a_viewer_cannot_submit_through_the_api(app: FastAPI, sqlite_demo_db: Database) -> None:
    headers = auth(token_for(sqlite_demo_db, "rbd.viewer"))
    before = counts(sqlite_demo_db)
    response = TestClient(app).post(
        "/api/v1/quality/returns",
        files={"file": ("rbd.csv", quality_csv(), "text/csv")},
        headers=headers,
    )
    assert response.status_code == 403
    assert counts(sqlite_demo_db) == before
    template = signed_in(app, "rbd.viewer").get(
        "/quality/template", params={"org": "RBD", **PERIOD}
    )
    assert template.status_code == 200 and template.text.count("RBD,2018/19,M12") == 3
