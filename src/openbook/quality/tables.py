"""Quality returns (every version kept) and CQC ratings (every rating kept, with its date)."""

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


class QualityReturnRow(Base):
    """One version of a provider's quality return for a month; the highest is in force."""

    __tablename__ = "quality_return"
    __table_args__ = (UniqueConstraint("org_code", "financial_year", "month", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_code: Mapped[str] = mapped_column(String(12), index=True)
    financial_year: Mapped[str] = mapped_column(String(7))
    month: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64))
    synthetic: Mapped[bool] = mapped_column(Boolean)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    submitted_by: Mapped[str] = mapped_column(String(100))


class QualityLineRow(Base):
    """One measure of one return version: its numerator and denominator."""

    __tablename__ = "quality_line"
    __table_args__ = (UniqueConstraint("return_id", "measure"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("quality_return.id"), index=True)
    measure: Mapped[str] = mapped_column(String(40))
    numerator: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    denominator: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    note: Mapped[str] = mapped_column(Text)


class CqcRatingRow(Base):
    """A CQC overall rating of an organisation, published on a date; later ones supersede."""

    __tablename__ = "cqc_rating"
    __table_args__ = (UniqueConstraint("org_code", "published"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_code: Mapped[str] = mapped_column(String(12), index=True)
    published: Mapped[date] = mapped_column(Date)
    rating: Mapped[str] = mapped_column(String(30))
    source: Mapped[str] = mapped_column(String(255))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))
