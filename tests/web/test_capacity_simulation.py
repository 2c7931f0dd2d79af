"""The simulation pages and API run their jobs in the background and answer with exactly
the command line's JSON for the same options; bad options are named."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from openbook.cli import app as cli_app
from openbook.kernel.database import Database
from openbook.web.jobs import JobRunner, JobStatus
from tests.web.conftest import signed_in
from tests.web.test_api import auth, token_for

PATHWAY = {
    "acute_beds": "9..11",
    "rehab_beds": "12",
    "replications": 3,
    "days": 200,
    "warm_up_days": 50,
    "one_in": 7,
}
PATHWAY_CLI = ["--acute-beds", "9..11", "--rehab-beds", "12", "--replications", "3",
               "--days", "200", "--warm-up-days", "50", "--one-in", "7"]  # fmt: skip


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(cli_app, [*args, "--workers", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def finished(app: FastAPI, client: TestClient, url: str, method: str = "get", **kwargs: Any) -> Any:
    """Ask, wait for the job the answer names, ask again: the second answer is the result."""
    first = client.request(method, url, **kwargs)
    if first.status_code == 202:
        body = first.json()
        assert body["status"] in ("queued", "running") and first.headers["retry-after"]
        job = app.state.openbook.jobs.wait(body["job"], timeout=600)
        assert job is not None and job.status is JobStatus.DONE, job
    else:
        assert first.status_code == 200, first.text
    second = client.request(method, url, **kwargs)
    assert second.status_code == 200, second.text
    return second.json()


def test_stroke_pathway_api_is_the_cli_json(app: FastAPI, sqlite_demo_db: Database) -> None:
    headers = auth(token_for(sqlite_demo_db, "rbd.viewer"))
    client = TestClient(app)
    got = finished(app, client, "/api/v1/capacity/stroke-pathway", params=PATHWAY, headers=headers)
    assert got == cli_json("capacity", "stroke-pathway", *PATHWAY_CLI)
    assert [row["beds"] for row in got["units"][0]["rows"]] == [9, 10, 11]


def test_pooling_api_is_the_cli_json(app: FastAPI, sqlite_demo_db: Database) -> None:
    headers = auth(token_for(sqlite_demo_db, "rbd.viewer"))
    client = TestClient(app)
    analytic = client.get("/api/v1/capacity/pooling", headers=headers)
    assert analytic.status_code == 200  # analytic only: answered at once
    assert analytic.json() == cli_json("capacity", "pooling")
    params = {"scenario": "coronary-care", "replications": 2, "days": 100, "warm_up_days": 20}
    got = finished(app, client, "/api/v1/capacity/pooling", params=params, headers=headers)
    data = "src/openbook/capacity/data/dorset_coronary_care.json"
    assert got == cli_json("capacity", "pooling", data, "--replications", "2", "--days", "100",
                           "--warm-up-days", "20")  # fmt: skip
    assert got["simulated_share_away"] is not None


def test_cath_labs_api_is_the_cli_json(app: FastAPI, sqlite_demo_db: Database) -> None:
    headers = auth(token_for(sqlite_demo_db, "rbd.viewer"))
    params = {"replications": 2, "weeks": 4, "policy": "deadline"}
    got = finished(app, TestClient(app), "/api/v1/capacity/cath-labs", params=params,
                   headers=headers)  # fmt: skip
    expected = cli_json("capacity", "cath-labs", "--replications", "2", "--weeks", "4",
                        "--policy", "deadline")  # fmt: skip
    assert got == expected


def test_bad_simulation_options_are_each_named(app: FastAPI, sqlite_demo_db: Database) -> None:
    headers = auth(token_for(sqlite_demo_db, "rbd.viewer"))
    client = TestClient(app)
    response = client.get(
        "/api/v1/capacity/stroke-pathway",
        params={"acute_beds": "14..9", "rehab_beds": "x", "replications": 500},
        headers=headers,
    )
    assert response.status_code == 422
    text = response.text
    assert "--acute-beds" in text and "--rehab-beds" in text and "--replications" in text
    assert client.get("/api/v1/capacity/jobs/abc123", headers=headers).status_code == 404


def test_simulation_pages_show_progress_then_the_result(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    params = {"acute_beds": "9..11", "rehab_beds": "12", "replications": "3", "one_in": "7"}
    page = client.get("/capacity/stroke-pathway", params=params)
    assert page.status_code == 200
    match = re.search(r'data-job-status="(/capacity/jobs/([0-9a-f]+))"', page.text)
    if match:  # still running: the page polls the job
        status = client.get(match.group(1))
        assert status.status_code == 200 and status.json()["kind"] == "stroke-pathway"
        app.state.openbook.jobs.wait(match.group(2), timeout=600)
        page = client.get("/capacity/stroke-pathway", params=params)
    assert "data-job-status" not in page.text
    assert "Acute unit: offered load" in page.text and "1 in 7 delayed needs" in page.text
    workbook = client.get(
        "/capacity/stroke-pathway", params={**params, "download": "workbook.xlsx"}
    )
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    csv = client.get("/capacity/stroke-pathway", params={**params, "download": "acute-unit.csv"})
    assert [line.split(",")[0] for line in csv.text.strip().splitlines()[1:]] == ["9", "10", "11"]
    for path, params in [
        ("/capacity/pooling", {"replications": "0"}),
        ("/capacity/cath-labs", {"replications": "2", "weeks": "4"}),
    ]:
        page = client.get(path, params=params)
        match = re.search(r'data-job-status="/capacity/jobs/([0-9a-f]+)"', page.text)
        if match:
            app.state.openbook.jobs.wait(match.group(1), timeout=600)
            page = client.get(path, params=params)
        assert page.status_code == 200 and "<table" in page.text, path


def test_simulation_pages_name_a_bad_field(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    for path, params, words in [
        ("/capacity/stroke-pathway", {"replications": "many"}, "the replications must"),
        ("/capacity/stroke-pathway", {"acute_beds": "nine"}, "--acute-beds"),
        ("/capacity/pooling", {"scenario": "elsewhere"}, "the scenario must"),
        ("/capacity/cath-labs", {"policy": "random"}, "the policy must"),
    ]:
        response = client.get(path, params=params)
        assert response.status_code in (400, 422), (path, params)
        assert words in response.text.lower(), (path, params)


def test_a_job_is_named_by_its_parameters_and_kept() -> None:
    runner = JobRunner()
    calls: list[int] = []

    class Result:
        def to_dict(self) -> dict[str, int]:
            return {"calls": len(calls)}

    def work(progress: Any) -> Result:
        calls.append(1)
        progress(1, 1)
        return Result()

    first = runner.submit("kind", {"a": 1}, work)
    runner.wait(first.key, timeout=60)
    again = runner.submit("kind", {"a": 1}, work)
    other = runner.submit("kind", {"a": 2}, work, immediate=True)
    assert again is first and first.status is JobStatus.DONE and (first.done, first.total) == (1, 1)
    assert other.key != first.key and other.status is JobStatus.DONE and len(calls) == 2

    def broken(progress: Any) -> Result:
        raise ValueError("no")

    failed = runner.submit("kind", {"a": 3}, broken, immediate=True)
    assert failed.status is JobStatus.FAILED and "ValueError" in (failed.error or "")
    retried = runner.submit("kind", {"a": 3}, work, immediate=True)
    assert retried.status is JobStatus.DONE  # a failure is not kept
    runner.shutdown()


def test_shutdown_stops_a_running_job() -> None:
    runner = JobRunner()
    started = threading.Event()

    class Result:
        def to_dict(self) -> dict[str, int]:
            return {}

    def endless(progress: Any) -> Result:
        done = 0
        started.set()
        while True:  # reports progress, as every replication loop does
            done += 1
            progress(done, 10**9)

    job = runner.submit("kind", {"endless": True}, endless)
    assert started.wait(60)
    runner.shutdown()
    stopped = runner.wait(job.key, timeout=60)
    assert stopped is not None and stopped.status is JobStatus.FAILED
    assert "stopped" in (stopped.error or "")


DATA = Path(__file__).parents[2] / "src" / "openbook" / "capacity" / "data"


def test_posted_scenarios_are_the_cli_json_for_that_file(
    app: FastAPI, sqlite_demo_db: Database, tmp_path: Path
) -> None:
    headers = auth(token_for(sqlite_demo_db, "rbd.viewer"))
    client = TestClient(app)
    stroke = DATA / "monks2016_parameters.json"
    document = json.loads(stroke.read_text())
    document["simulation_parameters"]["asu_arrival_stroke"]["params"]["mean"] = 0.9  # busier
    posted = written(document, tmp_path / "stroke.json")
    got = finished(app, client, "/api/v1/capacity/stroke-pathway", params=PATHWAY,
                   headers=headers, json=document, method="post")  # fmt: skip
    assert got == cli_json("capacity", "stroke-pathway", str(posted), *PATHWAY_CLI)
    published = finished(app, client, "/api/v1/capacity/stroke-pathway", params=PATHWAY,
                         headers=headers)  # fmt: skip
    assert got != published  # the posted parameters were used
    labs = json.loads((DATA / "dorset_cath_labs.json").read_text())
    labs["sites"][0]["labs"] = 2
    params = {"replications": 2, "weeks": 4}
    got = finished(app, client, "/api/v1/capacity/cath-labs", params=params, headers=headers,
                   json=labs, method="post")  # fmt: skip
    labs_file = str(written(labs, tmp_path / "labs.json"))
    expected = cli_json("capacity", "cath-labs", labs_file, "--replications", "2", "--weeks", "4")
    assert got == expected
    pooling = json.loads((DATA / "dorset_stroke_units.json").read_text())
    answer = client.post("/api/v1/capacity/pooling", headers=headers, json=pooling)
    assert answer.status_code == 200  # analytic: at once
    assert answer.json() == cli_json("capacity", "pooling", str(DATA / "dorset_stroke_units.json"))


def test_a_bad_posted_scenario_lists_every_problem_at_its_path(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    headers = auth(token_for(sqlite_demo_db, "rbd.viewer"))
    pooling = json.loads((DATA / "dorset_stroke_units.json").read_text())
    pooling["sites"][0]["arrivals_per_day"] = "lots"
    pooling["sites"][1]["mean_stay_days"] = -2
    response = TestClient(app).post("/api/v1/capacity/pooling", headers=headers, json=pooling)
    assert response.status_code == 422
    text = response.text
    assert "$.sites[0].arrivals_per_day" in text and "$.sites[1].mean_stay_days" in text
    pooling = json.loads((DATA / "dorset_stroke_units.json").read_text())
    pooling["sites"][0]["arrivals_per_day"] = 5000
    response = TestClient(app).post(
        "/api/v1/capacity/pooling", params={"replications": 2}, headers=headers, json=pooling
    )
    assert response.status_code == 422 and "patients a day" in response.text


def written(document: Any, path: Path) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_stay_sensitivity_api_and_page_are_the_cli(app: FastAPI, sqlite_demo_db: Database) -> None:
    headers = auth(token_for(sqlite_demo_db, "rbd.viewer"))
    params = {"stay_multipliers": [1, 1.5], "one_in": [10], "replications": 2, "days": 200,
              "warm_up_days": 50}  # fmt: skip
    got = finished(app, TestClient(app), "/api/v1/capacity/stay-sensitivity", params=params,
                   headers=headers)  # fmt: skip
    expected = cli_json("capacity", "stay-sensitivity", "--stay-multipliers", "1,1.5",
                        "--one-in", "10", "--replications", "2", "--days", "200",
                        "--warm-up-days", "50")  # fmt: skip
    assert got == expected
    acute = [r for r in got["rows"] if r["unit"] == "acute"]
    assert acute[0]["beds_needed"][0]["beds"] < acute[1]["beds_needed"][0]["beds"]
    client = signed_in(app, "rbd.viewer")
    query = {"stay_multipliers": "1,1.5", "one_in": "10", "replications": "2"}
    page = client.get("/capacity/stay-sensitivity", params=query)
    match = re.search(r'data-job-status="/capacity/jobs/([0-9a-f]+)"', page.text)
    if match:
        app.state.openbook.jobs.wait(match.group(1), timeout=600)
        page = client.get("/capacity/stay-sensitivity", params=query)
    assert "Beds for 1 in 10" in page.text
    bad = client.get("/capacity/stay-sensitivity", params={"stay_multipliers": "longer"})
    assert bad.status_code == 400 and "the stay multipliers must" in bad.text.lower()
