"""The stored passport: each load of a register is a version, kept whole (its sites, people,
credentials, competences, acceptance rules and move agreements); the highest is in force."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from openbook.kernel.tables import Base


class PassportVersionRow(Base):
    """One load of the register; earlier versions stay readable."""

    __tablename__ = "passport_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    source: Mapped[str] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64))
    synthetic: Mapped[bool] = mapped_column(Boolean)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    loaded_by: Mapped[str] = mapped_column(String(100))


class PassportSiteRow(Base):
    __tablename__ = "passport_site"
    __table_args__ = (UniqueConstraint("version_id", "site"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("passport_version.id"), index=True)
    site: Mapped[str] = mapped_column(String(20))
    org_code: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(200))


class PassportPersonRow(Base):
    """A person: no more than the rota needs (no date of birth, pay or contact details)."""

    __tablename__ = "passport_person"
    __table_args__ = (UniqueConstraint("version_id", "person_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("passport_version.id"), index=True)
    person_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    org_code: Mapped[str] = mapped_column(String(12))
    role: Mapped[str] = mapped_column(String(100))
    manager: Mapped[str | None] = mapped_column(String(100), nullable=True)


class PassportCredentialRow(Base):
    """A check, core skill or competence (`kind`), with its issuer, dates and evidence."""

    __tablename__ = "passport_credential"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("passport_version.id"), index=True)
    person_id: Mapped[str] = mapped_column(String(40))
    check_name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))
    issuer: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    evidence_ref: Mapped[str] = mapped_column(String(200))


class PassportRuleRow(Base):
    """An acceptance rule of an organisation, optionally one site and one service."""

    __tablename__ = "passport_rule"
    __table_args__ = (UniqueConstraint("version_id", "position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("passport_version.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    org_code: Mapped[str] = mapped_column(String(12))
    site: Mapped[str | None] = mapped_column(String(20), nullable=True)
    service: Mapped[str | None] = mapped_column(String(60), nullable=True)
    requires: Mapped[str] = mapped_column(Text)  # credential names, one per line


class PassportMoveRow(Base):
    """A licence to attend: a person may work for another organisation between dates."""

    __tablename__ = "passport_move"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("passport_version.id"), index=True)
    agreement_id: Mapped[str] = mapped_column(String(60))
    person_id: Mapped[str] = mapped_column(String(40))
    from_org: Mapped[str] = mapped_column(String(12))
    to_org: Mapped[str] = mapped_column(String(12))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    recharge_percent: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    terms: Mapped[str] = mapped_column(Text)
