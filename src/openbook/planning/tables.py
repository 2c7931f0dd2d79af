"""Stored scenarios and assumption sets: each a name with versions that only append (a
change is a new version; earlier versions stay readable). The documents are the scenario
file's JSON (docs/planning.md), so what is stored is exactly what can be downloaded."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from openbook.kernel.tables import Base


class PlanningScenarioRow(Base):
    __tablename__ = "planning_scenario"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(100))
    copied_from: Mapped[str | None] = mapped_column(String(220))  # "name v3", if a copy


class PlanningScenarioVersionRow(Base):
    __tablename__ = "planning_scenario_version"
    __table_args__ = (UniqueConstraint("scenario_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("planning_scenario.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)  # the scenario file
    assumption_set: Mapped[str | None] = mapped_column(String(220))  # "name v2", if applied
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))


class PlanningAssumptionSetRow(Base):
    __tablename__ = "planning_assumption_set"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(100))


class PlanningAssumptionVersionRow(Base):
    __tablename__ = "planning_assumption_version"
    __table_args__ = (UniqueConstraint("set_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("planning_assumption_set.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)  # base_year, years, assumptions
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))
