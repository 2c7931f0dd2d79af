"""The stroke-unit search page and API: every two-unit configuration ranked, where east +
west stands and why, the maps drawn offline, and the API's JSON that of the command line."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from openbook.cli import app as cli_app
from openbook.kernel.database import Database
from tests.web.conftest import signed_in
from tests.web.test_api import auth, token_for


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(cli_app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_search_page_ranks_every_two_unit_configuration(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    page = client.get("/stroke-units/search")
    assert page.status_code == 200
    dorset = cli_json("stroke-units", "dorset")
    assert dorset["explanation"] in page.text.replace("&#43;", "+").replace("&#39;", "'")
    csv = client.get("/stroke-units/search", params={"download": "two-unit.csv"})
    lines = csv.text.strip().splitlines()[1:]
    two_unit = dorset["two_unit"]
    assert len(lines) == two_unit["ranked"] == len(two_unit["best"])
    for line, configuration in zip(lines, two_unit["best"], strict=True):
        assert line.startswith(f"{configuration['rank']},{' + '.join(configuration['units'])},")
    marked = [line for line in lines if "east + west" in line]
    assert len(marked) == 1
    assert marked[0].startswith(f"{dorset['east_west_rank_of_two_unit']},")
    assert "chart-spec-pareto" in page.text


def test_search_form_runs_the_cli_search(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    params = {"region": "E38000045", "max_units": "3", "within": "60", "min_admissions": "600"}
    page = client.get("/stroke-units/search", params=params)
    assert page.status_code == 200
    expected = cli_json("stroke-units", "search", "--region", "E38000045", "--max-units", "3",
                        "--within", "60", "--top", "25")  # fmt: skip
    csv = client.get("/stroke-units/search", params={**params, "download": "ranked.csv"})
    lines = csv.text.strip().splitlines()[1:]
    assert [line.split(",")[1] for line in lines] == [
        " + ".join(c["units"]) for c in expected["best"]
    ]
    bad = client.get("/stroke-units/search", params={**params, "max_units": "many"})
    assert bad.status_code == 400 and "the most units must" in bad.text.lower()
    bad = client.get("/stroke-units/search", params={**params, "candidates": "not-a-postcode"})
    assert bad.status_code == 400 and "the candidates must" in bad.text.lower()


def drawn(app: FastAPI, client: TestClient, params: dict[str, str]) -> str:
    """The page once its maps job (started by the first request) has finished."""
    page = client.get("/stroke-units", params=params)
    assert page.status_code == 200
    match = re.search(r'data-job-status="/capacity/jobs/([0-9a-f]+)"', page.text)
    if match:
        assert "Drawing the maps" in page.text
        app.state.openbook.local_jobs.wait(match.group(1), timeout=600)
        page = client.get("/stroke-units", params=params)
    return page.text


def test_stroke_units_page_draws_the_maps(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    text = drawn(app, client, {})
    for key in ("travel-time-map", "catchment-map"):
        assert f"chart-spec-{key}" in text
    assert text.count("<svg") >= 2  # rendered on the server, offline
    assert "Maps: BH77DW, DT12JY" in text
    assert "Maps: DT12JY" in drawn(app, client, {"units": "DT12JY"})


def test_stroke_units_api_is_the_cli_json(app: FastAPI, sqlite_demo_db: Database) -> None:
    headers = auth(token_for(sqlite_demo_db, "rbd.viewer"))
    client = TestClient(app)
    search = client.get(
        "/api/v1/stroke-units/search",
        params={"region": "E38000045", "max_units": 2, "within": 60, "top": 5},
        headers=headers,
    )
    assert search.status_code == 200, search.text
    assert search.json() == cli_json(
        "stroke-units", "search", "--region", "E38000045", "--max-units", "2", "--within", "60",
        "--top", "5",
    )  # fmt: skip
    dorset = client.get("/api/v1/stroke-units/dorset", headers=headers)
    assert dorset.status_code == 200
    assert dorset.json() == cli_json("stroke-units", "dorset")
    bad = client.get(
        "/api/v1/stroke-units/search", params={"region": "E38000045", "max_units": 0},
        headers=headers,
    )  # fmt: skip
    assert bad.status_code == 422 and "max_units" in bad.text
