"""Text that a spreadsheet would run as a formula stays text in every download; numbers,
negative amounts included, stay numbers."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from openbook.kernel.table_writer import render_csv, render_xlsx

TYPED = ['=HYPERLINK("http://evil.example","x")', "+1+2", "-3+4", "@SUM(A1)", "\tx", "plain"]


def test_csv_prefixes_formula_like_text_and_keeps_numbers() -> None:
    text = render_csv(["title", "amount"], [[t, Decimal("-1500.00")] for t in TYPED]).decode()
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert [r[0] for r in rows] == [*("'" + t for t in TYPED[:-1]), "plain"]
    assert {r[1] for r in rows} == {"-1500.00"}
    assert render_csv(["amount"], [["-7000000.00"]]).decode().splitlines()[1] == "-7000000.00"


def test_xlsx_stores_formula_like_text_as_text() -> None:
    data = render_xlsx([("Escalations", ["title", "amount"], [[t, Decimal(-1500)] for t in TYPED])])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    for row, typed in enumerate(TYPED, start=2):
        cell = sheet.cell(row=row, column=1)
        assert cell.data_type == "s" and cell.value == typed
        assert sheet.cell(row=row, column=2).value == -1500
