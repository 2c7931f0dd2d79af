"""Clusters of systems and which systems make them, by year: reads and writes inside the
caller's transaction."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from openbook.kernel.period import FinancialYear
from openbook.reference.model.cluster import Cluster
from openbook.reference.tables import ClusterSystemRow, SystemClusterRow


def get_cluster(session: Session, cluster_code: str) -> Cluster | None:
    row = session.get(SystemClusterRow, cluster_code)
    return None if row is None else Cluster(row.cluster_code, row.name, row.synthetic)


def list_clusters(session: Session) -> list[Cluster]:
    rows = session.scalars(select(SystemClusterRow).order_by(SystemClusterRow.cluster_code))
    return [Cluster(row.cluster_code, row.name, row.synthetic) for row in rows]


def record_cluster(session: Session, cluster: Cluster) -> Cluster | None:
    """Insert or update; returns the previous state (None if new) for the audit log."""
    row = session.get(SystemClusterRow, cluster.cluster_code)
    before = None if row is None else Cluster(row.cluster_code, row.name, row.synthetic)
    if row is None:
        row = SystemClusterRow(cluster_code=cluster.cluster_code)
        session.add(row)
    row.name, row.synthetic = cluster.name, cluster.synthetic
    session.flush()
    return before


def list_cluster_systems(session: Session, cluster_code: str, year: FinancialYear) -> list[str]:
    query = select(ClusterSystemRow.system_code).where(
        ClusterSystemRow.cluster_code == cluster_code,
        ClusterSystemRow.financial_year == year.label,
    )
    return sorted(session.scalars(query))


def list_cluster_years(session: Session, cluster_code: str) -> list[FinancialYear]:
    query = (
        select(ClusterSystemRow.financial_year)
        .where(ClusterSystemRow.cluster_code == cluster_code)
        .distinct()
    )
    return sorted(FinancialYear.parse(label) for label in session.scalars(query))


def record_cluster_systems(
    session: Session, cluster_code: str, year: FinancialYear, system_codes: tuple[str, ...]
) -> list[str]:
    """The cluster's systems for the year (other years untouched); returns those before."""
    before = list_cluster_systems(session, cluster_code, year)
    for row in session.scalars(
        select(ClusterSystemRow).where(
            ClusterSystemRow.cluster_code == cluster_code,
            ClusterSystemRow.financial_year == year.label,
            ClusterSystemRow.system_code.not_in(system_codes),
        )
    ):
        session.delete(row)
    for code in system_codes:
        if code not in before:
            session.add(
                ClusterSystemRow(cluster_code=cluster_code, system_code=code,
                                 financial_year=year.label)
            )  # fmt: skip
    session.flush()
    return before


def list_clusters_of_system(
    session: Session, system_code: str, year: FinancialYear
) -> list[Cluster]:
    query = (
        select(SystemClusterRow)
        .join(ClusterSystemRow, ClusterSystemRow.cluster_code == SystemClusterRow.cluster_code)
        .where(
            ClusterSystemRow.system_code == system_code,
            ClusterSystemRow.financial_year == year.label,
        )
        .order_by(SystemClusterRow.cluster_code)
    )
    return [Cluster(row.cluster_code, row.name, row.synthetic) for row in session.scalars(query)]
