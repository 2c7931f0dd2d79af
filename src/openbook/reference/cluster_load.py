"""Defining a cluster of systems: the whole file, audited, or nothing; and reading one."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from openbook.kernel.access import Principal, can_manage_reference
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, InvalidDataError, NotFoundError
from openbook.kernel.period import FinancialYear
from openbook.reference import cluster_store
from openbook.reference import store as organisations
from openbook.reference.cluster_file import load_cluster_definition
from openbook.reference.model.cluster import Cluster, ClusterYear
from openbook.reference.record import jsonable


def record_cluster_year(session: Session, found: ClusterYear, actor: str, reason: str) -> None:
    """The cluster and its systems for the year, each change an audit event."""
    cluster = found.cluster
    before = cluster_store.record_cluster(session, cluster)
    if before != cluster:
        record_event(
            session, actor=actor, action="cluster.recorded", entity="cluster",
            entity_id=cluster.cluster_code, before=None if before is None else jsonable(before),
            after=jsonable(cluster), reason=reason,
        )  # fmt: skip
    year = found.financial_year
    systems = cluster_store.record_cluster_systems(
        session, cluster.cluster_code, year, found.system_codes
    )
    if sorted(systems) != sorted(found.system_codes):
        record_event(
            session, actor=actor, action="cluster.systems_recorded", entity="cluster",
            entity_id=f"{cluster.cluster_code}/{year.label}", before={"systems": systems},
            after={"systems": sorted(found.system_codes)}, reason=reason,
        )  # fmt: skip


def load_cluster_file(db: Database, path: Path, by: Principal) -> list[ClusterYear]:
    """Validate the whole file, then record it in one transaction."""
    with db.transaction() as session:
        if not can_manage_reference(by):
            raise ForbiddenError("only the system lead or an administrator may define a cluster")
        known = {system.system_code for system in organisations.list_systems(session)}
        years, issues = load_cluster_definition(path, known)
        if issues:
            raise InvalidDataError(f"{path.name} is not a valid cluster definition", issues)
        for found in years:
            record_cluster_year(session, found, by.username, f"Loaded from {path.name}")
    return years


def read_cluster_year(session: Session, cluster_code: str, year: FinancialYear) -> ClusterYear:
    cluster = cluster_store.get_cluster(session, cluster_code)
    if cluster is None:
        known = ", ".join(c.cluster_code for c in cluster_store.list_clusters(session))
        raise NotFoundError(
            f"cluster {cluster_code!r} is not known",
            hint=f"known clusters: {known or 'none; load one with openbook cluster load'}",
        )
    systems = cluster_store.list_cluster_systems(session, cluster_code, year)
    if not systems:
        years = ", ".join(y.label for y in cluster_store.list_cluster_years(session, cluster_code))
        raise NotFoundError(
            f"cluster {cluster_code} has no systems in {year.label}",
            hint=f"its years: {years or 'none'}",
        )
    return ClusterYear(cluster, year, tuple(systems))


def list_clusters_with_years(db: Database) -> list[tuple[str, str, bool, list[str]]]:
    with db.reading() as session:
        return [
            (c.cluster_code, c.name, c.synthetic,
             [y.label for y in cluster_store.list_cluster_years(session, c.cluster_code)])
            for c in cluster_store.list_clusters(session)
        ]  # fmt: skip


def list_clusters_of(db: Database, system_code: str, year: FinancialYear) -> list[Cluster]:
    """The clusters a system is part of in a year (for the overview's link)."""
    with db.reading() as session:
        return cluster_store.list_clusters_of_system(session, system_code, year)


def list_cluster_year_labels(db: Database, cluster_code: str) -> list[str]:
    with db.reading() as session:
        return [y.label for y in cluster_store.list_cluster_years(session, cluster_code)]
