"""The whole book of a system for a year: a workbook (a sheet for the system, one per
organisation) and Parquet, each figure equal to the positions and returns it comes from."""

from __future__ import annotations

import io
from decimal import Decimal

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from openbook.finance.book import get_book, render_book
from openbook.finance.position_report import get_system_position
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError, OpenbookError
from openbook.kernel.period import FinancialYear

YEAR = FinancialYear.parse("2017/18")


def test_the_workbook_has_the_system_and_every_organisation(sqlite_demo_db: Database) -> None:
    book = get_book(sqlite_demo_db, "qvv", YEAR)
    workbook = load_workbook(io.BytesIO(render_book(book, ".xlsx")))
    codes = [o.code for o in book.organisations]
    assert workbook.sheetnames == ["System", *codes]
    assert "RBD" in codes and len(codes) == 6
    system = workbook["System"]
    header = [c.value for c in system[1]]
    m12 = get_system_position(sqlite_demo_db, "QVV", YEAR, 12)
    total = next(
        row for row in system.iter_rows(min_row=2, values_only=True)
        if row[0] == "M12" and row[3] == "System total"
    )  # fmt: skip
    gap = header.index("Gap (£000)")
    assert m12.position.gap is not None
    assert Decimal(str(total[gap])) == m12.position.gap / 1000
    assert system.cell(row=2, column=gap + 1).number_format == "#,##0;(#,##0)"
    assert system.freeze_panes == "A2" and system.auto_filter.ref
    rbd = workbook["RBD"]
    assert [c.value for c in rbd[1]][:3] == ["Month", "Line", "Description"]
    assert isinstance(rbd.cell(row=2, column=4).value, int | float)
    assert rbd.column_dimensions["C"].width >= 20  # descriptions are readable


def test_parquet_has_a_row_per_organisation_month_and_line(sqlite_demo_db: Database) -> None:
    book = get_book(sqlite_demo_db, "QVV", YEAR)
    table = pq.read_table(io.BytesIO(render_book(book, ".parquet")))
    rows = table.to_pylist()
    assert len(rows) == sum(len(r.lines) for o in book.organisations for _, r in o.returns)
    rbd_m12 = next(o for o in book.organisations if o.code == "RBD").returns[-1][1]
    line = rbd_m12.lines[0]
    found = next(
        r
        for r in rows
        if (r["org_code"], r["month"], r["line_code"]) == ("RBD", 12, line.line_code)
    )
    assert found["actual_ytd"] == line.actual_ytd  # Decimal pounds, to the penny
    assert str(table.schema.field("actual_ytd").type) == "decimal128(18, 2)"


def test_a_year_without_returns_and_a_wrong_suffix_say_so(sqlite_demo_db: Database) -> None:
    with pytest.raises(NotFoundError, match="no returns in 2030/31"):
        get_book(sqlite_demo_db, "QVV", FinancialYear.parse("2030/31"))
    with pytest.raises(OpenbookError, match=r"cannot write the book as \.csv") as raised:
        render_book(get_book(sqlite_demo_db, "QVV", YEAR), ".csv")
    assert raised.value.hint == "name the file .xlsx (a workbook) or .parquet (for analysts)"
