"""The worker each web process runs on a thread of its own: it claims queued jobs from the
store, runs the registered function for each, writes its progress and heartbeat every
`beat_every` seconds (throttled: a simulation reports each replication), then its result or
error. Each pass first re-queues jobs whose worker died (store.requeue_stale). A job that
raises is tried again (up to store.MAX_ATTEMPTS), then failed with its message: an
`OpenbookError`'s own words, or the exception's type and words, never a traceback.

Stopping the worker (the server shutting down) stops a running job at its next report of
progress and puts it back in the queue for another process, the attempt not counted."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from datetime import timedelta

from openbook.jobs import registry, store
from openbook.kernel.database import Database
from openbook.kernel.error import OpenbookError


class JobStoppedError(OpenbookError):
    status_code = 503
    code = "job_stopped"


def worker_name() -> str:
    """Which machine and process claimed a job (shown by `openbook jobs show`)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def describe(error: BaseException) -> str:
    if isinstance(error, OpenbookError):
        return str(error)
    return f"the job failed: {type(error).__name__}: {error}"


class Worker:
    def __init__(
        self,
        db: Database,
        *,
        name: str | None = None,
        poll_seconds: float = 1.0,
        beat_every: float = 1.0,
        stale_after: timedelta = store.STALE_AFTER,
        max_attempts: int = store.MAX_ATTEMPTS,
    ) -> None:
        self.db = db
        self.name = name or worker_name()
        self.poll_seconds = poll_seconds
        self.beat_every = beat_every
        self.stale_after = stale_after
        self.max_attempts = max_attempts
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._idle_exit: float | None = None

    def start(self, idle_exit: float | None = None) -> None:
        """Run on a thread (once); `idle_exit`: end after that many idle seconds (a worker
        started by a submission outside a served app, as in tests), else run until stopped."""
        with self._lock:
            if self._idle_exit is not None and idle_exit is None:
                self._idle_exit = None  # the app's lifespan asked: run until stopped
            alive = self._thread is not None and self._thread.is_alive()
            if not alive and not self._stop.is_set():
                self._idle_exit = idle_exit
                self._thread = threading.Thread(
                    target=self._serve, name="openbook-jobs", daemon=True
                )
                self._thread.start()

    def wake(self) -> None:
        """A job was queued here: look now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _serve(self) -> None:
        idle = 0.0
        while not self._stop.is_set():
            try:
                store.requeue_stale(self.db, self.stale_after, self.max_attempts)
                ran = self.run_once()
            except Exception:  # the store is unreachable for now: try again next poll
                ran = False
            if ran:
                idle = 0.0
                continue
            woken = self._wake.wait(self.poll_seconds)
            self._wake.clear()
            idle = 0.0 if woken else idle + self.poll_seconds
            with self._lock:
                if self._idle_exit is not None and idle >= self._idle_exit:
                    self._thread = None
                    return

    def run_once(self) -> bool:
        """Claim one job and run it to its end; False when there was none to claim."""
        job = store.claim(self.db, self.name, registry.kinds())
        if job is None:
            return False
        function = registry.function_for(job.kind, self.db)
        assert function is not None  # claimed only among the registered kinds
        latest: list[tuple[int, int] | None] = [None]
        lost = threading.Event()
        ended = threading.Event()

        def progress(done: int, total: int) -> None:
            if self._stop.is_set():
                raise JobStoppedError("the server stopped before the job finished")
            if lost.is_set():
                raise JobStoppedError("the job was taken over by another worker")
            latest[0] = (done, total)

        def heartbeat() -> None:
            while not ended.wait(self.beat_every):
                now = latest[0]
                try:
                    mine = store.beat(
                        self.db,
                        job.key,
                        self.name,
                        None if now is None else now[0],
                        None if now is None else now[1],
                    )
                except Exception:  # noqa: S112 - a missed beat is tried again next time
                    continue
                if not mine:
                    lost.set()
                    return

        beater = threading.Thread(target=heartbeat, name="openbook-job-beat", daemon=True)
        beater.start()
        try:
            result = function(job.parameters, progress)
        except JobStoppedError:
            ended.set()
            beater.join()
            if not lost.is_set():
                store.release(self.db, job.key, self.name)
            return True
        except Exception as error:
            ended.set()
            beater.join()
            store.fail(self.db, job.key, self.name, describe(error), self.max_attempts)
            return True
        ended.set()
        beater.join()
        store.finish(self.db, job.key, self.name, result, latest[0])
        return True
