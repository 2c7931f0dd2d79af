"""Stored scenarios and assumption sets: the reads, and the results calculated from them
(the same documents as the scenario file gives: docs/planning.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.planning import store
from openbook.planning.model.compare import calculate_tornado
from openbook.planning.model.scenario import Scenario
from openbook.planning.model.share import SolveControlTotals
from openbook.planning.model.stored import StoredVersion
from openbook.planning.report import (
    compare_scenarios,
    read_scenario_document,
    run_scenario,
    share_scenario,
    tornado_document,
)


def list_scenarios(db: Database) -> list[StoredVersion]:
    """The latest version of every stored scenario."""
    with db.reading() as session:
        return store.list_scenarios(session)


def get_scenario(db: Database, name: str, version: int | None = None) -> StoredVersion:
    with db.reading() as session:
        found = store.get_scenario_version(session, name, version)
    if found is None:
        which = name if version is None else f"{name} v{version}"
        raise NotFoundError(f"there is no scenario {which!r}", hint="openbook plan list")
    return found


def scenario_history(db: Database, name: str) -> list[StoredVersion]:
    """Every version of a scenario, oldest first."""
    with db.reading() as session:
        found = store.list_scenario_versions(session, name)
    if not found:
        raise NotFoundError(f"there is no scenario {name!r}", hint="openbook plan list")
    return found


def list_assumption_sets(db: Database, name: str | None = None) -> list[StoredVersion]:
    """Every version of every assumption set (or of one), by name then version."""
    with db.reading() as session:
        found = store.list_assumption_versions(session, name)
    if name is not None and not found:
        raise NotFoundError(f"there is no assumption set {name!r}")
    return found


def stored_scenario(db: Database, name: str, version: int | None = None) -> Scenario:
    found = get_scenario(db, name, version)
    return read_scenario_document(found.document, found.label)


def calculate_stored(db: Database, name: str, version: int | None = None) -> dict[str, Any]:
    """The result of a stored scenario, with which version it is."""
    found = get_scenario(db, name, version)
    return {
        "version": found.version,
        **run_scenario(read_scenario_document(found.document, found.label)),
    }


def compare_stored(
    db: Database, a: str, b: str, a_version: int | None = None, b_version: int | None = None
) -> dict[str, Any]:
    return compare_scenarios(stored_scenario(db, a, a_version), stored_scenario(db, b, b_version))


def tornado_stored(db: Database, name: str, points: Decimal = Decimal(1)) -> dict[str, Any]:
    return tornado_document(calculate_tornado(stored_scenario(db, name), points))


def share_stored(
    db: Database, name: str, solve: SolveControlTotals, version: int | None = None
) -> dict[str, Any]:
    """A stored scenario's targets shared by the control-total solve, year by year."""
    found = get_scenario(db, name, version)
    scenario = read_scenario_document(found.document, found.label)
    return {"version": found.version, **share_scenario(scenario, solve)}
