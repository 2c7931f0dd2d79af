"""The job table's reads and writes. Each is one short transaction, so a worker's progress
and heartbeat never hold a lock while the work runs.

A job is named by its key (kind + parameters hash): asking again finds the job queued,
running or done (no duplicate work across processes); a failed job is queued again when
asked for once `RETRY_FAILED_AFTER` has passed, so a passing fault does not stick. A worker
claims a queued job (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so two workers never take the same
row; SQLite: one conditional UPDATE under the write lock); a running job whose heartbeat is
older than `STALE_AFTER` (its worker died) is queued again; a job that raises is tried up to
`MAX_ATTEMPTS` times, then failed with its error.

A *rerun* job is work to redo whenever what it reads changes (the escalation rules after new
figures): asking again coalesces into the queued run, marks a running one to run `again`
when it ends (it may have read the figures before they changed), and queues a done or
failed one again. The row is locked while deciding (PostgreSQL: FOR UPDATE; SQLite's write
lock), so a run ending at the same moment is never mistaken for one still to come."""

from __future__ import annotations

import json
import pickle
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from openbook.jobs.model import JobStatus, JobView, job_key
from openbook.jobs.tables import JobRow
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError

MAX_ATTEMPTS = 3
STALE_AFTER = timedelta(seconds=30)
RETRY_FAILED_AFTER = timedelta(minutes=5)


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive times (stored in UTC); PostgreSQL aware ones."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _maybe(moment: datetime | None) -> datetime | None:
    return None if moment is None else _aware(moment)


def _view(row: JobRow, with_result: bool = False) -> JobView:
    return JobView(
        row.key,
        row.kind,
        dict(row.parameters),  # type: ignore[call-overload]
        JobStatus(row.status),
        row.done,
        row.total,
        row.error,
        row.attempts,
        row.requested_by,
        _aware(row.created_at),
        _maybe(row.started_at),
        _maybe(row.finished_at),
        row.worker,
        _maybe(row.heartbeat),
        row.result if with_result else None,
    )


def _requeue(row: JobRow) -> None:
    row.status, row.worker, row.heartbeat = JobStatus.QUEUED.value, None, None
    row.again = False  # a queued run reads the figures as they are when it starts
    row.started_at = row.finished_at = None
    row.done, row.total = 0, None


def submit(
    db: Database,
    kind: str,
    parameters: Mapping[str, Any],
    actor: str,
    rerun: bool = False,
    chain: str | None = None,
) -> JobView:
    """The job for this kind and parameters: the one queued, running or done, else a new
    one queued (audited: who asked for what). With `rerun`, a queued job is the run asked
    for (nothing is written); a running one is marked to run again when it ends, and a done
    or failed one is queued again."""
    key = job_key(kind, parameters)
    plain = json.loads(json.dumps(dict(parameters), default=str))

    def work(session: Session) -> JobView:
        row = session.get(JobRow, key, with_for_update=True)
        now = db.clock.now()
        if row is None:
            row = JobRow(
                key=key,
                kind=kind,
                parameters=plain,
                status=JobStatus.QUEUED.value,
                done=0,
                attempts=0,
                requested_by=actor,
                created_at=now,
                again=False,
            )
            session.add(row)
            session.flush()
        elif not _asked_again(row, now, rerun, actor):
            return _view(row)
        record_event(
            session,
            actor=actor,
            action="job.submit",
            entity="job",
            entity_id=key,
            before=None,
            after={"kind": kind, "parameters": plain},
            chain=chain,  # a system's job is in its chain, so other systems' caches stand
        )
        return _view(row)

    try:
        return db.write(work)
    except IntegrityError:  # another process made it first: it is the same job
        found = get(db, key)
        if found is None:
            raise
        return found


def _asked_again(row: JobRow, now: datetime, rerun: bool, actor: str) -> bool:
    """Whether asking for this existing job changes it (and so is recorded)."""
    status = JobStatus(row.status)
    if rerun and status is JobStatus.RUNNING:
        if row.again:
            return False
        row.again = True
        return True
    retry = status is JobStatus.FAILED and (
        row.finished_at is None or now - _aware(row.finished_at) >= RETRY_FAILED_AFTER
    )
    if (rerun and status in (JobStatus.DONE, JobStatus.FAILED)) or retry:
        _requeue(row)
        row.attempts, row.error, row.requested_by = 0, None, actor
        return True
    return False


def get(db: Database, key: str) -> JobView | None:
    with db.reading() as session:
        row = session.get(JobRow, key)
        return None if row is None else _view(row, with_result=True)


def require(db: Database, key: str) -> JobView:
    found = get(db, key)
    if found is None:
        raise NotFoundError(f"no job {key}: `openbook jobs list` shows the jobs on this store")
    return found


def result_object(db: Database, key: str) -> Any:
    """The done job's result as the worker's function returned it."""
    with db.reading() as session:
        blob = session.scalar(select(JobRow.result_object).where(JobRow.key == key))
    return None if blob is None else pickle.loads(blob)  # noqa: S301 - our own workers wrote it


def list_active(db: Database, kind: str) -> list[JobView]:
    """The jobs of a kind queued or running, oldest first."""
    with db.reading() as session:
        rows = session.scalars(
            select(JobRow)
            .where(
                JobRow.kind == kind,
                JobRow.status.in_((JobStatus.QUEUED.value, JobStatus.RUNNING.value)),
            )
            .order_by(JobRow.created_at, JobRow.key)
        ).all()
        return [_view(row) for row in rows]


def list_jobs(db: Database, limit: int = 200) -> list[JobView]:
    """The newest jobs first."""
    with db.reading() as session:
        rows = session.scalars(
            select(JobRow).order_by(JobRow.created_at.desc(), JobRow.key).limit(limit)
        ).all()
        return [_view(row) for row in rows]


def _any(db: Database, *conditions: Any) -> bool:
    """A read first, so an idle worker never takes SQLite's write lock to find nothing."""
    with db.reading() as session:
        return session.scalar(select(JobRow.key).where(*conditions).limit(1)) is not None


def claim(db: Database, worker: str, kinds: frozenset[str]) -> JobView | None:
    """Take the oldest queued job of a kind this worker can run, or None."""
    if not _any(db, JobRow.status == JobStatus.QUEUED.value, JobRow.kind.in_(kinds)):
        return None

    def work(session: Session) -> JobView | None:
        query = (
            select(JobRow)
            .where(JobRow.status == JobStatus.QUEUED.value, JobRow.kind.in_(kinds))
            .order_by(JobRow.created_at, JobRow.key)
            .limit(1)
        )
        if session.bind is not None and session.bind.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        row = session.scalars(query).first()
        if row is None:
            return None
        now = db.clock.now()
        claimed = session.execute(
            update(JobRow)
            .where(JobRow.key == row.key, JobRow.status == JobStatus.QUEUED.value)
            .values(
                status=JobStatus.RUNNING.value,
                worker=worker,
                heartbeat=now,
                started_at=now,
                attempts=JobRow.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None
        session.refresh(row)
        return _view(row)

    return db.write(work)


def _mine(session: Session, key: str, worker: str) -> JobRow | None:
    row = session.get(JobRow, key, with_for_update=True)  # against a rerun asked meanwhile
    if row is None or row.worker != worker or row.status != JobStatus.RUNNING.value:
        return None  # re-queued (we were thought dead) or taken by another: not ours now
    return row


def beat(db: Database, key: str, worker: str, done: int | None, total: int | None) -> bool:
    """The worker is alive (and, given, its progress); False once the job is no longer its."""

    def work(session: Session) -> bool:
        row = _mine(session, key, worker)
        if row is None:
            return False
        row.heartbeat = db.clock.now()
        if done is not None:
            row.done, row.total = done, total
        return True

    return db.write(work)


def finish(
    db: Database, key: str, worker: str, result: Any, progress: tuple[int, int] | None = None
) -> bool:
    """The job is done: its result (as JSON, and as the object for pages) and its last
    progress; False if the job was no longer this worker's."""
    as_json = result.to_dict() if hasattr(result, "to_dict") else result
    try:  # strict JSON (PostgreSQL's json has no NaN or Infinity); else only the object
        plain = json.loads(json.dumps(as_json, default=str, allow_nan=False))
    except ValueError:
        plain = None
    blob = pickle.dumps(result)

    def work(session: Session) -> bool:
        row = _mine(session, key, worker)
        if row is None:
            return False
        row.result, row.result_object, row.error = plain, blob, None
        if row.again:  # asked for again while running: this run may have read stale figures
            _requeue(row)
            row.attempts = 0  # this run succeeded: the next has every attempt of its own
            return True
        row.status = JobStatus.DONE.value
        row.finished_at = row.heartbeat = db.clock.now()
        if progress is not None:
            row.done, row.total = progress
        return True

    return db.write(work)


def fail(db: Database, key: str, worker: str, error: str, max_attempts: int = MAX_ATTEMPTS) -> bool:
    """The attempt failed: queued again while attempts remain, else failed with `error`."""

    def work(session: Session) -> bool:
        row = _mine(session, key, worker)
        if row is None:
            return False
        row.error = error
        if row.attempts < max_attempts:
            _requeue(row)
        else:
            row.status, row.worker = JobStatus.FAILED.value, None
            row.finished_at = db.clock.now()
        return True

    return db.write(work)


def release(db: Database, key: str, worker: str) -> bool:
    """This worker is stopping: the job goes back in the queue, the attempt not counted."""

    def work(session: Session) -> bool:
        row = _mine(session, key, worker)
        if row is None:
            return False
        _requeue(row)
        row.attempts = max(0, row.attempts - 1)
        return True

    return db.write(work)


def requeue_stale(
    db: Database, stale_after: timedelta = STALE_AFTER, max_attempts: int = MAX_ATTEMPTS
) -> list[str]:
    """Running jobs whose worker stopped beating (it died): queued again, or failed once
    they have had every attempt. Returns their keys."""

    cutoff = db.clock.now() - stale_after
    if not _any(db, JobRow.status == JobStatus.RUNNING.value, JobRow.heartbeat < cutoff):
        return []

    def work(session: Session) -> list[str]:
        rows = session.scalars(
            select(JobRow).where(
                JobRow.status == JobStatus.RUNNING.value, JobRow.heartbeat < cutoff
            )
        ).all()
        for row in rows:
            lost = f"its worker {row.worker} stopped (attempt {row.attempts} of {max_attempts})"
            if row.attempts < max_attempts:
                _requeue(row)
                row.error = lost
            else:
                row.status, row.worker = JobStatus.FAILED.value, None
                row.error = f"the job failed: {lost}"
                row.finished_at = db.clock.now()
        return [row.key for row in rows]

    return db.write(work)
