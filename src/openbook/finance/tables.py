"""Finance tables: return versions with their lines and risks, agreed plans, sustainability
allocations, closed months, the double-entry ledger of agreed transfers, commentary and
questions, and the reminders sent for late returns."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from openbook.kernel.tables import Base, Money


class FinanceReturnRow(Base):
    """One version of one organisation's return for one month."""

    __tablename__ = "finance_return"
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


class ReturnLineRow(Base):
    __tablename__ = "return_line"
    return_id: Mapped[int] = mapped_column(ForeignKey("finance_return.id"), primary_key=True)
    line_code: Mapped[str] = mapped_column(String(60), primary_key=True)
    annual_plan: Mapped[Decimal] = mapped_column(Money)
    plan_ytd: Mapped[Decimal] = mapped_column(Money)
    actual_ytd: Mapped[Decimal] = mapped_column(Money)
    forecast_outturn: Mapped[Decimal] = mapped_column(Money)


class ReturnRiskRow(Base):
    __tablename__ = "return_risk"
    return_id: Mapped[int] = mapped_column(ForeignKey("finance_return.id"), primary_key=True)
    ref: Mapped[str] = mapped_column(String(60), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    description: Mapped[str] = mapped_column(Text)
    gross_value: Mapped[Decimal] = mapped_column(Money)
    likelihood_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2))


class PeriodCloseRow(Base):
    """A month the system has closed: no more returns for it."""

    __tablename__ = "period_close"
    system_code: Mapped[str] = mapped_column(
        ForeignKey("health_system.system_code"), primary_key=True
    )
    financial_year: Mapped[str] = mapped_column(String(7), primary_key=True)
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    closed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str] = mapped_column(String(100))


class LedgerEntryRow(Base):
    """Double-entry lines of agreed system transfers; the lines of one transfer sum to zero."""

    __tablename__ = "ledger_entry"
    __table_args__ = (Index("ix_ledger_entry_org_year", "org_code", "financial_year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    transfer_ref: Mapped[str] = mapped_column(String(60), index=True)
    org_code: Mapped[str] = mapped_column(ForeignKey("organisation.org_code"))
    financial_year: Mapped[str] = mapped_column(String(7))
    month: Mapped[int] = mapped_column(Integer)
    line_code: Mapped[str] = mapped_column(String(60))
    amount: Mapped[Decimal] = mapped_column(Money)
    description: Mapped[str] = mapped_column(Text)
    decision_ref: Mapped[str | None] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))


class ReturnCommentaryRow(Base):
    """The narrative a version of a return carries: per line, and overall (line_code "")."""

    __tablename__ = "return_commentary"
    return_id: Mapped[int] = mapped_column(ForeignKey("finance_return.id"), primary_key=True)
    line_code: Mapped[str] = mapped_column(String(60), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class ReturnQuestionRow(Base):
    """A question the system lead asked on a line of an organisation's month, and its answer."""

    __tablename__ = "return_question"
    __table_args__ = (Index("ix_return_question_period", "org_code", "financial_year", "month"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_code: Mapped[str] = mapped_column(ForeignKey("organisation.org_code"))
    financial_year: Mapped[str] = mapped_column(String(7))
    month: Mapped[int] = mapped_column(Integer)
    line_code: Mapped[str] = mapped_column(String(60))
    question: Mapped[str] = mapped_column(Text)
    asked_by: Mapped[str] = mapped_column(String(100))
    asked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(100))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReturnReminderRow(Base):
    """A reminder sent to an organisation's submitters that its month's return is late:
    at most one for each organisation, month and deadline."""

    __tablename__ = "return_reminder"
    org_code: Mapped[str] = mapped_column(ForeignKey("organisation.org_code"), primary_key=True)
    financial_year: Mapped[str] = mapped_column(String(7), primary_key=True)
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    deadline: Mapped[date] = mapped_column(Date, primary_key=True)
    system_code: Mapped[str] = mapped_column(ForeignKey("health_system.system_code"))
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_by: Mapped[str] = mapped_column(String(100))
