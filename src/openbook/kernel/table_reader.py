"""Read a CSV or XLSX file into a plain table of strings, reporting what is wrong with it.

Shared by every file-based input, so that "not a table at all" is diagnosed once:
an empty file, a binary, a spreadsheet without the expected sheet, text in an
unknown encoding.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openbook.kernel.error import DataIssue

XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class RawTable:
    """Header and rows as text; `row_numbers[i]` is the 1-based file row of `rows[i]`."""

    source: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]

    def column_letter(self, name: str) -> str:
        return column_letter(self.header.index(name))


@dataclass
class TableReader:
    """Reads cells of one table, collecting every problem with its row and column."""

    table: RawTable
    issues: list[DataIssue] = field(default_factory=list)

    def cell(self, index: int, column: str) -> str:
        """The cell's text; "" for an optional column the file does not have."""
        if column not in self.table.header:
            return ""
        return self.table.rows[index][self.table.header.index(column)]

    def report(self, index: int, column: str | None, message: str, **details: str) -> None:
        self.issues.append(
            DataIssue(
                self.table.source,
                message,
                row=self.table.row_numbers[index],
                column=None if column is None else self.table.column_letter(column),
                **details,
            )
        )


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA', as spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # Spreadsheets store numbers as binary floats; repr round-trips the typed value.
        return str(Decimal(repr(value)))
    return str(value).strip()


def _decode(data: bytes, source: str) -> tuple[str | None, list[DataIssue]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), []
        except UnicodeDecodeError:
            continue
    return None, [DataIssue(source, "cannot be read as text", expected="a UTF-8 CSV file")]


def parse_csv(data: bytes, source: str) -> tuple[RawTable | None, list[DataIssue]]:
    text, issues = _decode(data, source)
    if text is None:
        return None, issues
    reader = csv.reader(io.StringIO(text))
    try:
        all_rows = [[cell.strip() for cell in row] for row in reader]
    except csv.Error as error:
        return None, [DataIssue(source, f"is not a well-formed CSV file: {error}")]
    return _to_table(all_rows, source)


def _to_table(all_rows: list[list[str]], source: str) -> tuple[RawTable | None, list[DataIssue]]:
    numbered = [(number, row) for number, row in enumerate(all_rows, start=1) if any(row)]
    if not numbered:
        return None, [DataIssue(source, "has no rows", expected="a header row and data rows")]
    (_, header), body = numbered[0], numbered[1:]
    width = len(header)
    rows = tuple(tuple((row + [""] * width)[:width]) for _, row in body)
    extra = [
        DataIssue(source, f"has {len(row)} cells; the header has {width}", row=number)
        for number, row in body
        if len(row) > width and any(row[width:])
    ]
    table = RawTable(
        source, tuple(cell.strip() for cell in header), rows, tuple(number for number, _ in body)
    )
    return table, extra


def parse_xlsx(data: bytes, source: str, sheet: str) -> tuple[RawTable | None, list[DataIssue]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        return None, [DataIssue(source, f"is not a readable XLSX workbook ({error})")]
    try:
        if sheet not in workbook.sheetnames:
            names = ", ".join(repr(n) for n in workbook.sheetnames)
            return None, [
                DataIssue(
                    source,
                    f"is a different spreadsheet: it has no sheet named {sheet!r}",
                    found=names,
                    expected=f"a sheet named {sheet!r}",
                    hint="start from the template that 'openbook template' writes",
                )
            ]
        rows = [
            [_cell_text(cell) for cell in row]
            for row in workbook[sheet].iter_rows(values_only=True)
        ]
    finally:
        workbook.close()
    return _to_table(rows, f"{source}[{sheet}]")


def load_table(path: Path, sheet: str) -> tuple[RawTable | None, list[DataIssue]]:
    """A CSV or XLSX file as a RawTable, or every reason it cannot be one."""
    source = path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [DataIssue(source, f"cannot be read: {error.strerror}")]
    return parse_table_bytes(data, source, sheet)


def parse_table_bytes(
    data: bytes, source: str, sheet: str
) -> tuple[RawTable | None, list[DataIssue]]:
    if not data.strip():
        return None, [
            DataIssue(source, "is empty", expected="a CSV or XLSX file with a header row")
        ]
    if data.startswith(XLSX_MAGIC):
        return parse_xlsx(data, source, sheet)
    if b"\x00" in data[:4096]:
        return None, [
            DataIssue(
                source, "is a binary file, not a CSV or XLSX file", expected="a CSV or XLSX file"
            )
        ]
    return parse_csv(data, source)


def check_header(
    table: RawTable, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[DataIssue]:
    """Missing and unexpected columns, all at once."""
    issues = []
    present = set(table.header)
    missing = [name for name in required if name not in present]
    if missing:
        issues.append(
            DataIssue(
                table.source,
                f"is missing column(s) {', '.join(missing)}",
                row=1,
                found=", ".join(table.header),
                expected=", ".join(required),
            )
        )
    allowed = set(required) | set(optional)
    for index, name in enumerate(table.header):
        if name not in allowed:
            issues.append(
                DataIssue(
                    table.source,
                    f"has an unexpected column {name!r}",
                    row=1,
                    column=column_letter(index),
                    expected=", ".join(required),
                )
            )
    duplicated = {name for name in table.header if table.header.count(name) > 1}
    issues.extend(
        DataIssue(table.source, f"has column {name!r} more than once", row=1)
        for name in sorted(duplicated)
    )
    return issues
