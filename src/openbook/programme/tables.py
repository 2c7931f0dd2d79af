"""Stored programmes: each a code with versions that only append. A version keeps the file's
text as loaded, so what is stored is exactly what was checked; the postings say which plan
versions of which organisations the investment went into."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from openbook.kernel.tables import Base, Money


class ProgrammeRow(Base):
    __tablename__ = "programme"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    system_code: Mapped[str] = mapped_column(String(12), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(100))


class ProgrammeVersionRow(Base):
    __tablename__ = "programme_version"
    __table_args__ = (UniqueConstraint("programme_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    source_name: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)  # the programme file as loaded
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))


class ProgrammePostingRow(Base):
    """Investment of one programme version posted into an organisation's plan for a year."""

    __tablename__ = "programme_posting"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    org_code: Mapped[str] = mapped_column(String(12))
    financial_year: Mapped[str] = mapped_column(String(7))
    amount: Mapped[Decimal] = mapped_column(Money)  # the programme's planned spend there
    plan_version: Mapped[int | None] = mapped_column(Integer)  # None: not posted (see note)
    effective_month: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
