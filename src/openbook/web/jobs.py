"""A small in-process job runner for work that lives in this process only (the stroke-unit
maps, drawn into the app's chart cache; the capacity simulations are in the store's queue,
openbook.jobs, which every process sees): a job is named by its parameters, so asking again
for the same thing finds the job already running, or its result already made (kept for the
life of the process, the oldest forgotten beyond `MAX_KEPT`). Jobs run one at a time on a
background (daemon) thread; each reports (done, total) as it goes, which the pages poll.
`shutdown()` stops the queue: a running job stops at its next report of progress.

A failed job keeps its error (as an `OpenbookError` would be shown) and is run again when
next asked for, so a passing fault does not stick."""

from __future__ import annotations

import queue
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from openbook.jobs.model import JobStatus, job_key
from openbook.kernel.error import OpenbookError

__all__ = ["Job", "JobRunner", "JobStatus", "Progress", "job_key"]

Progress = Callable[[int, int], None]
Work = Callable[[Progress], Any]  # returns a result with to_dict()
MAX_KEPT = 64


class JobCancelledError(OpenbookError):
    status_code = 503
    code = "job_cancelled"


@dataclass
class Job:
    key: str
    kind: str
    parameters: dict[str, Any]
    status: JobStatus = JobStatus.QUEUED
    done: int = 0
    total: int | None = None
    result: Any = None  # the use case's result (to_dict() is its JSON)
    error: str | None = None
    submitted: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_event: threading.Event = field(default_factory=threading.Event, repr=False)
    cancelled: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    def check(self) -> None:
        if self.cancelled.is_set():
            raise JobCancelledError("the server stopped before the job finished; ask again")

    def progress(self, done: int, total: int) -> None:
        self.check()
        self.done, self.total = done, total

    def status_dict(self) -> dict[str, Any]:
        """What a poll answers: never the result itself (that is the resource's own URL)."""
        return {
            "job": self.key,
            "kind": self.kind,
            "status": self.status.value,
            "done": self.done,
            "total": self.total,
            "error": self.error,
        }


class JobRunner:
    def __init__(self, max_kept: int = MAX_KEPT) -> None:
        self._max_kept = max_kept
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[tuple[Job, Work] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._closed = False

    def submit(
        self, kind: str, parameters: Mapping[str, Any], work: Work, *, immediate: bool = False
    ) -> Job:
        """The job for these parameters: the one already made or running, else a new one
        (`immediate`: quick work, done here in the caller's thread before returning)."""
        key = job_key(kind, parameters)
        with self._lock:
            job = self._jobs.get(key)
            if job is not None and job.status is not JobStatus.FAILED:
                self._jobs.move_to_end(key)
                return job
            job = Job(key, kind, dict(parameters))
            self._jobs[key] = job
            self._forget_oldest()
            if not immediate:
                if self._closed:
                    job.cancelled.set()
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._serve, name="openbook-jobs", daemon=True
                    )
                    self._thread.start()
                self._queue.put((job, work))
                return job
        self._run(job, work)
        return job

    def get(self, key: str) -> Job | None:
        with self._lock:
            return self._jobs.get(key)

    def wait(self, key: str, timeout: float | None = None) -> Job | None:
        """Block until the job has finished (for tests and scripts; pages poll instead)."""
        job = self.get(key)
        if job is not None:
            job.finished_event.wait(timeout)
        return job

    def shutdown(self) -> None:
        """Cancel every job not finished; the thread ends once the queue is empty."""
        with self._lock:
            self._closed = True
            for job in self._jobs.values():
                job.cancelled.set()
        self._queue.put(None)

    def _serve(self) -> None:
        while (item := self._queue.get()) is not None:
            self._run(*item)

    def _forget_oldest(self) -> None:
        finished = [k for k, j in self._jobs.items() if j.finished]
        while len(self._jobs) > self._max_kept and finished:
            del self._jobs[finished.pop(0)]

    @staticmethod
    def _run(job: Job, work: Work) -> None:
        job.status = JobStatus.RUNNING
        try:
            job.check()  # a job cancelled before it began stops here
            job.result = work(job.progress)
            job.status = JobStatus.DONE
        except OpenbookError as error:
            job.error = str(error)
            job.status = JobStatus.FAILED
        except Exception as error:
            job.error = f"the job failed: {type(error).__name__}: {error}"
            job.status = JobStatus.FAILED
        finally:
            job.finished_event.set()
