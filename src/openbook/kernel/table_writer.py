"""Write a table (header + rows) as CSV or XLSX, the two forms every table downloads in."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

Cell = str | int | Decimal | None


def render_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
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
        for column_cells in sheet.iter_cols(min_row=2):
            for cell in column_cells:
                if isinstance(cell.value, (float, Decimal)):
                    cell.number_format = "#,##0.00;(#,##0.00)"
        for letter, width in (column_widths or {}).items():
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
