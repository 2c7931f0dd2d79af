"""The whole book of a system for a year: `openbook export`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from openbook.cli.common import SystemOption, YearOption, database
from openbook.cli.output import console, fail, handled_errors


def register(root: typer.Typer) -> None:
    root.command("export")(export)


def export(
    system: SystemOption,
    year: YearOption,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="File to write: .xlsx (a workbook) or .parquet (for analysts)."
        ),
    ],
) -> None:
    """Write the whole book of a system for a year: a workbook with a sheet for the system
    (every month's positions) and one per organisation (every month's return lines), or
    Parquet with one row per organisation, month and line."""
    from openbook.finance.book import export_book
    from openbook.kernel.period import FinancialYear

    try:
        financial_year = FinancialYear.parse(year)
    except ValueError as error:
        fail(str(error))
    db = database()
    with handled_errors():
        data = export_book(db, system.upper(), financial_year, output.suffix.lower())
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    console.print(f"Wrote {output}: the book of {system.upper()} for {financial_year.label}.")
