"""The store-backed job queue: every process on the store sees the same job (asked for
through one handle, run by another's worker, read through the first); a dead worker's job is
run again; a failing job is tried again, then failed with its message; two workers never run
the same job. SQLite and PostgreSQL (the `db` fixture)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from openbook.compose import from_url
from openbook.jobs import registry
from openbook.jobs.model import JobStatus
from openbook.jobs.queue import JobQueue, list_jobs, show_job
from openbook.jobs.store import claim, finish, requeue_stale
from openbook.jobs.tables import JobRow
from openbook.jobs.worker import Worker
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError, OpenbookError
from openbook.kernel.tables import AuditEventRow

RUNS: list[tuple[str, int]] = []  # (worker thread, n) for every run of "test-square"
RUNS_LOCK = threading.Lock()
FAILURES: list[int] = []


class Square:
    def __init__(self, n: int) -> None:
        self.n = n

    def to_dict(self) -> dict[str, int]:
        return {"n": self.n, "square": self.n * self.n}


def square(parameters: dict[str, Any], progress: registry.Progress) -> Square:
    n = int(parameters["n"])
    for step in range(1, 4):
        progress(step, 3)
    with RUNS_LOCK:
        RUNS.append((threading.current_thread().name, n))
    return Square(n)


def broken(parameters: dict[str, Any], progress: registry.Progress) -> Any:
    FAILURES.append(1)
    raise OpenbookError(f"the scenario has no site called {parameters['site']!r}")


registry.register("test-square", square)
registry.register("test-broken", broken)


@pytest.fixture
def other(db: Database) -> Iterator[Database]:
    """A second handle on the same store, as a second web process or instance has."""
    second = from_url(db.engine.url.render_as_string(hide_password=False))
    yield second
    second.dispose()


def idle_queue(db: Database) -> JobQueue:
    """A process that asks for jobs but whose worker never runs (stopped before starting)."""
    queue = JobQueue(db)
    queue.worker.stop()
    return queue


def test_a_job_asked_for_through_one_process_is_run_and_read_through_another(
    db: Database, other: Database
) -> None:
    asking = idle_queue(db)
    job = asking.submit("test-square", {"n": 12}, "rbd.viewer")
    assert job.status is JobStatus.QUEUED and (job.done, job.total) == (0, None)
    elsewhere = idle_queue(other)
    assert elsewhere.get(job.key) == job  # visible at once to the other process
    again = elsewhere.submit("test-square", {"n": 12}, "qvv.viewer")
    assert again.key == job.key and again.requested_by == "rbd.viewer"  # the same job
    assert Worker(other, name="instance-b").run_once()
    assert not Worker(other).run_once()  # nothing left: it ran once
    done = asking.get(job.key)
    assert done is not None and done.status is JobStatus.DONE
    assert (done.done, done.total, done.attempts, done.worker) == (3, 3, 1, "instance-b")
    assert done.result_json == {"n": 12, "square": 144}
    assert asking.result(done).to_dict() == {"n": 12, "square": 144}
    with db.reading() as session:
        asked = session.scalar(
            select(func.count()).where(
                AuditEventRow.action == "job.submit", AuditEventRow.entity_id == job.key
            )
        )
    assert asked == 1  # who asked is audited once; asking again is not new work


def test_a_dead_workers_job_is_run_again_by_a_live_one(db: Database, other: Database) -> None:
    job = idle_queue(db).submit("test-square", {"n": 7}, "rbd.viewer")
    claimed = claim(db, "dead-worker", frozenset({"test-square"}))
    assert claimed is not None and claimed.key == job.key and claimed.status is JobStatus.RUNNING
    requeue_stale(other)  # its heartbeat is fresh: still running, left alone
    assert show_job(other, job.key).status is JobStatus.RUNNING
    with db.transaction() as session:  # the process died: no heartbeat for a minute
        session.execute(
            update(JobRow)
            .where(JobRow.key == job.key)
            .values(heartbeat=db.clock.now() - timedelta(minutes=1))
        )
    assert requeue_stale(other) == [job.key]
    requeued = show_job(other, job.key)
    assert requeued.status is JobStatus.QUEUED and "dead-worker stopped" in (requeued.error or "")
    assert Worker(other, name="live-worker").run_once()
    done = show_job(db, job.key)
    assert (done.status, done.worker, done.attempts) == (JobStatus.DONE, "live-worker", 2)
    assert done.result_json == {"n": 7, "square": 49} and done.error is None


def test_a_failing_job_is_tried_again_then_failed_with_its_message(db: Database) -> None:
    FAILURES.clear()
    job = idle_queue(db).submit("test-broken", {"site": "Poole"}, "rbd.viewer")
    worker = Worker(db, max_attempts=3)
    assert worker.run_once()
    retried = show_job(db, job.key)
    assert retried.status is JobStatus.QUEUED and retried.attempts == 1
    assert worker.run_once() and worker.run_once()
    assert not worker.run_once()  # no fourth attempt
    failed = show_job(db, job.key)
    assert len(FAILURES) == 3 and (failed.status, failed.attempts) == (JobStatus.FAILED, 3)
    assert failed.error == "the scenario has no site called 'Poole'"
    assert failed.status_dict()["error"] == failed.error
    again = JobQueue(db).submit("test-broken", {"site": "Poole"}, "rbd.viewer")
    assert again.status is JobStatus.FAILED  # asked again at once: the failure is shown


def test_two_workers_never_run_the_same_job(db: Database, other: Database) -> None:
    RUNS.clear()
    asking = idle_queue(db)
    keys = [asking.submit("test-square", {"n": n}, "rbd.viewer").key for n in range(100, 124)]
    workers = [Worker(handle, poll_seconds=0.05) for handle in (db, other, db, other)]
    threads = [threading.Thread(target=_drain, args=(w,), name=f"w{i}") for i, w in
               enumerate(workers)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert sorted(n for _, n in RUNS) == list(range(100, 124))  # each exactly once
    assert all(show_job(db, key).status is JobStatus.DONE for key in keys)
    assert {job.attempts for job in list_jobs(db)} == {1}


def _drain(worker: Worker) -> None:
    while worker.run_once():
        pass


def test_an_unknown_job_is_named(db: Database) -> None:
    with pytest.raises(NotFoundError, match="no job 0123abc"):
        show_job(db, "0123abc")


def test_a_rerun_job_coalesces_while_queued_and_runs_again_when_asked_during_a_run(
    db: Database, other: Database
) -> None:
    RUNS.clear()
    asking = idle_queue(db)
    first = asking.submit("test-square", {"n": 5}, "openbook-rules", rerun=True)
    assert asking.submit("test-square", {"n": 5}, "openbook-rules", rerun=True) == first
    claimed = claim(db, "worker-a", frozenset({"test-square"}))
    assert claimed is not None and claimed.status is JobStatus.RUNNING
    # Asked for on another process while running: this run may have read stale figures.
    during = idle_queue(other).submit("test-square", {"n": 5}, "openbook-rules", rerun=True)
    assert during.status is JobStatus.RUNNING
    assert finish(db, first.key, "worker-a", Square(5))
    requeued = show_job(db, first.key)
    assert (requeued.status, requeued.attempts) == (JobStatus.QUEUED, 0)  # again, not done
    assert Worker(other).run_once() and not Worker(other).run_once()
    assert show_job(db, first.key).status is JobStatus.DONE and len(RUNS) == 1
    not_rerun = asking.submit("test-square", {"n": 5}, "rbd.viewer")
    assert not_rerun.status is JobStatus.DONE  # an ordinary job's answer stands
    rerun = asking.submit("test-square", {"n": 5}, "openbook-rules", rerun=True)
    assert (rerun.status, rerun.attempts) == (JobStatus.QUEUED, 0)  # done, then asked again
    with db.reading() as session:
        asked = session.scalar(
            select(func.count())
            .select_from(AuditEventRow)
            .where(AuditEventRow.action == "job.submit", AuditEventRow.entity_id == first.key)
        )
    assert asked == 3  # queued, asked during the run, asked after it; never the coalesced
