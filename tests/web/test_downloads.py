"""Every download opened as a finance team opens it: with Excel's eyes (openpyxl) for the
formats, widths, filter and frozen header, and the whole book from the page and the API."""

from __future__ import annotations

import io

import pyarrow.parquet as pq
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from openbook.kernel.database import Database
from tests.web.conftest import signed_in
from tests.web.test_api import auth, token_for

OVERVIEW = "/systems/QVV?year=2017/18&month=12"
RBD_PAGE = "/systems/QVV/organisations/RBD?year=2017/18&month=12"


def _workbook_sheet(data: bytes) -> Worksheet:
    sheet = load_workbook(io.BytesIO(data)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def _assert_finance_ready(sheet: Worksheet) -> None:
    assert sheet.freeze_panes == "A2"
    assert (
        sheet.auto_filter.ref
        == f"A1:{sheet.cell(row=1, column=sheet.max_column).column_letter}{sheet.max_row}"
    )
    for column in sheet.iter_cols(min_row=1):
        letter = column[0].column_letter
        assert (sheet.column_dimensions[letter].width or 0) >= len(str(column[0].value or ""))


def test_the_positions_table_downloads_in_pounds_as_numbers(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    sheet = _workbook_sheet(client.get(f"{OVERVIEW}&download=positions.xlsx").content)
    _assert_finance_ready(sheet)
    header = [c.value for c in sheet[1]]
    gap = sheet.cell(row=2, column=header.index("Gap (£)") + 1)
    assert isinstance(gap.value, int | float)
    assert gap.number_format == "#,##0.00;(#,##0.00)"
    version = sheet.cell(row=2, column=header.index("Return version") + 1)
    assert version.number_format == "#,##0"
    name_width = sheet.column_dimensions["A"].width
    assert name_width >= max(len(str(c.value)) for c in sheet["A"]) - 1


def test_percentages_download_as_fractions_shown_as_percent(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    sheet = _workbook_sheet(client.get(f"{OVERVIEW}&download=ae.xlsx").content)
    _assert_finance_ready(sheet)
    percents = [c for row in sheet.iter_rows(min_row=2) for c in row if c.number_format == "0.0%"]
    assert percents and all(
        isinstance(c.value, int | float) and abs(c.value) <= 1 for c in percents
    )


def test_csv_opens_in_excel_with_the_pound_sign(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    data = client.get(f"{OVERVIEW}&download=positions.csv").content
    assert data.startswith(b"\xef\xbb\xbf") and "£" in data.decode("utf-8-sig")


def test_the_return_template_stores_plan_amounts_as_numbers(app: FastAPI) -> None:
    client = signed_in(app, "rbd.submitter")
    response = client.get("/submissions/template?org=RBD&year=2017/18&month=12&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Return"]
    header = [c.value for c in sheet[1]]
    plans = [row[header.index("annual_plan")] for row in sheet.iter_rows(min_row=2)]
    filled = [c for c in plans if c.value not in (None, "")]
    assert filled and all(c.data_type == "n" for c in filled)
    assert all(c.number_format == "#,##0.00;(#,##0.00)" for c in filled)


def test_the_whole_book_downloads_from_the_overview(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    page = client.get(OVERVIEW).text
    assert 'href="/systems/QVV/book.xlsx?year=2017/18"' in page
    response = client.get("/systems/QVV/book.xlsx?year=2017/18")
    assert response.status_code == 200
    assert 'filename="QVV-2017-18-book.xlsx"' in response.headers["content-disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "System" and "RBD" in workbook.sheetnames
    for sheet in workbook.worksheets:
        assert isinstance(sheet, Worksheet)
        _assert_finance_ready(sheet)
    parquet = client.get("/systems/QVV/book.parquet?year=2017/18")
    assert pq.read_table(io.BytesIO(parquet.content)).num_rows > 0
    assert client.get("/systems/QVV/book.csv?year=2017/18").status_code == 404


def test_the_whole_book_through_the_api(app: FastAPI, sqlite_demo_db: Database) -> None:
    api = TestClient(app)
    headers = auth(token_for(sqlite_demo_db, "rbd.viewer"))
    xlsx = api.get("/api/v1/systems/QVV/book", params={"year": "2017/18"}, headers=headers)
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] == "System"
    parquet = api.get(
        "/api/v1/systems/QVV/book",
        params={"year": "2017/18", "format": "parquet"},
        headers=headers,
    )
    table = pq.read_table(io.BytesIO(parquet.content))
    assert {"org_code", "month", "line_code", "actual_ytd"} <= set(table.column_names)
    missing = api.get("/api/v1/systems/QVV/book", params={"year": "2030/31"}, headers=headers)
    assert missing.status_code == 404
