"""Loading activity into the store and reporting it, on SQLite and PostgreSQL: the real
A&E file for any trust, 4-hour performance straight from the file, bad files that store
nothing, earlier values kept, plans, prices and shadow Payment by Results."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from openbook.activity.load import (
    load_activity_return,
    load_ae_file,
    load_extract,
    load_prices,
    set_plans,
)
from openbook.activity.model.activity import PlanBasis
from openbook.activity.report import activity_report
from openbook.activity.synthetic_extract import write_extract
from openbook.activity.tables import ActivityHistoryRow, ActivityLoadRow, ActivityRow
from openbook.demo.activity import PRICES
from openbook.kernel.audit import head_sequence
from openbook.kernel.database import Database
from openbook.kernel.error import InvalidDataError
from openbook.kernel.period import FinancialYear
from tests.principals import ADMIN, LEAD, principal

REAL_FILE = Path(__file__).parents[2] / "src" / "openbook" / "demo" / "data" / "ae_attendances.csv"
TODAY = date(2026, 11, 24)
AE_HEADER = "period,org_code,type,attendances,breaches,admissions\n"
RETURN_HEADER = "provider_code,commissioner_code,financial_year,month,pod,actual,plan\n"
EXTRACT_HEADER = "provider_code,commissioner_code,pod,activity_date,hrg,length_of_stay,age_band\n"


def stored(db: Database) -> tuple[int, int, int, int]:
    """Rows in force, rows in history, loads, audit events: all must stay put on a refusal."""
    with db.reading() as session:
        counts = tuple(
            int(session.scalar(select(func.count()).select_from(table)) or 0)
            for table in (ActivityRow, ActivityHistoryRow, ActivityLoadRow)
        )
    return (*counts, head_sequence(db.engine))


def test_the_real_file_loads_for_every_trust_and_again_changes_nothing(db: Database) -> None:
    first = load_ae_file(db, REAL_FILE, ADMIN, today=TODAY)
    assert first.summary.rows == first.summary.added == 12765
    assert len(first.providers) > 200
    again = load_ae_file(db, REAL_FILE, ADMIN, today=TODAY)
    assert (again.summary.added, again.summary.changed, again.summary.unchanged) == (0, 0, 12765)
    assert stored(db)[:2] == (12765, 0)


def _file_four_hour() -> dict[tuple[str, date], Decimal]:
    totals: dict[tuple[str, date], list[int]] = defaultdict(lambda: [0, 0])
    with REAL_FILE.open() as handle:
        for row in csv.DictReader(handle):
            if row["org_code"] in ("RBD", "RD3", "RDZ"):
                key = (row["org_code"], date.fromisoformat(row["period"]))
                totals[key][0] += int(row["attendances"])
                totals[key][1] += int(row["breaches"])
    return {key: 1 - Decimal(b) / Decimal(a) for key, (a, b) in totals.items()}


@pytest.mark.parametrize("year", ["2017/18", "2018/19"])
def test_dorset_four_hour_performance_is_exactly_the_files(demo_db: Database, year: str) -> None:
    expected = _file_four_hour()
    report = activity_report(demo_db, "QVV", FinancialYear.parse(year), 12, pod="E.M.6")
    checked = 0
    for line in report.lines:
        for month in line.summary.months:
            start = FinancialYear.parse(year).start_date
            period = date(start.year + (month.month > 9), (month.month + 2) % 12 + 1, 1)
            assert month.four_hour == expected[(line.summary.provider_code, period)]
            checked += 1
    assert checked == 36


BAD_AE = {
    "wrong columns": (
        "month,org_code,type,attendances,breaches,admissions\n2018-04-01,RBD,1,1,0,0\n",
        "bad.csv:1: is missing column(s) period",
    ),
    "unknown codes": (
        AE_HEADER + "2018-04-01,RBD,3,10,0,0\n",
        "'type' is '3', which is not a known code",
    ),
    "duplicate months": (
        AE_HEADER + "2018-04-01,RBD,1,10,0,0\n2018-04-01,RBD,1,10,0,0\n",
        "bad.csv:3: duplicate month: A&E RBD E.M.6 type 1 2018-04 is also on row 2",
    ),
    "negative counts": (
        AE_HEADER + "2018-04-01,RBD,1,10,-1,0\n",
        "'breaches' is -1; a count cannot be negative",
    ),
    "a month in the future": (
        AE_HEADER + "2018-04-01,RBD,1,10,0,0\n2030-04-01,RBD,1,10,0,0\n",
        "bad.csv:3:A: 'period' is 2030-04-01, a month that has not started yet",
    ),
}


BAD_RETURNS = {
    "wrong columns": (
        "provider,commissioner_code,financial_year,month,pod,actual\nRBD,11J,2018/19,M1,E.M.2,1\n",
        "is missing column(s) provider_code",
    ),
    "unknown codes": (RETURN_HEADER + "RBD,11J,2018/19,M1,E.M.12,10,\n", "'pod' is 'E.M.12'"),
    "duplicate months": (
        RETURN_HEADER + "RBD,11J,2018/19,M1,E.M.2,10,\nRBD,11J,2018/19,M1,E.M.2,12,\n",
        "duplicate month: activity RBD E.M.2 2018-04 is also on row 2",
    ),
    "negative counts": (RETURN_HEADER + "RBD,11J,2018/19,M1,E.M.2,-10,\n", "'actual' is -10"),
    "a month in the future": (
        RETURN_HEADER + "RBD,11J,2030/31,M1,E.M.2,10,\n",
        "2030/31 M1 has not started yet",
    ),
    "an unknown provider": (
        RETURN_HEADER + "ZZZ,11J,2018/19,M1,E.M.2,10,\n",
        "provider ZZZ is not a known organisation",
    ),
}


BAD_EXTRACTS = {
    "wrong columns": ("provider_code,pod\nRBD,E.M.2\n", "is missing column(s) commissioner_code"),
    "unknown codes": (EXTRACT_HEADER + "RBD,11J,EM11,2018-04-02,DZ19N,2,85+\n", "'EM11' (1 rows)"),
    "negative counts": (
        EXTRACT_HEADER + "RBD,11J,E.M.11,2018-04-02,DZ19N,-2,85+\n",
        "1 rows have a negative length_of_stay",
    ),
    "a month in the future": (
        EXTRACT_HEADER + "RBD,11J,E.M.11,2031-04-02,DZ19N,2,85+\n",
        "1 rows have an activity_date in a month that has not started yet",
    ),
}


LOADERS: dict[str, Callable[[Database, Path], object]] = {
    "ae": lambda db, path: load_ae_file(db, path, ADMIN, today=TODAY),
    "return": lambda db, path: load_activity_return(db, path, ADMIN, today=TODAY),
    "extract": lambda db, path: load_extract(db, path, ADMIN, today=TODAY),
}
BAD_FILES = [
    (kind, case, *cases[case])
    for kind, cases in (("ae", BAD_AE), ("return", BAD_RETURNS), ("extract", BAD_EXTRACTS))
    for case in cases
]


@pytest.mark.parametrize(
    ("kind", "case", "text", "message"), BAD_FILES, ids=[f"{k}-{c}" for k, c, _, _ in BAD_FILES]
)
def test_a_bad_file_is_refused_and_nothing_is_stored(
    demo_db: Database, tmp_path: Path, kind: str, case: str, text: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    before = stored(demo_db)
    with pytest.raises(InvalidDataError) as raised:
        LOADERS[kind](demo_db, path)
    assert any(message in str(issue) for issue in raised.value.issues), (case, raised.value.issues)
    assert stored(demo_db) == before


def test_a_corrected_month_keeps_the_value_it_replaced(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "rbd.csv"
    path.write_text(AE_HEADER + "2018-04-01,RBD,1,4000,200,900\n2018-05-01,RBD,1,4100,210,950\n")
    load_ae_file(db, path, ADMIN, today=TODAY)
    path.write_text(AE_HEADER + "2018-04-01,RBD,1,4000,200,900\n2018-05-01,RBD,1,4150,230,950\n")
    result = load_ae_file(db, path, ADMIN, today=TODAY)
    assert (result.summary.added, result.summary.changed, result.summary.unchanged) == (0, 1, 1)
    with db.reading() as session:
        (old,) = session.scalars(select(ActivityHistoryRow))
        assert (old.count, old.breaches, old.replaced_by_load) == (
            4100,
            210,
            result.summary.load_id,
        )
        now = session.scalar(
            select(ActivityRow).where(ActivityRow.period_start == date(2018, 5, 1))
        )
        assert now is not None and (now.count, now.breaches) == (4150, 230)


def test_an_activity_return_with_contracted_volumes(demo_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "rbd-m1.csv"
    path.write_text(RETURN_HEADER + "RBD,11J,2018/19,M1,E.M.2,8100,8000\n")
    result = load_activity_return(demo_db, path, principal("rbd.submitter"), today=TODAY)
    assert result.summary.changed == 1  # replaces the demonstration figure; kept in history
    report = activity_report(
        demo_db, "QVV", FinancialYear.parse("2018/19"), 1, provider="RBD", pod="E.M.2"
    )
    (line,) = report.lines
    assert (line.summary.months[0].plan, line.summary.months[0].actual) == (8000, 8100)


def test_an_extract_loads_as_monthly_counts(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "extract.parquet"
    write_extract(path, 30_000, seed=11)
    result = load_extract(db, path, ADMIN, today=TODAY)
    assert result.summary.added == result.summary.rows
    with db.reading() as session:
        total = session.scalar(select(func.sum(ActivityRow.count)))
    assert total == 30_000
    assert (result.first_month, result.last_month) == (date(2018, 4, 1), date(2019, 3, 1))


def test_growth_plans_and_flags(demo_db: Database) -> None:
    year = FinancialYear.parse("2018/19")
    set_plans(demo_db, "QVV", year, PlanBasis.GROWTH, LEAD, Decimal(10))
    report = activity_report(demo_db, "QVV", year, 12)
    above = [f for f in report.flags if f.kind == "above-plan"]
    assert above == []  # 10% growth on 2017/18 covers every series
    flat = set_plans(demo_db, "QVV", year, PlanBasis.FLAT, LEAD)
    assert flat.summary.changed == flat.summary.rows
    report = activity_report(demo_db, "QVV", year, 12, flag_percent=Decimal(5))
    assert {(f.provider_code, f.pod) for f in report.flags if f.kind == "above-plan"} == {
        ("RBD", "E.M.6"),
        ("RD3", "E.M.6"),
        ("RDZ", "E.M.6"),
    }


def test_shadow_pbr_prices_the_activity_held(demo_db: Database, tmp_path: Path) -> None:
    year = FinancialYear.parse("2018/19")
    report = activity_report(demo_db, "QVV", year, 6)
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for line in report.lines:
        expected[line.summary.provider_code] += PRICES[line.summary.pod] * line.summary.ytd_actual
    shadow: dict[str, Decimal] = defaultdict(Decimal)
    for month in report.shadow_pbr:
        shadow[month.provider_code] += month.shadow_value
    assert shadow == expected
    contract = sum(m.contract_value for m in report.shadow_pbr if m.provider_code == "RBD")
    assert contract == Decimal(75_000_000)  # half of the £150m fixed contract
    prices = tmp_path / "prices.csv"
    prices.write_text("pod,price\nE.M.11,2000\n")
    assert load_prices(demo_db, prices, year, LEAD) == 2
    report = activity_report(demo_db, "QVV", year, 6, provider="RBD")
    assert {m.unpriced for m in report.shadow_pbr} == {
        ("E.M.10a", "E.M.10b", "E.M.2", "E.M.3", "E.M.6")
    }


def test_a_bad_price_table(demo_db: Database, tmp_path: Path) -> None:
    prices = tmp_path / "prices.csv"
    prices.write_text("pod,price\nE.M.11,20OO\nE.M.2,165,extra\nE.M.99,10\n")
    with pytest.raises(InvalidDataError) as raised:
        load_prices(demo_db, prices, FinancialYear.parse("2018/19"), LEAD)
    assert [str(i) for i in raised.value.issues] == [
        "prices.csv:3: has 3 cells; the header has 2",
        "prices.csv:2:B: 'price' is '20OO'; expected an amount in pounds like 151.00"
        " (letter O instead of zero?)",
        "prices.csv:4:A: 'pod' is 'E.M.99', which is not a known code",
    ]
