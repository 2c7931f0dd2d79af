"""Loading a programme: audited, versions kept, its investment posted into the spending
organisation's plan; the demonstration carries the Dorset programme."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from openbook.finance.template import build_template_rows
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, InvalidDataError
from openbook.kernel.period import FinancialYear
from openbook.kernel.tables import AuditEventRow
from openbook.programme.load import (
    get_programme_report,
    list_programme_versions,
    load_programme_file,
)
from tests.principals import ADMIN, principal

DORSET = Path(__file__).parents[2] / "examples" / "programme" / "dorset.yaml"


def test_the_demonstration_carries_the_dorset_programme(demo_db: Database) -> None:
    report = get_programme_report(demo_db, "QVV")
    assert report["investment_by_year"] == {
        "2015/16": "1984417.00",
        "2016/17": "8710240.00",
        "2017/18": "2957520.00",
    }
    assert report["total_investment"] == "13652177.00"
    assert len(report["milestones"]) == 66
    assert [p["note"] for p in report["postings"]] == [
        "posted",
        "posted",
        "year returned in full: the position reads it as programme investment",
    ]


def _plan_rows(db: Database, org: str, year: str, month: int) -> dict[str, list[str]]:
    rows = build_template_rows(db, org, FinancialYear.parse(year), month)
    return {str(row[3]): [str(cell) for cell in row[5:7]] for row in rows}


def test_investment_is_in_the_spending_organisations_plan(demo_db: Database) -> None:
    """The return RD3 fills in for 2016/17 (on which its position is built) carries the
    programme's spend in non-pay and its central funding in other operating income."""
    plan = _plan_rows(demo_db, "RD3", "2016/17", 6)
    assert plan["non_pay"] == ["8710240.00", "4355119.98"]
    assert plan["expenditure.total"] == ["8710240.00", "4355119.98"]
    assert plan["income.other_operating"] == ["8710240.00", "4355119.98"]
    assert plan["surplus_deficit"] == ["0.00", "0.00"]  # centrally funded: net nil


def _changed_file(tmp_path: Path) -> Path:
    text = (
        DORSET.read_text(encoding="utf-8")
        .replace(
            "gov.finance, name: Finance, category: governance, years: {2015/16: 25000,",
            "gov.finance, name: Finance, category: governance, years: {2015/16: 35000,",
        )
        .replace("gross_investment: 13652177", "gross_investment: 13662177")
    )
    path = tmp_path / "dorset.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_loading_a_changed_file_keeps_the_earlier_version_and_moves_the_plan(
    demo_db: Database, tmp_path: Path
) -> None:
    result = load_programme_file(demo_db, _changed_file(tmp_path), "QVV", ADMIN)
    assert (result.version, result.unchanged) == (2, False)
    assert [(p.financial_year, p.plan_version) for p in result.postings if p.plan_version] == [
        ("2015/16", 2)
    ]  # 2016/17 is unchanged: nothing posted again
    versions = list_programme_versions(demo_db, "QVV")
    assert [v.version for v in versions] == [1, 2]
    assert get_programme_report(demo_db, "QVV")["investment_by_year"]["2015/16"] == "1994417.00"
    plan = _plan_rows(demo_db, "RD3", "2015/16", 12)
    assert plan["non_pay"] == ["1994417.00", "1994417.00"]
    again = load_programme_file(demo_db, _changed_file(tmp_path), "QVV", ADMIN)
    assert again.unchanged and again.version == 2
    with demo_db.reading() as session:
        events = session.scalars(
            select(AuditEventRow.entity_id).where(AuditEventRow.action == "programme.loaded")
        ).all()
    assert events == ["one-nhs-dorset/v1", "one-nhs-dorset/v2"]


def test_only_the_system_lead_or_an_administrator_loads(demo_db: Database) -> None:
    with pytest.raises(ForbiddenError):
        load_programme_file(demo_db, DORSET, "QVV", principal("rd3.approver"))


def test_a_bad_file_stores_nothing(demo_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        DORSET.read_text(encoding="utf-8").replace(
            "month: 2016-10, depends_on: [T19]", "month: 2016-1O, depends_on: [T19]"
        ),
        encoding="utf-8",
    )
    with pytest.raises(InvalidDataError) as error:
        load_programme_file(demo_db, path, "QVV", ADMIN)
    assert [str(i) for i in error.value.issues] == [
        "bad.yaml:$.milestones[20].month: '2016-1O' is not a month"
    ]
    assert [v.version for v in list_programme_versions(demo_db, "QVV")] == [1]


def test_a_benefits_progress_comes_from_its_linked_measure(demo_db: Database) -> None:
    benefits = {b["ref"]: b for b in get_programme_report(demo_db, "QVV")["benefits"]}
    agency = benefits["B01"]
    assert agency["progress_source"] == "linked measure"
    assert agency["link"] == {"kind": "finance_line", "org": "RD3", "code": "pay.agency"}
    from openbook.finance.submit import export_return

    data, _ = export_return(demo_db, "RD3", FinancialYear.parse("2017/18"), 12, ".csv")
    row = next(line for line in data.decode("utf-8-sig").splitlines() if ",pay.agency," in line)
    forecast = row.split(",")[8]
    assert Decimal(agency["progress"]["2017/18"]) == Decimal(forecast)
    assert benefits["B03"]["progress_source"] == "typed in the programme file"


def test_an_activity_linked_benefit_counts_the_series(demo_db: Database) -> None:
    from sqlalchemy import text

    benefit = next(b for b in get_programme_report(demo_db, "QVV")["benefits"] if b["ref"] == "B04")
    with demo_db.reading() as session:
        held = session.execute(
            text(
                "SELECT SUM(count) FROM activity WHERE provider_code = 'RBD' AND pod = 'E.M.3' "
                "AND measure = 'actual' AND period_start BETWEEN '2017-04-01' AND '2018-03-31'"
            )
        ).scalar_one()
    assert benefit["progress_source"] == "linked measure"
    assert Decimal(benefit["progress"]["2017/18"]) == Decimal(held)
    assert benefit["off_trajectory"] == []


def test_a_quality_linked_benefit_reads_the_metric(demo_db: Database) -> None:
    from sqlalchemy import text

    benefit = next(b for b in get_programme_report(demo_db, "QVV")["benefits"] if b["ref"] == "B05")
    with demo_db.reading() as session:
        numerator, denominator = session.execute(
            text(
                "SELECT SUM(l.numerator), SUM(l.denominator) FROM quality_return r "
                "JOIN quality_line l ON l.return_id = r.id WHERE r.org_code = 'RDZ' "
                "AND r.financial_year = '2017/18' AND l.measure = 'stroke_swallow_72h' "
                "AND r.version = (SELECT MAX(v.version) FROM quality_return v WHERE "
                "v.org_code = r.org_code AND v.financial_year = r.financial_year "
                "AND v.month = r.month)"
            )
        ).one()
    expected = (Decimal(numerator) / Decimal(denominator) * 100).quantize(Decimal("0.01"))
    assert benefit["progress_source"] == "linked measure"
    assert Decimal(benefit["progress"]["2017/18"]) == expected
