"""Escalation rules off the request path: in the background, submitting returns queues one
job for the system (however many returns), raises nothing yet, and the page-facing check
says the system is being re-evaluated; running the worker then leaves exactly the
escalations that running the rules inline after each submission leaves. SQLite and
PostgreSQL (the `demo_db` fixture); the inline comparison on SQLite."""

from __future__ import annotations

from pathlib import Path

from openbook.finance.submit import submit_return_file
from openbook.governance.escalation_jobs import (
    KIND,
    is_reevaluating,
    reevaluating_systems,
    run_in_background,
)
from openbook.governance.escalation_view import list_escalation_views
from openbook.jobs.model import JobStatus
from openbook.jobs.queue import JobQueue, active_jobs
from openbook.jobs.worker import Worker
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from tests.principals import principal
from tests.returns import TODAY, valid_return_rows, worse_forecast, write_rows

Y1819 = FinancialYear.parse("2018/19")
# Three returns for M12 2018/19: RBD and RDZ forecast £20m and £15m worse, then RBD £5m
# worse again (each export is of the version in force, so the changes add up).
SUBMISSIONS = (("RBD", -20_000_000), ("RDZ", -15_000_000), ("RBD", -5_000_000))


def submit(db: Database, folder: Path, org: str, change: int, n: int) -> None:
    rows = worse_forecast(valid_return_rows(db, org, 12, Y1819), change)
    path = write_rows(folder / f"{n}-{org}.csv", rows)
    submit_return_file(db, path, principal(f"{org.lower()}.submitter"), TODAY)


def escalations(db: Database) -> set[tuple[str, str, str, int, str]]:
    """What a reader sees of each escalation the rules raised for 2018/19 (refs aside: they
    number in the order raised, the same on both stores but not the point)."""
    return {
        (v.rule, v.subject, v.status, v.month, v.title)
        for v in list_escalation_views(db, "QVV", financial_year=Y1819.label)
        if v.raised_by == "openbook-rules"
    }


def idle_queue(db: Database) -> JobQueue:
    """This process's queue, its worker stopped: jobs wait until a worker is run by hand."""
    queue = JobQueue(db)
    queue.worker.stop()
    return queue


def test_background_submissions_queue_one_job_that_raises_what_inline_raises(
    demo_db: Database, sqlite_demo_db: Database, tmp_path: Path
) -> None:
    before = escalations(demo_db)
    run_in_background(demo_db, idle_queue(demo_db))
    for n, (org, change) in enumerate(SUBMISSIONS):
        submit(demo_db, tmp_path, org, change, n)
    (job,) = active_jobs(demo_db, KIND)  # three returns, one job for the system
    assert job.status is JobStatus.QUEUED
    assert job.parameters == {"system": "QVV", "year": "2018/19", "month": 12}
    assert is_reevaluating(demo_db, "QVV") and reevaluating_systems(demo_db) == {"QVV"}
    assert escalations(demo_db) == before  # nothing raised in the requests

    for n, (org, change) in enumerate(SUBMISSIONS):  # the same returns, rules run inline
        submit(sqlite_demo_db, tmp_path, org, change, n + 10)
    inline = escalations(sqlite_demo_db)
    assert inline != before  # the returns do raise something: the comparison means it

    worker = Worker(demo_db)
    assert worker.run_once()  # one run for all three
    assert not worker.run_once()
    assert escalations(demo_db) == inline
    assert not is_reevaluating(demo_db, "QVV")
    done = JobQueue(demo_db).get(job.key)
    assert done is not None and done.status is JobStatus.DONE
    assert done.result_json["evaluated"] is True  # what the run raised, cleared, left open


def test_a_return_after_the_run_queues_the_systems_job_again(
    demo_db: Database, sqlite_demo_db: Database, tmp_path: Path
) -> None:
    run_in_background(demo_db, idle_queue(demo_db))
    for store, n in ((demo_db, 0), (sqlite_demo_db, 10)):
        submit(store, tmp_path, "RBD", -20_000_000, n)
    assert Worker(demo_db).run_once()
    assert active_jobs(demo_db, KIND) == []
    assert escalations(demo_db) == escalations(sqlite_demo_db)
    for store, n in ((demo_db, 1), (sqlite_demo_db, 11)):
        submit(store, tmp_path, "RBD", 20_000_000, n)  # back to plan: run the rules again
    (again,) = active_jobs(demo_db, KIND)
    assert again.status is JobStatus.QUEUED
    assert Worker(demo_db).run_once()
    assert escalations(demo_db) == escalations(sqlite_demo_db)


def test_inline_is_the_default(demo_db: Database, tmp_path: Path) -> None:
    submit(demo_db, tmp_path, "RBD", -20_000_000, 1)
    assert active_jobs(demo_db, KIND) == []
    assert not is_reevaluating(demo_db, "QVV")
