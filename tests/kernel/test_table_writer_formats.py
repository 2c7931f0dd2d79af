"""Workbooks a finance team accepts: a number format per column, numbers stored as numbers,
columns as wide as their contents, a frozen header with an autofilter; CSV that Excel opens
with £ intact."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from openbook.kernel.table_writer import Format, Sheet, render_csv, render_xlsx


def _sheet(data: bytes, name: str | None = None) -> Worksheet:
    book = load_workbook(io.BytesIO(data))
    sheet = book[name] if name else book.active
    assert isinstance(sheet, Worksheet)
    return sheet


HEADER = ["Organisation", "Gap (£000)", "Forecast (£)", "CIP delivered (%)", "Returns"]
ROWS = [
    ["Royal Bournemouth and Christchurch Hospitals", Decimal("-8500000.00"), "-1500.25",
     Decimal("0.015"), 3],
    ["Poole", Decimal("1234567.89"), Decimal("7640000.00"), Decimal("0.9"), 12],
]  # fmt: skip


def test_each_column_has_the_format_its_heading_names_and_numbers_are_numbers() -> None:
    sheet = _sheet(render_xlsx([Sheet("Positions", HEADER, ROWS, [None] * 4 + [Format.COUNT])]))
    gap, pounds, pct, count = (sheet.cell(row=2, column=c) for c in (2, 3, 4, 5))
    assert (gap.value, gap.number_format) == (-8500, "#,##0;(#,##0)")  # £000, in thousands
    assert (pounds.value, pounds.number_format) == (-1500.25, "#,##0.00;(#,##0.00)")
    assert pounds.data_type == "n"  # the amount written as text is stored as a number
    assert (pct.value, pct.number_format) == (0.015, "0.0%")  # shows 1.5%, not 0.02
    assert (count.value, count.number_format) == (3, "#,##0")


def test_columns_are_as_wide_as_their_contents_with_a_frozen_filtered_header() -> None:
    sheet = _sheet(render_xlsx([Sheet("Positions", HEADER, ROWS)]))
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDE"}
    assert widths["A"] >= len(ROWS[0][0])  # the longest name shows in full
    assert widths["C"] >= len("7,640,000.00")  # no ####
    assert all(widths[letter] >= len(HEADER[i]) for i, letter in enumerate("ABCDE"))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E3"
    assert sheet.cell(row=1, column=1).font.bold


def test_given_widths_override_the_measured_ones() -> None:
    sheet = _sheet(render_xlsx([("Return", ["a", "b"], [["x", "y"]])], {"B": 40}))
    assert sheet.column_dimensions["B"].width == 40


def test_csv_starts_with_a_byte_order_mark_so_excel_reads_the_pound_sign() -> None:
    data = render_csv(["Gap (£000)"], [[Decimal("-1.00")]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == "Gap (£000)\n-1.00\n"
