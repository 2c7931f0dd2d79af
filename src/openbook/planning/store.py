"""The only SQL of planning: stored scenarios and assumption sets, append-only versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from openbook.planning.model.stored import StoredVersion
from openbook.planning.tables import (
    PlanningAssumptionSetRow,
    PlanningAssumptionVersionRow,
    PlanningScenarioRow,
    PlanningScenarioVersionRow,
)


def _scenario(row: PlanningScenarioRow, version: PlanningScenarioVersionRow) -> StoredVersion:
    return StoredVersion(
        row.name,
        version.version,
        version.document,
        version.reason,
        version.recorded_at,
        version.recorded_by,
        version.assumption_set,
        row.copied_from,
    )


def _assumptions(
    row: PlanningAssumptionSetRow, version: PlanningAssumptionVersionRow
) -> StoredVersion:
    return StoredVersion(
        row.name,
        version.version,
        version.document,
        version.reason,
        version.recorded_at,
        version.recorded_by,
    )


def get_scenario_version(
    session: Session, name: str, version: int | None = None
) -> StoredVersion | None:
    """A version of the scenario (the latest if `version` is None)."""
    row = session.scalars(
        select(PlanningScenarioRow).where(PlanningScenarioRow.name == name)
    ).one_or_none()
    if row is None:
        return None
    query = select(PlanningScenarioVersionRow).where(
        PlanningScenarioVersionRow.scenario_id == row.id
    )
    if version is not None:
        query = query.where(PlanningScenarioVersionRow.version == version)
    found = session.scalars(
        query.order_by(PlanningScenarioVersionRow.version.desc()).limit(1)
    ).first()
    return None if found is None else _scenario(row, found)


def list_scenario_versions(session: Session, name: str) -> list[StoredVersion]:
    query = (
        select(PlanningScenarioRow, PlanningScenarioVersionRow)
        .join(
            PlanningScenarioVersionRow,
            PlanningScenarioVersionRow.scenario_id == PlanningScenarioRow.id,
        )
        .where(PlanningScenarioRow.name == name)
        .order_by(PlanningScenarioVersionRow.version)
    )
    return [_scenario(row, version) for row, version in session.execute(query).all()]


def list_scenarios(session: Session) -> list[StoredVersion]:
    """The latest version of every scenario, by name."""
    latest = (
        select(
            PlanningScenarioVersionRow.scenario_id,
            func.max(PlanningScenarioVersionRow.version).label("v"),
        )
        .group_by(PlanningScenarioVersionRow.scenario_id)
        .subquery()
    )
    query = (
        select(PlanningScenarioRow, PlanningScenarioVersionRow)
        .join(latest, latest.c.scenario_id == PlanningScenarioRow.id)
        .join(
            PlanningScenarioVersionRow,
            (PlanningScenarioVersionRow.scenario_id == PlanningScenarioRow.id)
            & (PlanningScenarioVersionRow.version == latest.c.v),
        )
        .order_by(PlanningScenarioRow.name)
    )
    return [_scenario(row, version) for row, version in session.execute(query).all()]


def add_scenario_version(
    session: Session,
    name: str,
    document: dict[str, Any],
    *,
    reason: str | None,
    at: datetime,
    by: str,
    basis: str | None = None,
    copied_from: str | None = None,
) -> StoredVersion:
    """The next version of `name` (version 1, creating the scenario, if it is new)."""
    row = session.scalars(
        select(PlanningScenarioRow).where(PlanningScenarioRow.name == name).with_for_update()
    ).one_or_none()
    if row is None:
        row = PlanningScenarioRow(name=name, created_at=at, created_by=by, copied_from=copied_from)
        session.add(row)
        session.flush()
    last = session.scalar(
        select(func.max(PlanningScenarioVersionRow.version)).where(
            PlanningScenarioVersionRow.scenario_id == row.id
        )
    )
    version = PlanningScenarioVersionRow(
        scenario_id=row.id,
        version=(last or 0) + 1,
        document=document,
        assumption_set=basis,
        reason=reason,
        recorded_at=at,
        recorded_by=by,
    )
    session.add(version)
    session.flush()
    return _scenario(row, version)


def get_assumption_version(
    session: Session, name: str, version: int | None = None
) -> StoredVersion | None:
    row = session.scalars(
        select(PlanningAssumptionSetRow).where(PlanningAssumptionSetRow.name == name)
    ).one_or_none()
    if row is None:
        return None
    query = select(PlanningAssumptionVersionRow).where(
        PlanningAssumptionVersionRow.set_id == row.id
    )
    if version is not None:
        query = query.where(PlanningAssumptionVersionRow.version == version)
    found = session.scalars(
        query.order_by(PlanningAssumptionVersionRow.version.desc()).limit(1)
    ).first()
    return None if found is None else _assumptions(row, found)


def list_assumption_versions(session: Session, name: str | None = None) -> list[StoredVersion]:
    """Every version of one set (or of every set), by name then version."""
    query = select(PlanningAssumptionSetRow, PlanningAssumptionVersionRow).join(
        PlanningAssumptionVersionRow,
        PlanningAssumptionVersionRow.set_id == PlanningAssumptionSetRow.id,
    )
    if name is not None:
        query = query.where(PlanningAssumptionSetRow.name == name)
    query = query.order_by(PlanningAssumptionSetRow.name, PlanningAssumptionVersionRow.version)
    return [_assumptions(row, version) for row, version in session.execute(query).all()]


def add_assumption_version(
    session: Session,
    name: str,
    document: dict[str, Any],
    *,
    reason: str | None,
    at: datetime,
    by: str,
) -> StoredVersion:
    row = session.scalars(
        select(PlanningAssumptionSetRow)
        .where(PlanningAssumptionSetRow.name == name)
        .with_for_update()
    ).one_or_none()
    if row is None:
        row = PlanningAssumptionSetRow(name=name, created_at=at, created_by=by)
        session.add(row)
        session.flush()
    last = session.scalar(
        select(func.max(PlanningAssumptionVersionRow.version)).where(
            PlanningAssumptionVersionRow.set_id == row.id
        )
    )
    version = PlanningAssumptionVersionRow(
        set_id=row.id,
        version=(last or 0) + 1,
        document=document,
        reason=reason,
        recorded_at=at,
        recorded_by=by,
    )
    session.add(version)
    session.flush()
    return _assumptions(row, version)
