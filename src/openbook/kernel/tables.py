"""The declarative base every feature's tables share, its naming convention, the money type,
and the kernel's own tables (the hash-chained audit log).

Money is Numeric(18, 2); writes append, never overwrite."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    Integer,
    MetaData,
    Numeric,
    Sequence,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

Money = Numeric(18, 2)
STORE_CHAIN = "store"  # the audit chain of writes that are not one system's

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AuditEventRow(Base):
    """Append-only, hash-chained within its chain: hash = sha256(prev_hash + payload).

    `sequence` orders every event in the store (a database sequence, so writers on different
    chains never wait for each other to number one); `chain` is "store" or a system's code and
    `chain_sequence` the event's place in that chain, unique, so a chain cannot fork."""

    __tablename__ = "audit_event"
    __table_args__ = (UniqueConstraint("chain", "chain_sequence", name="uq_audit_event_chain"),)
    sequence: Mapped[int] = mapped_column(
        Integer, Sequence("audit_event_sequence_seq"), primary_key=True
    )
    chain: Mapped[str] = mapped_column(String(12), default=STORE_CHAIN, server_default=STORE_CHAIN)
    chain_sequence: Mapped[int] = mapped_column(Integer)
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
    """One row per chain: its last sequence and hash. Locked while an event is appended to
    that chain, so concurrent writers to one system queue instead of forking its chain, while
    writers to other systems go on; also exposes a deleted tail."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chain: Mapped[str] = mapped_column(
        String(12), unique=True, default=STORE_CHAIN, server_default=STORE_CHAIN
    )
    last_sequence: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


class CounterRow(Base):
    """Numbers handed out one at a time per scope (a system) and name (escalations,
    proposals of a year): incremented in place, so two writers never take the same number."""

    __tablename__ = "counter"
    scope: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer)
