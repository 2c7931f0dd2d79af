"""Read a CSV or XLSX file into a plain table of strings, reporting what is wrong with it.

Shared by every file-based input, so that "not a table at all" is diagnosed once:
an empty file, a binary, a spreadsheet without the expected sheet, text in an
unknown encoding. And bounded once (`kernel/input_limit.py`): the file's size before it is
read, an XLSX archive's decompressed size, compression ratio and member count before
openpyxl opens it (zip bombs), rows and columns as they are read (never the dimension a
sheet declares, which may claim A1:XFD1048576).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openbook.kernel.error import DataIssue
from openbook.kernel.input_limit import (
    MAX_TABLE_COLUMNS,
    MAX_TABLE_FILE_BYTES,
    MAX_TABLE_ROWS,
    MAX_XLSX_MEMBERS,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNCOMPRESSED,
    describe_bytes,
    read_file,
    too_large,
)

XLSX_MAGIC = b"PK\x03\x04"
# Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32 LE"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32 BE"),
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 (with BOM)"),
    (b"\xff\xfe", "utf-16", "UTF-16 LE"),
    (b"\xfe\xff", "utf-16", "UTF-16 BE"),
)
PLAIN = ("XLSX", "UTF-8", "UTF-8 (with BOM)")  # the header names no encoding for these
ENCODINGS_READ = "UTF-8 (with or without BOM), UTF-16 or UTF-32 with a BOM, or Windows-1252"


@dataclass(frozen=True)
class RawTable:
    """Header and rows as text; `row_numbers[i]` is the 1-based file row of `rows[i]`."""

    source: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]
    encoding: str = "XLSX"  # how the text was read: "UTF-8", "Windows-1252", ...

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


def _decode(data: bytes, source: str) -> tuple[str | None, str, list[DataIssue]]:
    """The text, the encoding it was read in (named as people know it), or why not."""
    detected = _detect(data[:4096])
    if detected is None:
        binary = DataIssue(
            source,
            "is a binary file, not a CSV or XLSX file",
            expected=f"a CSV file in {ENCODINGS_READ}, or an XLSX file",
        )
        return None, "", [binary]
    codec, name = detected
    try:
        return data.decode(codec), name, []
    except UnicodeDecodeError as error:
        if codec != "utf-8":  # a byte-order mark or zeros said which: no second guess
            return None, name, [_undecodable(source, name, error)]
    try:
        return data.decode("cp1252"), "Windows-1252", []
    except UnicodeDecodeError as error:
        return None, "", [_undecodable(source, "UTF-8 or Windows-1252", error)]


def _detect(head: bytes) -> tuple[str, str] | None:
    """(codec, name) from a byte-order mark, UTF-16's zeros, else UTF-8; None: binary."""
    for mark, codec, name in BOMS:
        if head.startswith(mark):
            return codec, name
    utf16 = _utf16_without_bom(head)
    if utf16 is not None:
        return utf16
    return None if b"\x00" in head else ("utf-8", "UTF-8")


def _utf16_without_bom(head: bytes) -> tuple[str, str] | None:
    """UTF-16 text of mostly ASCII has a zero in every other byte: in the odd positions for
    little-endian, the even ones for big-endian."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even, odd = head[0 : pairs * 2 : 2], head[1 : pairs * 2 : 2]
    if odd.count(0) == pairs and even.count(0) == 0:
        return "utf-16-le", "UTF-16 LE (no BOM)"
    if even.count(0) == pairs and odd.count(0) == 0:
        return "utf-16-be", "UTF-16 BE (no BOM)"
    return None


def _undecodable(source: str, tried: str, error: UnicodeDecodeError) -> DataIssue:
    byte = error.object[error.start : error.start + 1].hex().upper()
    return DataIssue(
        source,
        f"cannot be read as text in {tried}: byte 0x{byte} at position {error.start:,}",
        expected=f"a CSV file in {ENCODINGS_READ}",
        hint="save it from the spreadsheet as 'CSV UTF-8'",
    )


def parse_csv(data: bytes, source: str) -> tuple[RawTable | None, list[DataIssue]]:
    text, encoding, issues = _decode(data, source)
    if text is None:
        return None, issues
    reader = csv.reader(io.StringIO(text))
    all_rows: list[list[str]] = []
    try:
        for row in reader:
            if len(all_rows) > MAX_TABLE_ROWS:
                return None, [_too_many_rows(source, reader.line_num)]
            if len(row) > MAX_TABLE_COLUMNS and any(row[MAX_TABLE_COLUMNS:]):
                return None, [_too_many_columns(source, reader.line_num, len(row))]
            all_rows.append([cell.strip() for cell in row[:MAX_TABLE_COLUMNS]])
    except csv.Error as error:
        return None, [
            DataIssue(
                source,
                f"is not a well-formed CSV file: {error}",
                row=reader.line_num,
                hint=f"read as {encoding}",
            )
        ]
    return _to_table(all_rows, source, encoding)


def _too_many_rows(source: str, row: int) -> DataIssue:
    return DataIssue(
        source,
        f"has more than {MAX_TABLE_ROWS:,} rows; at most {MAX_TABLE_ROWS:,} are read",
        row=row,
        expected=f"at most {MAX_TABLE_ROWS:,} rows",
    )


def _too_many_columns(source: str, row: int, width: int) -> DataIssue:
    return DataIssue(
        source,
        f"has {width:,} columns; at most {MAX_TABLE_COLUMNS} are read",
        row=row,
        column=column_letter(width - 1),
        expected=f"at most {MAX_TABLE_COLUMNS} columns",
    )


def _to_table(
    all_rows: list[list[str]], source: str, encoding: str = "XLSX"
) -> tuple[RawTable | None, list[DataIssue]]:
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
        source,
        tuple(cell.strip() for cell in header),
        rows,
        tuple(number for number, _ in body),
        encoding,
    )
    return table, extra


def check_xlsx_archive(data: bytes, source: str) -> list[DataIssue]:
    """Refuse a zip bomb before anything decompresses it: too many members, too much
    decompressed data, or too high a compression ratio (from the archive's directory;
    zipfile then never gives more than a member declares)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        return [DataIssue(source, f"is not a readable XLSX workbook ({error})")]
    if len(members) > MAX_XLSX_MEMBERS:
        return [
            DataIssue(
                source,
                f"is an archive of {len(members):,} files; an XLSX workbook may hold at most "
                f"{MAX_XLSX_MEMBERS:,}",
                expected="an XLSX workbook saved by a spreadsheet",
            )
        ]
    unpacked = sum(member.file_size for member in members)
    packed = max(1, sum(member.compress_size for member in members))
    if unpacked > MAX_XLSX_UNCOMPRESSED:
        return [too_large(source, unpacked, MAX_XLSX_UNCOMPRESSED, "workbook, decompressed,")]
    if unpacked > 1_000_000 and unpacked / packed > MAX_XLSX_RATIO:
        return [
            DataIssue(
                source,
                f"decompresses {unpacked / packed:,.0f} times over ({describe_bytes(packed)} to "
                f"{describe_bytes(unpacked)}); a workbook may expand at most {MAX_XLSX_RATIO} "
                "times",
                hint="this looks like a zip bomb, not a spreadsheet",
            )
        ]
    return []


def parse_xlsx(data: bytes, source: str, sheet: str) -> tuple[RawTable | None, list[DataIssue]]:
    from openpyxl import load_workbook

    issues = check_xlsx_archive(data, source)
    if issues:
        return None, issues
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
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
        rows, problem = _sheet_rows(workbook[sheet], f"{source}[{sheet}]")
    except (KeyError, OSError, ValueError, TypeError, zipfile.BadZipFile) as error:
        return None, [DataIssue(source, f"is not a readable XLSX workbook ({error})")]
    finally:
        workbook.close()
    if problem is not None:
        return None, [problem]
    return _to_table(rows, f"{source}[{sheet}]")


def _sheet_rows(worksheet: Any, source: str) -> tuple[list[list[str]], DataIssue | None]:
    """Rows as they are in the sheet's XML, streamed: the declared dimension is ignored (it
    may claim a million rows, or stop short of the rows there are)."""
    worksheet.reset_dimensions()
    rows: list[list[str]] = []
    for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number > MAX_TABLE_ROWS + 1:  # the header and MAX_TABLE_ROWS rows of data
            return [], _too_many_rows(source, number)
        if len(row) > MAX_TABLE_COLUMNS and any(v is not None for v in row[MAX_TABLE_COLUMNS:]):
            return [], _too_many_columns(source, number, len(row))
        rows.append([_cell_text(cell) for cell in row[:MAX_TABLE_COLUMNS]])
    return rows, None


def load_table(path: Path, sheet: str) -> tuple[RawTable | None, list[DataIssue]]:
    """A CSV or XLSX file as a RawTable, or every reason it cannot be one. The file's size is
    checked before it is read."""
    data, issues = read_file(path, MAX_TABLE_FILE_BYTES)
    if data is None:
        return None, issues
    return parse_table_bytes(data, path.name, sheet)


def parse_table_bytes(
    data: bytes, source: str, sheet: str
) -> tuple[RawTable | None, list[DataIssue]]:
    if len(data) > MAX_TABLE_FILE_BYTES:
        return None, [too_large(source, len(data), MAX_TABLE_FILE_BYTES)]
    if not data.strip():
        return None, [
            DataIssue(source, "is empty", expected="a CSV or XLSX file with a header row")
        ]
    if data.startswith(XLSX_MAGIC):
        return parse_xlsx(data, source, sheet)
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
                hint=None if table.encoding in PLAIN else f"the file was read as {table.encoding}",
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
