"""Defining a cluster of systems from a file: by year, audited, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, InvalidDataError, NotFoundError
from openbook.kernel.period import FinancialYear
from openbook.kernel.tables import AuditEventRow
from openbook.reference.cluster_load import list_clusters_of, load_cluster_file, read_cluster_year
from openbook.reference.load import load_system_file
from tests.principals import ADMIN, principal

SYSTEMS = {
    "qxa.yaml": "system: {code: QXA, name: A}\n"
    "organisations: [{org_code: XA1, name: A ICB, kind: commissioner}]\n"
    "years: {'2026/27': {members: [{org_code: XA1}]}}\n",
    "qxb.yaml": "system: {code: QXB, name: B}\n"
    "organisations: [{org_code: XB1, name: B ICB, kind: commissioner}]\n"
    "years: {'2026/27': {members: [{org_code: XB1}]}}\n",
}
YEAR = FinancialYear.parse("2026/27")


@pytest.fixture
def two_systems(db: Database, tmp_path: Path) -> Database:
    for name, text in SYSTEMS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        load_system_file(db, tmp_path / name, ADMIN)
    return db


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cluster.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _events(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEventRow)) or 0)


def test_a_cluster_is_its_systems_by_year(two_systems: Database, tmp_path: Path) -> None:
    db = two_systems
    path = _write(tmp_path, "cluster: {code: ab, name: A and B}\nyears: {'2026/27': [QXB, qxa]}\n")
    before = _events(db)
    load_cluster_file(db, path, ADMIN)
    assert _events(db) == before + 2  # the cluster, and its systems for the year
    with db.reading() as session:
        found = read_cluster_year(session, "AB", YEAR)
        assert found.system_codes == ("QXA", "QXB")
        with pytest.raises(NotFoundError, match="cluster AB has no systems in 2025/26"):
            read_cluster_year(session, "AB", FinancialYear.parse("2025/26"))
    assert [c.cluster_code for c in list_clusters_of(db, "QXA", YEAR)] == ["AB"]
    load_cluster_file(db, path, ADMIN)
    assert _events(db) == before + 2  # loading it again changes nothing


def test_every_problem_is_named_and_nothing_stored(two_systems: Database, tmp_path: Path) -> None:
    db = two_systems
    path = _write(
        tmp_path,
        "cluster: {code: 'a b', name: ''}\n"
        "years: {'2026/28': [QXA, QXB], '2025/26': [QXA], '2026/27': [QXA, QZZ, QXA]}\n",
    )
    before = _events(db)
    with pytest.raises(InvalidDataError) as raised:
        load_cluster_file(db, path, ADMIN)
    assert [str(issue) for issue in raised.value.issues] == [
        "cluster.yaml:$.cluster.code: 'code' is 'a b'; expected 2 to 12 capital letters, "
        "digits or hyphens",
        "cluster.yaml:$.cluster.name: 'name' is missing",
        "cluster.yaml:$.years.2026/28: financial year '2026/28': 28 does not follow 2026",
        "cluster.yaml:$.years.2025/26: a cluster is at least two systems",
        "cluster.yaml:$.years.2026/27[1]: 'QZZ' is not a system in the store (load its "
        "system file first)",
        "cluster.yaml:$.years.2026/27[2]: 'QXA' is listed twice",
    ]
    assert _events(db) == before


def test_only_the_system_lead_or_an_administrator_defines_a_cluster(
    two_systems: Database, tmp_path: Path
) -> None:
    path = _write(tmp_path, "cluster: {code: AB, name: A and B}\nyears: {'2026/27': [QXA, QXB]}\n")
    with pytest.raises(ForbiddenError):
        load_cluster_file(two_systems, path, principal("xa1.viewer"))
