"""A web process's view of the job store: submit a job (waking this process's worker), read
any job on the store whichever process made it, load a done job's result (kept for the life
of the process, the oldest forgotten beyond `MAX_KEPT`), and wait for one (tests, scripts)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from openbook.jobs import store
from openbook.jobs.model import JobView
from openbook.jobs.worker import Worker
from openbook.kernel.database import Database

MAX_KEPT = 64
IDLE_EXIT_SECONDS = 60.0  # a worker started by a submission, outside a served app


class JobQueue:
    def __init__(self, db: Database, worker: Worker | None = None) -> None:
        self.db = db
        self.worker = worker or Worker(db)
        self._results: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def start(self) -> None:
        self.worker.start()

    def shutdown(self) -> None:
        self.worker.stop()

    def submit(
        self,
        kind: str,
        parameters: Mapping[str, Any],
        actor: str,
        rerun: bool = False,
        chain: str | None = None,
    ) -> JobView:
        """The job for these parameters on the store: found, or queued (and this process's
        worker started and woken, so the work begins here unless another takes it first).
        `rerun`: work to redo after a change (store.submit), coalesced while queued."""
        job = store.submit(self.db, kind, parameters, actor, rerun, chain)
        if not job.finished:
            self.worker.start(idle_exit=IDLE_EXIT_SECONDS)
            self.worker.wake()
        return job

    def get(self, key: str) -> JobView | None:
        return store.get(self.db, key)

    def result(self, job: JobView) -> Any:
        """A done job's result, as its worker's function returned it."""
        with self._lock:
            if job.key in self._results:
                self._results.move_to_end(job.key)
                return self._results[job.key]
        value = store.result_object(self.db, job.key)
        with self._lock:
            self._results[job.key] = value
            while len(self._results) > MAX_KEPT:
                self._results.popitem(last=False)
        return value

    def wait(self, key: str, timeout: float | None = None) -> JobView | None:
        """Block until the job has finished (for tests and scripts; pages poll instead)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            job = self.get(key)
            if job is None or job.finished:
                return job
            if deadline is not None and time.monotonic() > deadline:
                return job
            time.sleep(0.05)


def list_jobs(db: Database, limit: int = 200) -> list[JobView]:
    """The store's jobs, newest first (`openbook jobs list`)."""
    return store.list_jobs(db, limit)


def active_jobs(db: Database, kind: str) -> list[JobView]:
    """The jobs of a kind still queued or running (what a page says is under way)."""
    return store.list_active(db, kind)


def show_job(db: Database, key: str) -> JobView:
    """One job, or a NotFoundError naming the key (`openbook jobs show KEY`)."""
    return store.require(db, key)
