"""A funnel from a user's CSV or XLSX table: read it, check every cell, calculate.

Nothing is raised for bad data: `load_funnel_file` returns the funnel or every problem, each
with its row and column, as the CLI and the web shells report them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from openbook.funnel import check
from openbook.funnel.engine import Funnel, funnel
from openbook.funnel.method import FunnelMethod
from openbook.kernel.error import DataIssue, InvalidDataError
from openbook.kernel.table_reader import RawTable, load_table
from openbook.kernel.table_reader import column_letter as letter_of

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class FunnelRequest:
    group_col: str
    numerator_col: str
    denominator_col: str
    method: FunnelMethod = field(default_factory=FunnelMethod)
    target: float | None = None


def _first_sheet(path: Path) -> str:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True)
    except (OSError, ValueError, KeyError):
        return "Sheet1"  # the reader below reports what is wrong with the file
    try:
        return str(workbook.sheetnames[0])
    finally:
        workbook.close()


def read_funnel_table(path: Path) -> tuple[RawTable | None, list[DataIssue]]:
    """The file's cells as text (CSV, or the first sheet of an XLSX workbook)."""
    if not path.exists():
        return None, [DataIssue(path.name, "the file does not exist")]
    sheet = _first_sheet(path) if path.suffix.lower() == ".xlsx" else "Sheet1"
    return load_table(path, sheet)


def check_columns(table: RawTable, request: FunnelRequest) -> list[DataIssue]:
    """The three named columns must be in the header."""
    present = ", ".join(table.header)
    wanted = (request.group_col, request.numerator_col, request.denominator_col)
    return [
        DataIssue(
            table.source,
            f"column '{name}' not found; the columns are: {present}",
            row=1,
            found=present,
            expected=f"a column named '{name}'",
            hint="name the column with --group-col, --numerator-col or --denominator-col",
        )
        for name in dict.fromkeys(wanted)
        if name not in table.header
    ]


def parse_count_column(table: RawTable, name: str) -> tuple[FloatArray, list[DataIssue]]:
    """A column as numbers (thousands separators allowed); every blank or unreadable cell is
    an issue with its row, and NaN in the array."""
    index = table.header.index(name)
    at = letter_of(index)
    values = np.full(len(table.rows), np.nan)
    issues = []
    for position, (row, number) in enumerate(zip(table.rows, table.row_numbers, strict=True)):
        text = row[index].strip()
        try:
            values[position] = float(text.replace(",", ""))
        except ValueError:
            message = (
                f"'{name}' is empty; expected a number"
                if not text
                else f"'{name}' is '{text}'; expected a number"
            )
            issues.append(DataIssue(table.source, message, row=number, column=at, found=text,
                                    expected="a number like 1234"))  # fmt: skip
    return values, issues


def calculate_table_funnel(
    table: RawTable, request: FunnelRequest
) -> tuple[Funnel | None, list[DataIssue]]:
    issues = check_columns(table, request)
    if issues:
        return None, issues
    numerator, issues = parse_count_column(table, request.numerator_col)
    denominator, more = parse_count_column(table, request.denominator_col)
    issues += more
    group_index = table.header.index(request.group_col)
    groups = [row[group_index] for row in table.rows]
    readable = np.isfinite(numerator) & np.isfinite(denominator)
    columns = check.Columns(
        request.group_col, request.numerator_col, request.denominator_col,
        letter_of(group_index), table.column_letter(request.numerator_col),
        table.column_letter(request.denominator_col),
    )  # fmt: skip
    keep = np.flatnonzero(readable)
    issues += check.check_funnel(
        table.source, [groups[i] for i in keep], numerator[keep], denominator[keep],
        request.method, request.target, [table.row_numbers[i] for i in keep], columns,
        pooled=not issues,
    )  # fmt: skip
    if issues:
        return None, issues
    try:
        result = funnel(
            groups, numerator, denominator, request.method, request.target, source=table.source
        )
    except InvalidDataError as error:  # pragma: no cover - the checks above are the same
        return None, error.issues
    return result, []


def load_funnel_file(path: Path, request: FunnelRequest) -> tuple[Funnel | None, list[DataIssue]]:
    """The funnel of a CSV or XLSX file, or every reason there is none."""
    table, issues = read_funnel_table(path)
    if table is None or issues:
        return None, issues
    return calculate_table_funnel(table, request)
