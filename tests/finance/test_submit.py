"""Submitting returns: every bad input reported with where and why, nothing stored unless the
whole file is valid, resubmissions kept as versions, identical files stored once."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from openbook.finance.submit import (
    check_return_file,
    list_history,
    submit_return_file,
)
from openbook.finance.tables import FinanceReturnRow, ReturnLineRow
from openbook.kernel.access import Principal, Role
from openbook.kernel.database import Database
from openbook.kernel.error import InvalidDataError
from openbook.kernel.tables import AuditEventRow
from tests.principals import named, principal
from tests.returns import TODAY, YEAR, set_cell, valid_return_rows, write_rows


def store_counts(db: Database) -> tuple[int, int, int]:
    with db.reading() as session:
        return (
            session.scalar(select(func.count()).select_from(FinanceReturnRow)) or 0,
            session.scalar(select(func.count()).select_from(ReturnLineRow)) or 0,
            session.scalar(select(func.count()).select_from(AuditEventRow)) or 0,
        )


def submitter_of(path: Path) -> Principal:
    """A submitter of the organisation the file is for (its first data row), so that what
    is tested is the file, not the permission."""
    org = "RBD"
    if path.suffix == ".csv":
        try:
            rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        except UnicodeDecodeError:
            rows = []
        org = rows[1][0].strip() if len(rows) > 1 and rows[1] and rows[1][0].strip() else org
    return principal(f"{org.lower()}.submitter")


def submit_expecting_errors(db: Database, path: Path) -> list[str]:
    """Submit a bad file; assert nothing was stored; return the messages."""
    before = store_counts(db)
    with pytest.raises(InvalidDataError) as raised:
        submit_return_file(db, path, submitter_of(path), TODAY)
    assert store_counts(db) == before, "a rejected return must leave the store unchanged"
    return [str(issue) for issue in raised.value.issues]


def test_resubmission_is_a_new_version_and_earlier_versions_stay(
    demo_db: Database, tmp_path: Path
) -> None:
    rows = valid_return_rows(demo_db)
    codes = [row[3] for row in rows]
    actual = rows[0].index("actual_ytd")
    # £100k less non-pay: operating expenditure falls, the surplus lines rise.
    for line, change in [
        ("non_pay", -100000),
        ("expenditure.total", -100000),
        ("surplus_deficit", 100000),
        ("surplus_deficit.excl_sustainability", 100000),
    ]:
        row = rows[codes.index(line)]
        row[actual] = str(Decimal(row[actual]) + change)
    path = write_rows(tmp_path / "rbd_m12.csv", rows)
    result = submit_return_file(demo_db, path, named("fd-rbd", Role.SUBMITTER, "RBD"), TODAY)
    assert result.created and result.version.version == 2
    history = list_history(demo_db, "RBD", YEAR, 12)
    assert [v.version for v, _ in history] == [1, 2]
    first, second = history[0][1], history[1][1]
    line = "surplus_deficit.excl_sustainability"
    assert second.amount(line, "actual_ytd") - first.amount(line, "actual_ytd") == 100000
    assert history[1][0].submitted_by == "fd-rbd"


def test_identical_file_twice_creates_nothing_new(demo_db: Database, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "rbd_m12.csv", valid_return_rows(demo_db))
    before = store_counts(demo_db)
    result = submit_return_file(demo_db, path, named("fd-rbd", Role.SUBMITTER, "RBD"), TODAY)
    assert not result.created and result.version.version == 1
    assert store_counts(demo_db) == before


def test_check_validates_without_storing(demo_db: Database, tmp_path: Path) -> None:
    rows = valid_return_rows(demo_db)
    set_cell(rows, "pay.bank", "actual_ytd", "1")  # pay.total no longer adds up
    path = write_rows(tmp_path / "rbd.csv", rows)
    before = store_counts(demo_db)
    with pytest.raises(InvalidDataError):
        check_return_file(demo_db, path, TODAY)
    assert store_counts(demo_db) == before


def test_text_where_a_number_belongs_gets_a_hint(demo_db: Database, tmp_path: Path) -> None:
    rows = valid_return_rows(demo_db)
    set_cell(rows, "pay.agency", "actual_ytd", "12,5OO")
    messages = submit_expecting_errors(demo_db, write_rows(tmp_path / "rbd_m12.csv", rows))
    assert messages == [
        "rbd_m12.csv:10:H: 'actual_ytd' is '12,5OO'; expected a number like 12500.00 "
        "(letter O instead of zero?)"
    ]


def test_every_error_is_reported_at_once(demo_db: Database, tmp_path: Path) -> None:
    rows = valid_return_rows(demo_db)
    set_cell(rows, "pay.agency", "actual_ytd", "lots")
    set_cell(rows, "pay.bank", "forecast_outturn", "")
    set_cell(rows, "non_pay", "plan_ytd", "1.2.3")
    messages = submit_expecting_errors(demo_db, write_rows(tmp_path / "r.csv", rows))
    assert len(messages) == 3
    assert messages[0].startswith("r.csv:9:I: 'forecast_outturn' is empty")
    assert "(more than one decimal point?)" in messages[2]


def test_unknown_organisation(demo_db: Database, tmp_path: Path) -> None:
    rows = valid_return_rows(demo_db)
    for row in rows[1:]:
        row[0] = "XYZ"
    messages = submit_expecting_errors(demo_db, write_rows(tmp_path / "r.csv", rows))
    assert messages[0].startswith("r.csv:2:A: organisation 'XYZ' is not known")


def test_wrong_period_text(demo_db: Database, tmp_path: Path) -> None:
    rows = valid_return_rows(demo_db)
    for row in rows[1:]:
        row[1], row[2] = "2017/19", "M13"
    messages = submit_expecting_errors(demo_db, write_rows(tmp_path / "r.csv", rows))
    assert messages == [
        "r.csv:2:B: financial year '2017/19': 19 does not follow 2017",
        "r.csv:2:C: month 13 is not between 1 (M1, April) and 12 (M12, March)",
    ]


def test_a_row_from_another_return(demo_db: Database, tmp_path: Path) -> None:
    rows = valid_return_rows(demo_db)
    rows[5][2] = "M11"
    messages = submit_expecting_errors(demo_db, write_rows(tmp_path / "r.csv", rows))
    assert messages == ["r.csv:6:C: 'month' is 'M11' but the return is for 'M12'"]


def test_closed_month(demo_db: Database, tmp_path: Path) -> None:
    rows = valid_return_rows(demo_db, month=12)
    closed = valid_return_rows(demo_db, month=12)
    for row in closed[1:]:
        row[2] = "M6"
    messages = submit_expecting_errors(demo_db, write_rows(tmp_path / "r.csv", closed))
    assert (
        "r.csv:2:C: 2017/18 M6 is closed; returns for it can no longer be submitted "
        "(ask the system finance lead to reopen the month (the Months page))" in messages
    )
    assert rows  # the M12 return for the same organisation remains submittable


def test_year_the_organisation_was_not_open(demo_db: Database, tmp_path: Path) -> None:
    rows = valid_return_rows(demo_db, org="RD3")
    for row in rows[1:]:
        row[1] = "2021/22"
    messages = submit_expecting_errors(demo_db, write_rows(tmp_path / "r.csv", rows))
    assert messages[0] == ("r.csv:2:B: RD3 was not open in 2021/22 (it became R0D; submit as R0D)")


def test_month_that_has_not_started(demo_db: Database, tmp_path: Path) -> None:
    rows = valid_return_rows(demo_db)
    for row in rows[1:]:
        row[1] = "2027/28"
    messages = submit_expecting_errors(demo_db, write_rows(tmp_path / "r.csv", rows))
    assert "r.csv:2:C: 2027/28 M12 has not started yet (it starts 2028-03-01)" in messages


def test_missing_mandatory_line(demo_db: Database, tmp_path: Path) -> None:
    rows = [row for row in valid_return_rows(demo_db) if row[3] != "pay.bank"]
    messages = submit_expecting_errors(demo_db, write_rows(tmp_path / "r.csv", rows))
    assert "r.csv: mandatory line 'pay.bank' (Pay: bank staff) is missing" in messages


def test_subtotal_that_does_not_add_up(demo_db: Database, tmp_path: Path) -> None:
    rows = valid_return_rows(demo_db)
    set_cell(rows, "pay.total", "forecast_outturn", "1.00")
    messages = submit_expecting_errors(demo_db, write_rows(tmp_path / "r.csv", rows))
    assert messages[0].startswith(
        "r.csv:11:I: subtotal 'pay.total' forecast_outturn is 1.00 but its parts add up to "
    )
    assert messages[0].endswith("(pay.substantive + pay.bank + pay.agency)")


def test_duplicate_line(demo_db: Database, tmp_path: Path) -> None:
    rows = valid_return_rows(demo_db)
    rows.append(list(rows[3]))
    messages = submit_expecting_errors(demo_db, write_rows(tmp_path / "r.csv", rows))
    assert messages[0].startswith(
        f"r.csv:{len(rows)}:D: line '{rows[3][3]}' appears more than once (first on row 4)"
    )


def test_plan_changed_in_a_return(demo_db: Database, tmp_path: Path) -> None:
    rows = valid_return_rows(demo_db)
    set_cell(rows, "pay.bank", "annual_plan", "1.00")
    messages = submit_expecting_errors(demo_db, write_rows(tmp_path / "r.csv", rows))
    assert any(
        "'annual_plan' for 'pay.bank' is 1.00 but the agreed plan is 6000000.00" in m
        for m in messages
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.csv", b"", "empty.csv: is empty"),
        ("blank.csv", b"\n\n  \n", "blank.csv: is empty"),
        (
            "photo.csv",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "photo.csv: is a binary file, not a CSV or XLSX file",
        ),
        (
            "wrong.csv",
            b"period,org_code,type,attendances\n2017-04-01,RBD,1,3600\n",
            "wrong.csv:1: is missing column(s) financial_year, month, line_code, description, "
            "annual_plan, plan_ytd, actual_ytd, forecast_outturn, gross_value, likelihood_pct",
        ),
        (
            "header.csv",
            b"org_code,financial_year,month,line_code,description,annual_plan,"
            b"plan_ytd,actual_ytd,forecast_outturn,gross_value,likelihood_pct\n",
            "header.csv: has a header but no lines",
        ),
    ],
)
def test_files_that_are_not_returns(
    db: Database, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    messages = submit_expecting_errors(db, path)
    assert messages[0] == expected


def test_a_different_spreadsheet(db: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Budget"
    workbook.save(tmp_path / "budget.xlsx")
    messages = submit_expecting_errors(db, tmp_path / "budget.xlsx")
    assert messages == [
        "budget.xlsx: is a different spreadsheet: it has no sheet named "
        "'Return' (start from the template that 'openbook template' writes)"
    ]
