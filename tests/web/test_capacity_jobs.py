"""The capacity simulations' jobs are in the store: started through one app, polled and read
through another on the same store (as two web processes); a simulation that keeps failing
shows its message on the page, the poll and the API, not a traceback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from openbook.compose import from_url
from openbook.jobs import registry
from openbook.jobs.model import JobStatus
from openbook.kernel.database import Database
from openbook.kernel.error import OpenbookError
from tests.web.conftest import make_app, signed_in
from tests.web.test_api import auth, token_for
from tests.web.test_capacity_simulation import PATHWAY, PATHWAY_CLI, cli_json

CATH_LABS = {"replications": 2, "weeks": 4}


@pytest.fixture
def second(sqlite_demo_db: Database, tmp_path: Path) -> Iterator[FastAPI]:
    """Another web process on the same store (its own engine, worker and var folder)."""
    handle = from_url(sqlite_demo_db.engine.url.render_as_string(hide_password=False))
    yield make_app(handle, tmp_path / "second")
    handle.dispose()


def test_a_simulation_started_on_one_process_is_polled_and_read_on_another(
    app: FastAPI, second: FastAPI, sqlite_demo_db: Database
) -> None:
    headers = auth(token_for(sqlite_demo_db, "rbd.viewer"))
    app.state.openbook.jobs.worker.stop()  # the first process only asks; the second works
    first = TestClient(app).get("/api/v1/capacity/stroke-pathway", params=PATHWAY,
                                headers=headers)  # fmt: skip
    assert first.status_code == 202 and first.json()["status"] == "queued"
    key = first.json()["job"]
    other = TestClient(second)
    polled = other.get(f"/api/v1/capacity/jobs/{key}", headers=headers)
    assert polled.status_code == 200 and polled.json()["kind"] == "stroke-pathway"
    second.state.openbook.jobs.start()
    job = second.state.openbook.jobs.wait(key, timeout=600)
    assert job is not None and job.status is JobStatus.DONE and job.attempts == 1
    expected = cli_json("capacity", "stroke-pathway", *PATHWAY_CLI)
    for client in (TestClient(app), other):  # the same result through either process
        answer = client.get("/api/v1/capacity/stroke-pathway", params=PATHWAY, headers=headers)
        assert answer.status_code == 200 and answer.json() == expected
    page_poll = signed_in(second, "rbd.viewer").get(f"/capacity/jobs/{key}")
    assert page_poll.status_code == 200 and page_poll.json()["status"] == "done"
    second.state.openbook.jobs.shutdown()


def _broken(parameters: dict[str, Any], progress: registry.Progress) -> Any:
    raise OpenbookError("the cath-lab scenario names no lab at Dorchester")


def test_a_failing_simulation_shows_its_message_after_its_retries(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    working = registry.function_for("cath-labs")
    assert working is not None
    registry.register("cath-labs", _broken)
    try:
        headers = auth(token_for(sqlite_demo_db, "rbd.viewer"))
        client = TestClient(app)
        first = client.get("/api/v1/capacity/cath-labs", params=CATH_LABS, headers=headers)
        assert first.status_code == 202
        job = app.state.openbook.jobs.wait(first.json()["job"], timeout=600)
        assert job is not None and job.status is JobStatus.FAILED and job.attempts == 3
        message = "the cath-lab scenario names no lab at Dorchester"
        polled = client.get(f"/api/v1/capacity/jobs/{job.key}", headers=headers).json()
        assert polled["status"] == "failed" and polled["error"] == message
        answer = client.get("/api/v1/capacity/cath-labs", params=CATH_LABS, headers=headers)
        assert answer.status_code == 400 and message in answer.text
        assert "Traceback" not in answer.text
        page = signed_in(app, "rbd.viewer").get("/capacity/cath-labs", params=CATH_LABS)
        assert page.status_code == 200 and "The simulation failed" in page.text
        assert message in page.text and not re.search(r'data-job-status="', page.text)
    finally:
        registry.register("cath-labs", working)
