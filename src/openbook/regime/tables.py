"""Regime tables: capital, cash and workforce returns, every version kept (the latest is
the one in force), with their lines. Money, counts and WTE are Numeric(18, 2)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from openbook.kernel.tables import Base, Money


class CcwReturnRow(Base):
    """One version of one organisation's capital, cash and workforce return for a month."""

    __tablename__ = "ccw_return"
    __table_args__ = (UniqueConstraint("org_code", "financial_year", "month", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_code: Mapped[str] = mapped_column(ForeignKey("organisation.org_code"))
    financial_year: Mapped[str] = mapped_column(String(7))
    month: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    source_name: Mapped[str] = mapped_column(String(255))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    submitted_by: Mapped[str] = mapped_column(String(100))


class CcwLineRow(Base):
    __tablename__ = "ccw_line"
    return_id: Mapped[int] = mapped_column(ForeignKey("ccw_return.id"), primary_key=True)
    line_code: Mapped[str] = mapped_column(String(60), primary_key=True)
    plan: Mapped[Decimal] = mapped_column(Money)
    actual: Mapped[Decimal] = mapped_column(Money)
    forecast_outturn: Mapped[Decimal] = mapped_column(Money)
