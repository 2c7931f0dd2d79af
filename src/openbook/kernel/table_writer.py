"""Write a table (header + rows) as CSV or XLSX, the two forms every table downloads in.

Workbooks are written the way a finance team expects to receive them: each column has a
number format (money in £ or £000 as its heading says, negatives in brackets; percentages as
percentages of a stored fraction; counts as whole numbers), numbers are stored as numbers, the
columns are as wide as their contents, the header row is frozen and carries an autofilter.
CSV starts with a UTF-8 byte-order mark so that Excel shows £ as £.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from openbook.kernel.money import THOUSAND, format_thousands

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | Decimal | None
# Text a spreadsheet would run as a formula (CSV/DDE injection): anything a user typed, such
# as an escalation title "=HYPERLINK(...)", is written so that it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?")  # "-1500.00" is an amount, not a formula
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")  # a number written as text by money_str
MAX_WIDTH = 60
MIN_WIDTH = 8


class Format(StrEnum):
    """How a column's values show in a workbook (`number_format` is Excel's)."""

    TEXT = "text"
    POUNDS = "pounds"  # pounds and pence, the cell holds pounds
    THOUSANDS = "thousands"  # £000, the cell holds thousands of pounds
    PERCENT = "percent"  # the cell holds a fraction: 0.015 shows as 1.5%
    COUNT = "count"  # whole numbers with separators
    NUMBER = "number"  # a number as typed (a likelihood of 50 or 12.5)
    GENERAL = "general"  # whatever the value is

    @property
    def numeric(self) -> bool:
        return self not in (Format.TEXT, Format.GENERAL)

    @property
    def number_format(self) -> str:
        return NUMBER_FORMATS[self]

    def shown(self, value: Decimal) -> str:
        """Roughly what Excel shows in the cell, to size the column."""
        if self is Format.POUNDS:
            return format_thousands(value * THOUSAND, 2)
        if self is Format.THOUSANDS:
            return format_thousands(value * THOUSAND)
        if self is Format.PERCENT:
            return f"{value * 100:.1f}%"
        if self is Format.COUNT:
            return f"{value:,.0f}"
        return str(value)


NUMBER_FORMATS = {
    Format.TEXT: "@",
    Format.POUNDS: "#,##0.00;(#,##0.00)",
    Format.THOUSANDS: "#,##0;(#,##0)",
    Format.PERCENT: "0.0%",
    Format.COUNT: "#,##0",
    Format.NUMBER: "General",
    Format.GENERAL: "General",
}


def format_for_heading(heading: str) -> Format | None:
    """The format a column's heading names: '… (£000)', '… (£)', '… (%)'; None if none."""
    if heading.endswith("(£000)"):
        return Format.THOUSANDS
    if heading.endswith("(£)"):
        return Format.POUNDS
    if heading.endswith("(%)"):
        return Format.PERCENT
    return None


@dataclass(frozen=True)
class Sheet:
    """One worksheet. `formats` gives each column's format; a column without one takes the
    format its heading names, else pounds for decimal amounts and General for the rest.
    Values of a THOUSANDS column are given in pounds and written in thousands."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    formats: Sequence[Format | None] = ()

    def format_of(self, column: int) -> Format | None:
        given = self.formats[column] if column < len(self.formats) else None
        return given or format_for_heading(str(self.header[column]))


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) and NUMBER.fullmatch(text) is None


def keep_as_text(cell: Any) -> None:
    """An openpyxl cell holding formula-like text is stored as text, never evaluated. Every
    XLSX writer calls this on each cell it writes (here, and capacity's own workbook)."""
    if isinstance(cell.value, str) and is_formula_like(cell.value):
        cell.data_type = "s"


def _csv_cell(cell: Cell) -> Cell:
    if cell is None:
        return ""
    if isinstance(cell, str) and is_formula_like(cell):
        return "'" + cell  # the convention spreadsheets show as the text itself
    return cell


def render_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to read £ as £ (readers skip it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_csv_cell(h) for h in header])
    writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_value(cell: Cell, fmt: Format | None) -> Cell:
    """Numbers as numbers: an amount written as text ('1500.00') in a numeric column is a
    number; a THOUSANDS column holds thousands."""
    numeric = fmt is not None and fmt.numeric
    if isinstance(cell, str) and numeric and PLAIN_NUMBER.fullmatch(cell.strip()):
        cell = Decimal(cell.strip())
    if fmt is Format.THOUSANDS and isinstance(cell, Decimal | int) and not isinstance(cell, bool):
        return Decimal(cell) / THOUSAND
    return cell


def _shown(value: object, fmt: Format | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return (fmt or Format.POUNDS).shown(Decimal(value))
    return str(value)


def _write_sheet(sheet: Worksheet, spec: Sheet, widths: dict[str, int] | None) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append(list(spec.header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    formats = [spec.format_of(index) for index in range(len(spec.header))]
    for row in spec.rows:
        sheet.append(
            [
                _xlsx_value(cell, formats[i] if i < len(formats) else None)
                for i, cell in enumerate(row)
            ]
        )
    for index, column_cells in enumerate(sheet.iter_cols(min_row=1), start=0):
        fmt = formats[index] if index < len(formats) else None
        longest = 0
        for number, cell in enumerate(column_cells):
            value = cell.value
            if number and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                if fmt is not None and fmt.numeric:
                    cell.number_format = fmt.number_format
                elif fmt is None and isinstance(value, float | Decimal):
                    cell.number_format = Format.POUNDS.number_format
            else:
                keep_as_text(cell)
            lines = _shown(value, fmt).splitlines() or [""]
            extra = 3 if number == 0 else 1  # the header also holds the filter's arrow
            longest = max(longest, max(len(line) for line in lines) + extra)
        letter = get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = max(MIN_WIDTH, min(MAX_WIDTH, longest + 1))
    for letter, width in (widths or {}).items():
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    if spec.header:
        last = get_column_letter(len(spec.header))
        sheet.auto_filter.ref = f"A1:{last}{max(1, len(spec.rows) + 1)}"


def render_xlsx(
    sheets: Sequence[Sheet | tuple[str, Sequence[str], Sequence[Sequence[Cell]]]],
    column_widths: dict[str, int] | None = None,
) -> bytes:
    """One worksheet per Sheet (or (title, header, rows)); `column_widths` overrides the
    widths measured from the contents."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for given in sheets:
        spec = given if isinstance(given, Sheet) else Sheet(*given)
        _write_sheet(workbook.create_sheet(spec.title[:31]), spec, column_widths)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
