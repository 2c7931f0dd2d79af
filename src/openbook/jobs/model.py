"""A job as every process sees it: its status, progress and error (the model of the job
table, with no storage in it)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


def job_key(kind: str, parameters: Mapping[str, Any]) -> str:
    """The same kind and parameters always name the same job."""
    text = json.dumps({"kind": kind, "parameters": parameters}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


@dataclass(frozen=True)
class JobView:
    """A job as read from the store (the result object is loaded only when asked for)."""

    key: str
    kind: str
    parameters: dict[str, Any]
    status: JobStatus
    done: int
    total: int | None
    error: str | None
    attempts: int
    requested_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    worker: str | None
    heartbeat: datetime | None
    result_json: Any = None

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

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

    def to_dict(self) -> dict[str, Any]:
        """What `openbook jobs show` and `list` print (times in ISO 8601, UTC)."""

        def when(moment: datetime | None) -> str | None:
            return None if moment is None else moment.isoformat()

        return {
            **self.status_dict(),
            "attempts": self.attempts,
            "requested_by": self.requested_by,
            "created_at": when(self.created_at),
            "started_at": when(self.started_at),
            "finished_at": when(self.finished_at),
            "worker": self.worker,
            "heartbeat": when(self.heartbeat),
            "parameters": self.parameters,
        }
