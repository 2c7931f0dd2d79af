"""Reference tables: organisations, systems and who belongs to which by year; what each
organisation agreed for a year (control-total versions, plan versions, contracts, its
sustainability allocation). Money is Numeric(18, 2); writes append versions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from openbook.kernel.tables import Base, Money


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
    # The system's own choices (separation of duties, the unit control totals are rounded
    # to); see reference.model.system_settings. None: the defaults.
    settings: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class MembershipRow(Base):
    __tablename__ = "membership"
    system_code: Mapped[str] = mapped_column(
        ForeignKey("health_system.system_code"), primary_key=True
    )
    org_code: Mapped[str] = mapped_column(ForeignKey("organisation.org_code"), primary_key=True)
    financial_year: Mapped[str] = mapped_column(String(7), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    # Joining or leaving within the year: the first and last day of membership (None: the
    # year's first or last day).
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)


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
    effective_month: Mapped[int] = mapped_column(Integer, server_default="1")


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


class PlanLineRow(Base):
    """The agreed annual plan, phased monthly, one version per agreement."""

    __tablename__ = "plan_line"
    org_code: Mapped[str] = mapped_column(ForeignKey("organisation.org_code"), primary_key=True)
    financial_year: Mapped[str] = mapped_column(String(7), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_code: Mapped[str] = mapped_column(String(60), primary_key=True)
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    amount: Mapped[Decimal] = mapped_column(Money)


class SustainabilityAllocationRow(Base):
    __tablename__ = "sustainability_allocation"
    org_code: Mapped[str] = mapped_column(ForeignKey("organisation.org_code"), primary_key=True)
    financial_year: Mapped[str] = mapped_column(String(7), primary_key=True)
    annual_amount: Mapped[Decimal] = mapped_column(Money)
    finance_share: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    quarterly_phasing: Mapped[list[str]] = mapped_column(JSON)


class PlanVersionRow(Base):
    """When a plan version was agreed and from which month it applies."""

    __tablename__ = "plan_version"
    org_code: Mapped[str] = mapped_column(ForeignKey("organisation.org_code"), primary_key=True)
    financial_year: Mapped[str] = mapped_column(String(7), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    effective_month: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)


class SystemClusterRow(Base):
    """Systems viewed as one (e.g. ICBs clustering from 2026/27); which systems, by year, is
    in cluster_system."""

    __tablename__ = "system_cluster"
    cluster_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    synthetic: Mapped[bool] = mapped_column(Boolean)  # demonstration data, labelled so


class ClusterSystemRow(Base):
    __tablename__ = "cluster_system"
    cluster_code: Mapped[str] = mapped_column(
        ForeignKey("system_cluster.cluster_code"), primary_key=True
    )
    system_code: Mapped[str] = mapped_column(
        ForeignKey("health_system.system_code"), primary_key=True
    )
    financial_year: Mapped[str] = mapped_column(String(7), primary_key=True)
