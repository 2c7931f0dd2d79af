"""Governance: bodies and rules (versioned documents), escalations with their history and
actions, decisions, and notifications."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from openbook.kernel.tables import Base


class GovernanceConfigRow(Base):
    """A system's bodies and escalation rule settings; each load is a new version."""

    __tablename__ = "governance_config"
    __table_args__ = (UniqueConstraint("system_code", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    system_code: Mapped[str] = mapped_column(ForeignKey("health_system.system_code"))
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(255))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    loaded_by: Mapped[str] = mapped_column(String(100))


class EscalationRow(Base):
    __tablename__ = "escalation"
    __table_args__ = (UniqueConstraint("system_code", "financial_year", "condition_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    system_code: Mapped[str] = mapped_column(ForeignKey("health_system.system_code"))
    financial_year: Mapped[str] = mapped_column(String(7))
    month: Mapped[int] = mapped_column(Integer)  # the month whose figures raised it
    condition_key: Mapped[str | None] = mapped_column(String(200))  # None: raised by a person
    rule: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(12))
    remit: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text)
    body_code: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12))
    raised_by: Mapped[str] = mapped_column(String(100))
    raised_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    last_seen_month: Mapped[int] = mapped_column(Integer)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closing_note: Mapped[str | None] = mapped_column(Text)


class EscalationEventRow(Base):
    """One step of an escalation's life: raised, escalated, cleared, resolved, ..."""

    __tablename__ = "escalation_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalation.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    body_code: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[date] = mapped_column(Date)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)


class EscalationActionRow(Base):
    __tablename__ = "escalation_action"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalation.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(100))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    done_by: Mapped[str | None] = mapped_column(String(100))
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)


class DecisionRow(Base):
    __tablename__ = "decision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    system_code: Mapped[str] = mapped_column(ForeignKey("health_system.system_code"))
    body_code: Mapped[str] = mapped_column(String(20))
    meeting_date: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(300))
    decided: Mapped[str] = mapped_column(Text)
    options: Mapped[list[str]] = mapped_column(JSON)
    proposal_refs: Mapped[list[str]] = mapped_column(JSON)
    escalation_refs: Mapped[list[str]] = mapped_column(JSON)
    agreements: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class NotificationRow(Base):
    """In-app first; emailed when an SMTP server is configured. An outbox: pending until a
    background sender delivers it (emailed_at), tried again with backoff after a failure,
    and a dead letter (email_dead_at) after the last attempt, until an administrator
    retries it (governance/outbox.py)."""

    __tablename__ = "notification"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    email: Mapped[str | None] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    email_error: Mapped[str | None] = mapped_column(Text)  # the last attempt's error
    email_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Not to be tried before then: the backoff after a failure, or a sender's claim on it.
    email_next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    email_dead_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class IssuedPackRow(Base):
    """A board pack as it was issued for a meeting: the file itself, never regenerated, with
    its SHA-256 and the moment its figures were taken at."""

    __tablename__ = "issued_pack"
    __table_args__ = (UniqueConstraint("system_code", "body_code", "meeting_date", "file_format"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    system_code: Mapped[str] = mapped_column(ForeignKey("health_system.system_code"))
    body_code: Mapped[str] = mapped_column(String(20))
    meeting_date: Mapped[date] = mapped_column(Date)
    file_format: Mapped[str] = mapped_column(String(8))
    financial_year: Mapped[str] = mapped_column(String(7))
    month: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    as_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    issued_by: Mapped[str] = mapped_column(String(100))


class SpcNoteRow(Base):
    """A note on an SPC chart: an annotation, or a rebase (limits recalculated from a month),
    recorded in a system. Its state is its latest version (SpcNoteVersionRow)."""

    __tablename__ = "spc_note"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    system_code: Mapped[str] = mapped_column(ForeignKey("health_system.system_code"), index=True)
    chart: Mapped[str] = mapped_column(String(120), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SpcNoteVersionRow(Base):
    """Every step of a note (recorded, proposed, agreed, withdrawn), never overwritten: who,
    when, why, and the decision it is linked to."""

    __tablename__ = "spc_note_version"
    __table_args__ = (UniqueConstraint("note_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("spc_note.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))
    day: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(120))
    note: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    decision_ref: Mapped[str | None] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
