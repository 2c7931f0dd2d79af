"""Escalations in the background, as a served app runs them: a return submitted through the
API is answered without running the rules, the escalation pages say the system's rules are
being run again until this process's worker has run the one queued job, and then show what
it raised."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from openbook.config import Settings
from openbook.governance.escalation_jobs import KIND
from openbook.governance.escalation_view import list_escalation_views
from openbook.jobs.queue import active_jobs
from openbook.jobs.worker import Worker
from openbook.kernel.database import Database
from openbook.web import create_app
from tests.web.conftest import return_csv, signed_in
from tests.web.test_api import auth, token_for

NOTE = "Re-evaluating after recent returns"


def test_pages_say_the_rules_are_running_again_until_the_job_has_run(
    sqlite_demo_db: Database, tmp_path: Path
) -> None:
    settings = Settings(
        database_url=str(sqlite_demo_db.engine.url),
        var_dir=tmp_path / "var",
        escalations="background",
    )
    app = create_app(settings, sqlite_demo_db)
    app.state.openbook.jobs.worker.stop()  # run by hand below, so the test sees the queue
    before = len(list_escalation_views(sqlite_demo_db, "QVV"))
    ref = list_escalation_views(sqlite_demo_db, "QVV")[0].ref
    api = TestClient(app)
    token = token_for(sqlite_demo_db, "rbd.submitter")
    for change in (-30_000_000, -10_000_000):
        body = return_csv(sqlite_demo_db, "RBD", forecast_change=change)
        response = api.post(
            "/api/v1/returns", files={"file": ("rbd.csv", body)}, headers=auth(token)
        )
        assert response.status_code == 201
    assert len(active_jobs(sqlite_demo_db, KIND)) == 1  # two returns, one job
    assert len(list_escalation_views(sqlite_demo_db, "QVV")) == before  # none raised yet
    reader = signed_in(app, "rbd.viewer")
    assert NOTE in reader.get("/escalations").text
    assert NOTE in reader.get(f"/escalations/{ref}").text

    assert Worker(sqlite_demo_db).run_once()
    assert NOTE not in reader.get("/escalations").text
    assert NOTE not in reader.get(f"/escalations/{ref}").text
    assert len(list_escalation_views(sqlite_demo_db, "QVV")) > before


def test_inline_pages_never_say_so(sqlite_demo_db: Database, tmp_path: Path) -> None:
    app = create_app(
        Settings(database_url=str(sqlite_demo_db.engine.url), var_dir=tmp_path), sqlite_demo_db
    )
    assert NOTE not in signed_in(app, "rbd.viewer").get("/escalations").text
