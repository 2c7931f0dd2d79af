"""Write a table (header + rows) as CSV or XLSX, the two forms every table downloads in."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

Cell = str | int | Decimal | None
# Text a spreadsheet would run as a formula (CSV/DDE injection): anything a user typed, such
# as an escalation title "=HYPERLINK(...)", is written so that it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?")  # "-1500.00" is an amount, not a formula


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) and NUMBER.fullmatch(text) is None


def _csv_cell(cell: Cell) -> Cell:
    if cell is None:
        return ""
    if isinstance(cell, str) and is_formula_like(cell):
        return "'" + cell  # the convention spreadsheets show as the text itself
    return cell


def keep_as_text(cell: Any) -> None:
    """An openpyxl cell holding formula-like text is stored as text, never evaluated. Every
    XLSX writer calls this on each cell it writes (here, and capacity's own workbook)."""
    if isinstance(cell.value, str) and is_formula_like(cell.value):
        cell.data_type = "s"


def render_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_csv_cell(h) for h in header])
    writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def render_xlsx(
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Cell]]]],
    column_widths: dict[str, int] | None = None,
) -> bytes:
    """One worksheet per (title, header, rows); money cells keep pence, shown with separators."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title)
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(list(row))
        for column_cells in sheet.iter_cols(min_row=1):
            for cell in column_cells:
                if isinstance(cell.value, (float, Decimal)):
                    cell.number_format = "#,##0.00;(#,##0.00)"
                keep_as_text(cell)
        for letter, width in (column_widths or {}).items():
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
