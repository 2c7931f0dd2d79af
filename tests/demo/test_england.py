"""England as a demonstration: every NHS trust of the shipped A&E file placed once in 42
systems by a rule that gives the same answer every time, and a small England (two systems,
two months) built through the use cases, its figures labelled synthetic."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from openbook.cli import app
from openbook.demo.ae import AE_FILE
from openbook.demo.england import build_england_demo, england_systems
from openbook.demo.england_data import DORSET_TRUSTS, SYNTHETIC_SYSTEMS, system_codes
from openbook.governance.national import list_national, national_to_dict
from openbook.kernel.audit_log import verify_audit_log
from openbook.kernel.database import Database
from openbook.kernel.organisation import MemberRole
from openbook.kernel.period import FinancialYear
from openbook.reference import store

runner = CliRunner()
REAL_ICBS = {"QVV", "QE1", "QF7", "QHG", "QJK", "QOX", "QSL", "QUY", "QWE"}  # a sample


def _file_trusts() -> set[str]:
    with AE_FILE.open(newline="", encoding="utf-8") as handle:
        codes = {row["org_code"] for row in csv.DictReader(handle)}
    return {c for c in codes if len(c) == 3 and c[0] in "RT"}


def test_every_trust_is_placed_exactly_once_in_42_systems() -> None:
    systems = england_systems()
    placed = [t.org_code for s in systems for t in s.trusts]
    dorset = _file_trusts() & DORSET_TRUSTS
    assert len(systems) + 1 == 42 and len(placed) == len(set(placed))
    assert set(placed) | dorset == _file_trusts() and not set(placed) & dorset
    sizes = {len(s.trusts) for s in systems}
    assert max(sizes) - min(sizes) <= 1, "dealt evenly"


def test_the_grouping_is_the_same_every_time_and_its_codes_are_not_real() -> None:
    first, second = england_systems(), england_systems()
    assert first == second
    codes = system_codes()
    assert len(set(codes)) == SYNTHETIC_SYSTEMS and not set(codes) & (REAL_ICBS | {"QZZ"})
    assert all("SYNTHETIC" in s.name for s in first)
    assert first[0].trusts[0].org_code == sorted(_file_trusts() - DORSET_TRUSTS)[0]


def _small(db: Database) -> None:
    built = build_england_demo(db, limit=2, years=("2017/18",), months=2)
    assert built is not None and built.systems == 2


def test_a_small_england_builds_through_the_use_cases(demo_db: Database) -> None:
    _small(demo_db)
    systems = england_systems(limit=2)
    rows = {r.system_code: r for r in list_national(demo_db)}
    assert set(rows) == {"QVV", "QA0", "QA1"}
    for system in systems:
        row = rows[system.system_code]
        assert (row.financial_year, row.month) == ("2017/18", 2)
        assert row.organisations == len(system.trusts) + 1 and row.synthetic
        assert row.control_total is not None and row.forecast_outturn is not None
    assert rows["QVV"].financial_year == "2018/19"  # Dorset as the normal demo built it
    with demo_db.reading() as session:
        dorset = {o.org_code for o, _ in store.list_members(session, "QVV", FinancialYear(2017))}
    assert _file_trusts() & DORSET_TRUSTS <= dorset, "Dorset's trusts are in QVV"
    count, problems = verify_audit_log(demo_db)
    assert not problems and count > 0
    assert build_england_demo(demo_db, limit=2) is None, "built once"


def _cli(db: Database, *args: str) -> str:
    env = {"OPENBOOK_DATABASE_URL": db.engine.url.render_as_string(hide_password=False)}
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_system_list_json_lists_every_system_with_its_organisations(
    sqlite_demo_db: Database,
) -> None:
    _small(sqlite_demo_db)
    listed = {
        s["code"]: s for s in json.loads(_cli(sqlite_demo_db, "system", "list", "--format", "json"))
    }
    assert set(listed) == {"QVV", "QA0", "QA1"}
    first = england_systems(limit=1)[0]
    assert listed["QA0"] == {
        "code": "QA0",
        "name": first.name,
        "years": ["2017/18"],
        "organisations": len(first.trusts) + 1,
    }
    assert listed["QVV"]["years"] == ["2017/18", "2018/19"] and listed["QVV"]["organisations"] == 9
    assert "QA0" in _cli(sqlite_demo_db, "system", "list")


def test_national_cli_json_is_the_national_answer(sqlite_demo_db: Database) -> None:
    _small(sqlite_demo_db)
    shown = json.loads(_cli(sqlite_demo_db, "national", "--format", "json"))
    assert shown == national_to_dict(list_national(sqlite_demo_db))
    assert shown["count"] == 3 and "QA1" in _cli(sqlite_demo_db, "national")


def test_trusts_and_their_icb_are_partners_of_their_system(sqlite_demo_db: Database) -> None:
    _small(sqlite_demo_db)
    system = england_systems(limit=1)[0]
    with sqlite_demo_db.reading() as session:
        members = store.list_members(session, system.system_code, FinancialYear(2017))
    assert {(o.org_code, role) for o, role in members} == {
        (code, MemberRole.PARTNER)
        for code in [system.icb_code, *(t.org_code for t in system.trusts)]
    }


def _content_hashes(db: Database) -> list[tuple[str, str, int, str]]:
    from sqlalchemy import text

    with db.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT org_code, financial_year, month, content_hash FROM finance_return "
                "ORDER BY org_code, financial_year, month, version"
            )
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_two_builds_give_the_same_returns_and_national_view(
    demo_template: Path, tmp_path: Path
) -> None:
    from openbook.compose import from_url

    found = []
    for name in ("one", "two"):
        target = tmp_path / f"{name}.db"
        shutil.copy(demo_template, target)
        db = from_url(f"sqlite:///{target}")
        _small(db)
        found.append((_content_hashes(db), national_to_dict(list_national(db))))
        db.dispose()
    assert found[0] == found[1] and len(found[0][0]) > 0
