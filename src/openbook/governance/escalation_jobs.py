"""The escalation rules off the request path (OPENBOOK_ESCALATIONS=background): new figures
queue one job per system, year and month evaluated in the store's job queue
(openbook.jobs), named by those alone, so a burst of submissions for a system coalesces into
the one run still queued (or marks the run under way to run again); whichever web process's
worker claims it runs the rules as a submission would have inline. Inline, the default on
SQLite and in tests, runs them in the request, after the commit.

While a system's job is queued or running its escalation pages say the rules are being run
again, so nobody reads the open escalations as the last word on the newest returns."""

from __future__ import annotations

from typing import Any, Protocol

from openbook.jobs.model import JobView
from openbook.jobs.queue import active_jobs
from openbook.kernel.database import Database
from openbook.kernel.error import OpenbookError
from openbook.kernel.period import FinancialYear

KIND = "escalations"
QUEUE = "governance.escalation_queue"  # the store's extension: the queue, when background
MODES = ("inline", "background")
JOB_ACTOR = "openbook-rules"


class Submits(Protocol):
    """The part of a job queue this needs (openbook.jobs.queue.JobQueue)."""

    def submit(
        self,
        kind: str,
        parameters: dict[str, Any],
        actor: str,
        rerun: bool = False,
        chain: str | None = None,
    ) -> JobView: ...


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise OpenbookError(
            f"OPENBOOK_ESCALATIONS is {mode!r}; expected one of {', '.join(MODES)}",
            hint="inline runs the escalation rules in the request that changed the figures; "
            "background queues them as a job for the web processes' workers",
        )
    return mode


def run_in_background(db: Database, queue: Submits | None) -> None:
    """Queue this store's escalation runs on `queue` (None: run them inline again)."""
    if queue is None:
        db.extensions.pop(QUEUE, None)
    else:
        db.extensions[QUEUE] = queue


def job_parameters(system_code: str, year: FinancialYear, month: int) -> dict[str, Any]:
    return {"system": system_code, "year": year.label, "month": month}


def queue_reevaluation(db: Database, system_code: str, year: FinancialYear, month: int) -> bool:
    """Queue the system's run when escalations run in the background; False when inline."""
    queue: Submits | None = db.extensions.get(QUEUE)
    if queue is None:
        return False
    parameters = job_parameters(system_code, year, month)
    queue.submit(KIND, parameters, JOB_ACTOR, rerun=True, chain=system_code)
    return True


def reevaluating_systems(db: Database) -> frozenset[str]:
    """The systems whose escalation rules are queued or running now."""
    return frozenset(str(job.parameters.get("system")) for job in active_jobs(db, KIND))


def is_reevaluating(db: Database, system_code: str) -> bool:
    return system_code in reevaluating_systems(db)
