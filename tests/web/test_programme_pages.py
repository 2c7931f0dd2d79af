"""The programme's pages, workbook and REST API: the API answers with the CLI's JSON."""

from __future__ import annotations

import io
import json

from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from openbook.cli import app as cli_app
from openbook.kernel.database import Database
from tests.web.conftest import signed_in
from tests.web.test_api import auth, token_for


def test_the_api_answers_with_the_clis_json(
    app: FastAPI, sqlite_demo_db: Database, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    headers = auth(token_for(sqlite_demo_db, "rbd.viewer"))
    response = TestClient(app).get(
        "/api/v1/systems/QVV/programme", params={"today": "2016-08-15"}, headers=headers
    )
    assert response.status_code == 200
    env = {
        "OPENBOOK_DATABASE_URL": str(sqlite_demo_db.engine.url),
        "OPENBOOK_VAR_DIR": str(tmp_path / "var"),
    }
    cli = CliRunner().invoke(
        cli_app,
        ["programme", "report", "--system", "QVV", "--format", "json", "--today", "2016-08-15"],
        env=env,
    )
    assert cli.exit_code == 0, cli.output
    assert response.json() == json.loads(cli.stdout)
    assert response.json()["investment_by_year"] == {
        "2015/16": "1984417.00",
        "2016/17": "8710240.00",
        "2017/18": "2957520.00",
    }
    missing = TestClient(app).get("/api/v1/systems/QOX/programme", headers=headers)
    assert missing.status_code == 404


def test_the_position_api_carries_the_investment_as_the_cli_does(
    app: FastAPI, sqlite_demo_db: Database, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    headers = auth(token_for(sqlite_demo_db, "rbd.viewer"))
    response = TestClient(app).get(
        "/api/v1/systems/QVV/position", params={"year": "2017/18", "month": 6}, headers=headers
    )
    assert response.status_code == 200, response.text
    env = {
        "OPENBOOK_DATABASE_URL": str(sqlite_demo_db.engine.url),
        "OPENBOOK_VAR_DIR": str(tmp_path / "var"),
    }
    args = ["position", "--system", "QVV", "--year", "2017/18", "--month", "6", "--format", "json"]
    cli = CliRunner().invoke(cli_app, args, env=env)
    assert cli.exit_code == 0, cli.output
    api_rd3 = next(o for o in response.json()["organisations"] if o["org_code"] == "RD3")
    cli_rd3 = next(o for o in json.loads(cli.stdout)["organisations"] if o["org_code"] == "RD3")
    assert api_rd3["additions"] == cli_rd3["additions"]
    assert api_rd3["additions"][0]["spend_plan_ytd"] == "1478760.00"  # 6 x 246,460


def test_the_pages_show_the_programme(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    overview = client.get("/programme")
    assert overview.status_code == 200
    assert "One NHS in Dorset" in overview.text and "Joint Steering Board" in overview.text
    line = client.get("/programme/lines/stroke")
    assert line.status_code == 200 and "Stroke" in line.text
    assert client.get("/programme/lines/nothing").status_code == 404
    timeline = client.get("/programme/timeline", params={"as_of": "2016-08-15"})
    assert timeline.status_code == 200
    assert 'id="chart-spec-programme-timeline"' in timeline.text  # the Vega-Lite spec
    assert "<svg" in timeline.text  # drawn on the server too
    assert "Framework JV created" in timeline.text  # the table: its text alternative
    spec = timeline.text.split('id="chart-spec-programme-timeline">')[1].split("</script>")[0]
    layers = json.loads(spec)["layer"]
    assert layers[-1]["mark"]["type"] == "rule"  # today's line, within the span
    assert "rule" not in [
        layer["mark"]["type"]
        for layer in json.loads(
            client.get("/programme/timeline", params={"as_of": "2026-01-01"})
            .text.split('id="chart-spec-programme-timeline">')[1]
            .split("</script>")[0]
        )["layer"]
    ]
    assert client.get("/programme/benefits").status_code == 200
    investment = client.get("/programme/investment")
    assert investment.status_code == 200 and "plan version" in investment.text


def test_the_workbook_and_table_downloads(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    response = client.get("/programme/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Investment",
        "Cost lines",
        "Lines",
        "Timeline",
        "Benefits",
        "Savings",
    ]
    benefits = list(book["Benefits"].iter_rows(values_only=True))
    assert benefits[1][0] == "B01" and benefits[1][-2:] == ("concern_high", "consistent_fail")
    assert list(book["Savings"].iter_rows(values_only=True))[1][:3] == (
        "planned",
        "2017/18: £2,800k, 2018/19: £2,200k",
        "£5,000k",
    )
    rows = list(book["Investment"].iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == [1984417, 8710240, 2957520, 13652177]
    table = client.get("/programme/investment", params={"download": "cost-lines.csv"})
    assert table.status_code == 200 and "Interim PMO" in table.text


def test_the_benefits_page_draws_each_benefits_spc_chart(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    page = client.get("/programme/benefits")
    assert page.status_code == 200
    assert 'id="chart-spec-benefit-spc-B01"' in page.text
    assert "Month by month (SPC)" in page.text
    assert "variation: concern (high); assurance: consistently fails target" in page.text
    assert "Return on the investment" in page.text and "3.0% to 4.4%" in page.text


def test_the_organisations_page_shows_the_investment_its_return_does_not_carry(
    app: FastAPI,
) -> None:
    client = signed_in(app, "rbd.viewer")
    period = {"year": "2017/18", "month": "12"}
    rd3 = client.get("/systems/QVV/organisations/RD3", params=period)
    assert rd3.status_code == 200
    assert 'id="position-additions"' in rd3.text
    assert "programme investment £2,958k planned in 2017/18, £2,958k to M12" in rd3.text
    rbd = client.get("/systems/QVV/organisations/RBD", params=period)
    assert 'id="position-additions"' not in rbd.text
