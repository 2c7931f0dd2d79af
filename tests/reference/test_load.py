"""Loading a system other than Dorset from a YAML definition."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from openbook.finance.position_report import get_system_position
from openbook.kernel.database import Database
from openbook.kernel.error import InvalidDataError
from openbook.kernel.period import FinancialYear
from openbook.kernel.tables import AuditEventRow
from openbook.reference.load import load_system_file
from openbook.reference.tables import ControlTotalRow
from tests.principals import ADMIN

EXAMPLE = Path(__file__).parents[2] / "examples" / "systems" / "frimley_2019_20.yaml"


def test_example_system_loads_and_has_a_system_control_total(db: Database) -> None:
    summary = load_system_file(db, EXAMPLE, ADMIN)
    assert (summary.system_code, summary.organisations, summary.control_totals_changed) == (
        "QNQ",
        5,
        5,
    )
    report = get_system_position(db, "QNQ", FinancialYear.parse("2019/20"), 3)
    assert [p.code for p in report.organisations] == ["15D", "RDU", "RWX", "RXX"]
    assert [p.code for p in report.associates] == ["RYD"]
    assert report.position.control_total == -4_500_000 + 1_800_000 + 900_000


def test_loading_again_changes_nothing_already_so(db: Database) -> None:
    load_system_file(db, EXAMPLE, ADMIN)
    with db.reading() as session:
        versions = session.scalar(select(func.count()).select_from(ControlTotalRow))
    summary = load_system_file(db, EXAMPLE, ADMIN)
    assert summary.control_totals_changed == 0
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ControlTotalRow)) == versions


def test_every_problem_reported_and_nothing_stored(db: Database, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "system: {code: QXX, name: Test}\n"
        "organisations:\n  - {org_code: 'bad code', name: X, kind: hospital}\n"
        "years:\n  '2019/21': {}\n  '2019/20':\n    members: [{org_code: ZZZ}]\n"
        "    control_totals: {ZZZ: '12,5OO'}\n"
    )
    with pytest.raises(InvalidDataError) as raised:
        load_system_file(db, bad, ADMIN)
    assert [str(issue) for issue in raised.value.issues] == [
        "bad.yaml:$.organisations[0].kind: 'hospital' is not one of commissioner, acute, "
        "community-and-mental-health, ambulance, local-authority",
        "bad.yaml:$.organisations[0].org_code: 'bad code' is not an ODS code",
        "bad.yaml:$.years.2019/21: financial year '2019/21': 21 does not follow 2019",
        "bad.yaml:$.years.2019/20.members[0].org_code: 'ZZZ' is not an organisation of this "
        "file or the store",
        "bad.yaml:$.years.2019/20.control_totals.ZZZ: '12,5OO' is not an amount of money",
        "bad.yaml:$.years.2019/20.control_totals.ZZZ: 'ZZZ' has a control total but is not a "
        "member in 2019/20",
    ]
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(AuditEventRow)) == 0


def test_not_yaml(db: Database, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("system: [unclosed\n")
    with pytest.raises(InvalidDataError) as raised:
        load_system_file(db, bad, ADMIN)
    assert str(raised.value.issues[0]).startswith("bad.yaml:2: is not valid YAML")
