"""Helpers for tests that submit returns: a valid file from the demonstration system."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from openbook.finance.submit import export_return
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear

YEAR = FinancialYear.parse("2017/18")
TODAY = date(2026, 11, 24)


def valid_return_rows(
    db: Database, org: str = "RBD", month: int = 12, year: FinancialYear = YEAR
) -> list[list[str]]:
    """The demo's stored return for an open month, as rows of the CSV template."""
    data, _ = export_return(db, org, year, month, ".csv")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))  # the file starts with a BOM


def worse_forecast(rows: list[list[str]], change: int) -> list[list[str]]:
    """The same return with the forecast surplus moved by `change` pounds (non-pay moves the
    other way, so every subtotal still adds up)."""
    from decimal import Decimal

    codes = [row[3] for row in rows]
    forecast = rows[0].index("forecast_outturn")
    for line, sign in [
        ("non_pay", -1),
        ("expenditure.total", -1),
        ("surplus_deficit", 1),
        ("surplus_deficit.excl_sustainability", 1),
    ]:
        row = rows[codes.index(line)]
        row[forecast] = str(Decimal(row[forecast]) + sign * change)
    return rows


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def set_cell(rows: list[list[str]], line_code: str, column: str, value: str) -> None:
    """Change one cell, found by line code and column name."""
    index = rows[0].index(column)
    for row in rows[1:]:
        if row[3] == line_code:
            row[index] = value
            return
    raise KeyError(line_code)
