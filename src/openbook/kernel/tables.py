"""The foundation tables. Money is Numeric(18, 2); writes append, never overwrite."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

Money = Numeric(18, 2)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class OrganisationRow(Base):
    __tablename__ = "organisation"
    org_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    place: Mapped[str | None] = mapped_column(String(100))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    successor_code: Mapped[str | None] = mapped_column(String(12))


class HealthSystemRow(Base):
    __tablename__ = "health_system"
    system_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    ons_code: Mapped[str | None] = mapped_column(String(12))


class MembershipRow(Base):
    __tablename__ = "membership"
    system_code: Mapped[str] = mapped_column(
        ForeignKey("health_system.system_code"), primary_key=True
    )
    org_code: Mapped[str] = mapped_column(ForeignKey("organisation.org_code"), primary_key=True)
    financial_year: Mapped[str] = mapped_column(String(7), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))


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


class PlanLineRow(Base):
    """The agreed annual plan, phased monthly, one version per agreement."""

    __tablename__ = "plan_line"
    org_code: Mapped[str] = mapped_column(ForeignKey("organisation.org_code"), primary_key=True)
    financial_year: Mapped[str] = mapped_column(String(7), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_code: Mapped[str] = mapped_column(String(60), primary_key=True)
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    amount: Mapped[Decimal] = mapped_column(Money)


class ControlTotalRow(Base):
    __tablename__ = "control_total"
    org_code: Mapped[str] = mapped_column(ForeignKey("organisation.org_code"), primary_key=True)
    financial_year: Mapped[str] = mapped_column(String(7), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(Text)
    decision_ref: Mapped[str | None] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))


class ContractRow(Base):
    __tablename__ = "contract"
    commissioner_code: Mapped[str] = mapped_column(
        ForeignKey("organisation.org_code"), primary_key=True
    )
    provider_code: Mapped[str] = mapped_column(
        ForeignKey("organisation.org_code"), primary_key=True
    )
    financial_year: Mapped[str] = mapped_column(String(7), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_type: Mapped[str] = mapped_column(String(30))
    annual_value: Mapped[Decimal] = mapped_column(Money)
    phasing: Mapped[list[str]] = mapped_column(JSON)  # 12 decimal shares as strings


class SustainabilityAllocationRow(Base):
    __tablename__ = "sustainability_allocation"
    org_code: Mapped[str] = mapped_column(ForeignKey("organisation.org_code"), primary_key=True)
    financial_year: Mapped[str] = mapped_column(String(7), primary_key=True)
    annual_amount: Mapped[Decimal] = mapped_column(Money)
    finance_share: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    quarterly_phasing: Mapped[list[str]] = mapped_column(JSON)


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


class ActivityRow(Base):
    """Monthly activity counts by provider and point of delivery (E.M codes)."""

    __tablename__ = "activity"
    __table_args__ = (
        UniqueConstraint(
            "provider_code", "commissioner_code", "pod", "ae_type", "period_start", "measure"
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_code: Mapped[str] = mapped_column(String(12), index=True)
    commissioner_code: Mapped[str] = mapped_column(String(12))  # "" when not known
    pod: Mapped[str] = mapped_column(String(12))
    ae_type: Mapped[str] = mapped_column(String(12))  # "1", "2", "other"; "" for non-A&E
    period_start: Mapped[date] = mapped_column(Date)
    financial_year: Mapped[str] = mapped_column(String(7))
    month: Mapped[int] = mapped_column(Integer)
    measure: Mapped[str] = mapped_column(String(12))  # "actual" or "plan"
    count: Mapped[int] = mapped_column(Integer)
    breaches: Mapped[int | None] = mapped_column(Integer)
    admissions: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(255))
    synthetic: Mapped[bool] = mapped_column(Boolean)


class AuditEventRow(Base):
    """Append-only, hash-chained: hash = sha256(prev_hash + payload)."""

    __tablename__ = "audit_event"
    sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(200), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON of the whole event
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """One row: the chain's last sequence and hash. Locked while an event is appended, so
    concurrent writers queue instead of forking the chain; also exposes a deleted tail."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_sequence: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
