"""Proposals and their approvals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from openbook.kernel.tables import Base


class ProposalRow(Base):
    __tablename__ = "proposal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    system_code: Mapped[str] = mapped_column(ForeignKey("health_system.system_code"))
    financial_year: Mapped[str] = mapped_column(String(7))
    month: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # transfers or changes
    explanation: Mapped[list[str]] = mapped_column(JSON)
    affected: Mapped[list[str]] = mapped_column(JSON)
    basis_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(100))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str | None] = mapped_column(String(100))
    closing_reason: Mapped[str | None] = mapped_column(Text)
    # What it proposes on which figures, while it is open (NULL once closed): unique, so an
    # identical proposal cannot be opened twice.
    open_key: Mapped[str | None] = mapped_column(String(64), unique=True)


class ProposalApprovalRow(Base):
    """One decision per approval slot (an organisation, or SYSTEM for the finance lead)."""

    __tablename__ = "proposal_approval"
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), primary_key=True)
    slot: Mapped[str] = mapped_column(String(12), primary_key=True)
    decision: Mapped[str] = mapped_column(String(10))
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(Text)


class ProposalEnactmentRow(Base):
    """The one enactment of a proposal. The unique constraints make a second enactment
    impossible at the database: of the same proposal, under the same idempotency key, or of
    any proposal on the same figures (an identical proposal solved on the same basis), since
    every enactment changes the figures it was solved on."""

    __tablename__ = "proposal_enactment"
    __table_args__ = (UniqueConstraint("system_code", "financial_year", "month", "basis_hash"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), unique=True)
    system_code: Mapped[str] = mapped_column(String(12))
    financial_year: Mapped[str] = mapped_column(String(7))
    month: Mapped[int] = mapped_column(Integer)
    basis_hash: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    enacted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    enacted_by: Mapped[str] = mapped_column(String(100))
