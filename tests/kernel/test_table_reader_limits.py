"""Tables are read bounded (issue 13): the malicious files are built here, each refused with
the limit named, or read without believing what the file claims about itself."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from openbook.kernel.input_limit import (
    MAX_TABLE_COLUMNS,
    MAX_TABLE_FILE_BYTES,
    MAX_TABLE_ROWS,
    MAX_XLSX_MEMBERS,
)
from openbook.kernel.table_reader import load_table, parse_table_bytes

SHEET = "Return"


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite_member(data: bytes, name: str, change: object) -> bytes:
    """The archive with one member's text changed by `change(text) -> text`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == name:
                content = change(content.decode()).encode()  # type: ignore[operator]
            target.writestr(item, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def declaring(data: bytes, dimension: str) -> bytes:
    def change(xml: str) -> str:
        start = xml.index("<dimension ref=")
        end = xml.index("/>", start) + 2
        return xml[:start] + f'<dimension ref="{dimension}"/>' + xml[end:]

    return rewrite_member(data, "xl/worksheets/sheet1.xml", change)


ROWS: list[list[object]] = [["code", "amount"], ["pay", 100], ["non_pay", 250.5]]


def test_a_small_xlsx_declaring_a1_xfd1048576_does_not_allocate_the_sheet() -> None:
    data = declaring(workbook(ROWS), "A1:XFD1048576")
    assert len(data) < 10_000
    tracemalloc.start()
    try:
        table, issues = parse_table_bytes(data, "bomb.xlsx", SHEET)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert issues == []
    assert table is not None
    assert table.header == ("code", "amount")
    assert table.rows == (("pay", "100"), ("non_pay", "250.5"))
    assert peak < 30_000_000  # a 16,384 x 1,048,576 sheet would be gigabytes


def test_rows_beyond_the_declared_dimension_are_read() -> None:
    rows = [*ROWS, ["cip", 7], ["other", 8]]
    data = declaring(workbook(rows), "A1:B2")
    table, issues = parse_table_bytes(data, "short.xlsx", SHEET)
    assert issues == [] and table is not None
    assert [row[0] for row in table.rows] == ["pay", "non_pay", "cip", "other"]
    assert table.row_numbers == (2, 3, 4, 5)


def bomb(megabytes: int) -> bytes:
    """A valid-looking XLSX whose sheet XML decompresses to `megabytes` MB of whitespace."""
    base = workbook(ROWS)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, source.read(item), compress_type=zipfile.ZIP_DEFLATED)
                continue
            xml = source.read(item)
            head, tail = xml.split(b"<sheetData>", 1)
            info = zipfile.ZipInfo(item.filename)
            info.compress_type = zipfile.ZIP_DEFLATED
            with target.open(info, "w", force_zip64=True) as member:
                member.write(head + b"<sheetData>")
                chunk = b" " * 1_000_000
                for _ in range(megabytes):
                    member.write(chunk)
                member.write(tail)
    return out.getvalue()


def test_an_xlsx_holding_hundreds_of_mb_of_xml_is_refused_before_it_is_opened() -> None:
    data = bomb(300)
    assert len(data) < 2_000_000
    table, issues = parse_table_bytes(data, "bomb.xlsx", SHEET)
    assert table is None
    assert len(issues) == 1
    assert "decompressed" in issues[0].message and "at most 100 MB" in issues[0].message


def test_an_xlsx_that_expands_too_many_times_is_refused() -> None:
    data = bomb(20)  # under the size cap, but 20 MB from a few kB
    table, issues = parse_table_bytes(data, "bomb.xlsx", SHEET)
    assert table is None
    assert "times over" in issues[0].message and "at most 100 times" in issues[0].message
    assert issues[0].hint == "this looks like a zip bomb, not a spreadsheet"


def test_an_archive_of_too_many_members_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for index in range(MAX_XLSX_MEMBERS + 1):
            archive.writestr(f"x/{index}.xml", "")
    table, issues = parse_table_bytes(out.getvalue(), "many.xlsx", SHEET)
    assert table is None
    assert f"at most {MAX_XLSX_MEMBERS:,}" in issues[0].message


def test_a_sheet_with_a_cell_beyond_the_column_cap_is_refused_naming_the_cap() -> None:
    wide = [["code", *[None] * (MAX_TABLE_COLUMNS + 50), "far"], ["pay", 1]]
    table, issues = parse_table_bytes(workbook(wide), "wide.xlsx", SHEET)
    assert table is None
    assert issues[0].message == f"has {MAX_TABLE_COLUMNS + 52} columns; at most 200 are read"
    assert issues[0].row == 1


def test_a_csv_with_too_many_rows_is_refused_naming_the_cap() -> None:
    data = b"code,amount\n" + b"x,1\n" * (MAX_TABLE_ROWS + 1)
    table, issues = parse_table_bytes(data, "long.csv", SHEET)
    assert table is None
    assert issues[0].message == "has more than 100,000 rows; at most 100,000 are read"


def test_a_csv_at_the_row_cap_is_read() -> None:
    data = b"code,amount\n" + b"x,1\n" * MAX_TABLE_ROWS
    table, issues = parse_table_bytes(data, "long.csv", SHEET)
    assert issues == [] and table is not None and len(table.rows) == MAX_TABLE_ROWS


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: 132 MB on paper, nothing on disk
        handle.truncate(132 * 1024 * 1024)
    table, issues = load_table(path, SHEET)
    assert table is None
    assert issues[0].message == "is 138.412 MB; a file may be at most 20 MB"
    assert MAX_TABLE_FILE_BYTES == 20_000_000


HEADER = "code,name,amount\r\n"
BODY = "pay,Café £ staff,100\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ((HEADER + BODY).encode("utf-8"), "UTF-8"),
        ((HEADER + BODY).encode("utf-8-sig"), "UTF-8 (with BOM)"),
        ("\ufeff".encode("utf-16-le") + (HEADER + BODY).encode("utf-16-le"), "UTF-16 LE"),
        ("\ufeff".encode("utf-16-be") + (HEADER + BODY).encode("utf-16-be"), "UTF-16 BE"),
        ((HEADER + BODY).encode("utf-16-le"), "UTF-16 LE (no BOM)"),
        ((HEADER + BODY).encode("cp1252"), "Windows-1252"),
    ],
)
def test_csv_encodings_are_detected_and_named(data: bytes, encoding: str) -> None:
    table, issues = parse_table_bytes(data, "return.csv", SHEET)
    assert issues == [] and table is not None
    assert table.encoding == encoding
    assert table.header == ("code", "name", "amount")
    assert table.rows == (("pay", "Café £ staff", "100"),)


def test_the_encoding_is_named_when_the_header_is_wrong() -> None:
    from openbook.kernel.table_reader import check_header

    data = ("\ufeff" + "kode,amount\r\npay,1\r\n").encode("utf-16-le")
    table, _ = parse_table_bytes(data, "return.csv", SHEET)
    assert table is not None
    issue = check_header(table, ("code", "amount"))[0]
    assert issue.hint == "the file was read as UTF-16 LE"


def test_a_binary_file_is_still_called_binary() -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x00\x00"
    table, issues = parse_table_bytes(data, "picture.csv", SHEET)
    assert table is None
    assert issues[0].message == "is a binary file, not a CSV or XLSX file"


def test_text_in_no_known_encoding_names_the_encodings_tried() -> None:
    table, issues = parse_table_bytes(b"code,amount\n\x81\x8d,1\n", "odd.csv", SHEET)
    assert table is None
    assert issues[0].message == (
        "cannot be read as text in UTF-8 or Windows-1252: byte 0x81 at position 12"
    )
    assert issues[0].expected is not None and "UTF-16" in issues[0].expected
