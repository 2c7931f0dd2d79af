"""The job table: one row per job, named by its key (kind + parameters hash), so every web
process and instance on the store finds the same job for the same question."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Integer, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from openbook.kernel.tables import Base


class JobRow(Base):
    """A job: queued, running (claimed by `worker`, alive while `heartbeat` is recent), done
    (with its result) or failed (with its error, after `attempts` tries)."""

    __tablename__ = "job"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(60), index=True)
    parameters: Mapped[object] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), index=True)
    done: Mapped[int] = mapped_column(Integer)
    total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    result: Mapped[object | None] = mapped_column(JSON, nullable=True)
    # The result as the process that made it held it (pickled), so a page on any process
    # renders it as that one would; written only by this application's own workers.
    result_object: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer)
    requested_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    worker: Mapped[str | None] = mapped_column(String(100), nullable=True)
    heartbeat: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Asked for again while running (a rerun job, store.submit(..., rerun=True)): the run
    # under way may have read what has since changed, so it is queued again when it ends.
    again: Mapped[bool] = mapped_column(Boolean, server_default=false())
