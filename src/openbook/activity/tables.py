"""Activity loads, the earlier values they replaced, the price table, contract terms, and the
manifest of partitioned extracts (each month's files, fingerprint and cube, by version)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from openbook.kernel.tables import Base, Money


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


class ActivityLoadRow(Base):
    """One file loaded: what it was, who loaded it, and what it changed."""

    __tablename__ = "activity_load"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))  # ae, return, extract, plan, demo
    source: Mapped[str] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    added: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    loaded_by: Mapped[str] = mapped_column(String(100))


class ActivityHistoryRow(Base):
    """A monthly count as it was before a later load replaced it (nothing is lost)."""

    __tablename__ = "activity_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider_code: Mapped[str] = mapped_column(String(12), index=True)
    commissioner_code: Mapped[str] = mapped_column(String(12))
    pod: Mapped[str] = mapped_column(String(12))
    ae_type: Mapped[str] = mapped_column(String(12))
    period_start: Mapped[date] = mapped_column(Date)
    measure: Mapped[str] = mapped_column(String(12))
    count: Mapped[int] = mapped_column(Integer)
    breaches: Mapped[int | None] = mapped_column(Integer)
    admissions: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(255))
    replaced_by_load: Mapped[int] = mapped_column(Integer)


class ActivityPriceRow(Base):
    """The price of one unit of activity at a point of delivery in a year (shadow PbR)."""

    __tablename__ = "activity_price"
    __table_args__ = (UniqueConstraint("financial_year", "pod", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    financial_year: Mapped[str] = mapped_column(String(7))
    pod: Mapped[str] = mapped_column(String(12))
    version: Mapped[int] = mapped_column(Integer)  # a reloaded price is a new version
    price: Mapped[Decimal] = mapped_column(Money)
    source: Mapped[str] = mapped_column(String(255))


class ContractTermsRow(Base):
    """One version of an aligned payment contract's terms (a change is a new version)."""

    __tablename__ = "activity_contract_terms"
    __table_args__ = (
        UniqueConstraint("commissioner_code", "provider_code", "financial_year", "version"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    commissioner_code: Mapped[str] = mapped_column(String(12))
    provider_code: Mapped[str] = mapped_column(String(12), index=True)
    financial_year: Mapped[str] = mapped_column(String(7))
    version: Mapped[int] = mapped_column(Integer)
    fixed_element: Mapped[Decimal] = mapped_column(Money)
    elective_baseline: Mapped[Decimal] = mapped_column(Money)
    variable_rate: Mapped[Decimal] = mapped_column(Numeric(5, 2))  # % of unit price
    low_value_threshold: Mapped[Decimal] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(String(500))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))


class ElectiveTargetRow(Base):
    """One version of a system's elective value target for a year, % of 2019/20."""

    __tablename__ = "activity_elective_target"
    __table_args__ = (UniqueConstraint("system_code", "financial_year", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    system_code: Mapped[str] = mapped_column(String(12))
    financial_year: Mapped[str] = mapped_column(String(7))
    version: Mapped[int] = mapped_column(Integer)
    percent: Mapped[Decimal] = mapped_column(Numeric(6, 1))
    source: Mapped[str] = mapped_column(String(500))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))


class ExtractPartitionRow(Base):
    """One version of one month's partition of a folder extract (month=2018-04/...): the
    files it had, their fingerprint, and what they counted. A changed partition is a new
    version; earlier versions stay, with their cells."""

    __tablename__ = "activity_extract_partition"
    __table_args__ = (UniqueConstraint("source", "period_start", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(500), index=True)  # the folder's full path
    period_start: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)
    files: Mapped[list[dict[str, object]]] = mapped_column(JSON)  # name, bytes, mtime_ns
    bytes: Mapped[int] = mapped_column(BigInteger)
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of names and contents
    rows: Mapped[int] = mapped_column(BigInteger)  # extract rows (attendances, spells)
    cube_rows: Mapped[int] = mapped_column(Integer)  # cells of the month's cube
    load_id: Mapped[int] = mapped_column(Integer)  # the activity_load that stored it
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))


class ExtractCellRow(Base):
    """One cell of a partition version's cube: provider x commissioner x point of delivery
    for the partition's month."""

    __tablename__ = "activity_extract_cell"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    partition_id: Mapped[int] = mapped_column(Integer, index=True)
    provider_code: Mapped[str] = mapped_column(String(12))
    commissioner_code: Mapped[str] = mapped_column(String(12))
    pod: Mapped[str] = mapped_column(String(12))
    rows: Mapped[int] = mapped_column(BigInteger)
