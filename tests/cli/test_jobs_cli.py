"""`openbook jobs list|show`: the store's jobs, whichever web process made them: a done
simulation with its progress, a failed one with its message; an unknown key is named."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from openbook.cli import app
from openbook.compose import from_url
from openbook.jobs import registry
from openbook.jobs.queue import JobQueue
from openbook.jobs.worker import Worker
from openbook.kernel.error import OpenbookError
from openbook.web.capacity_runs import stroke_pathway_run

runner = CliRunner()


def _broken(parameters: dict[str, Any], progress: registry.Progress) -> Any:
    raise OpenbookError("the posted scenario has no sites")


registry.register("test-cli-broken", _broken)


def test_jobs_list_and_show(demo_env: dict[str, str]) -> None:
    db = from_url(demo_env["OPENBOOK_DATABASE_URL"])
    try:
        queue = JobQueue(db)
        queue.worker.stop()  # run below, one job at a time
        run = stroke_pathway_run(acute_beds="9..11", rehab_beds="12", replications=3,
                                 days=200, warm_up_days=50, one_in=(7,))  # fmt: skip
        done, _ = run.start(queue, "rbd.viewer")
        failed = queue.submit("test-cli-broken", {"body": {}}, "qvv.viewer")
        worker = Worker(db, name="web-1", max_attempts=2)
        while worker.run_once():
            pass
    finally:
        db.dispose()
    listed = runner.invoke(app, ["jobs", "list", "--format", "json"], env=demo_env)
    assert listed.exit_code == 0, listed.output
    jobs = {job["job"]: job for job in json.loads(listed.stdout)}
    assert set(jobs) == {done.key, failed.key}
    assert {k: jobs[done.key][k] for k in ("kind", "status", "done", "total", "attempts")} == {
        "kind": "stroke-pathway", "status": "done", "done": 3, "total": 3, "attempts": 1
    }  # fmt: skip
    assert jobs[done.key]["requested_by"] == "rbd.viewer" and jobs[done.key]["worker"] == "web-1"
    assert (jobs[failed.key]["status"], jobs[failed.key]["attempts"]) == ("failed", 2)
    assert jobs[failed.key]["error"] == "the posted scenario has no sites"
    table = runner.invoke(app, ["jobs", "list"], env=demo_env)
    assert table.exit_code == 0 and "2 job(s)" in table.stdout and "3 of 3" in table.stdout
    shown = runner.invoke(app, ["jobs", "show", failed.key], env=demo_env)
    assert shown.exit_code == 0, shown.output
    assert f"Job {failed.key} (test-cli-broken): failed" in shown.stdout
    assert "Error: the posted scenario has no sites" in shown.stdout
    assert "Attempts: 2" in shown.stdout and "Asked by: qvv.viewer" in shown.stdout
    missing = runner.invoke(app, ["jobs", "show", "abc123"], env=demo_env)
    assert missing.exit_code == 2 and "no job abc123" in missing.stderr
