"""The national view: every system at its latest month, as the page /national and
GET /api/v1/national show it."""

from __future__ import annotations

from typing import Annotated

import typer

from openbook.cli.common import database
from openbook.cli.output import OutputFormat, console, print_csv, print_json, print_table

HEADER = ["system", "name", "organisations", "year", "month", "control total (£000)",
          "forecast outturn (£000)", "gap (£000)", "RAG", "escalations open"]  # fmt: skip


def register(root: typer.Typer) -> None:
    root.command("national")(national)


def national(
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Every system in the store at its latest month with returns: organisations, position
    against its control total (£000) and escalations open."""
    from openbook.governance.national import list_national, national_to_dict
    from openbook.kernel.money import format_cell

    rows = list_national(database())
    if output_format is OutputFormat.json:
        print_json(national_to_dict(rows))
        return
    table = [
        [r.system_code, r.name, str(r.organisations), r.financial_year or "-",
         "-" if r.month is None else f"M{r.month}", format_cell(r.control_total),
         format_cell(r.forecast_outturn), format_cell(r.gap), (r.rag or "-").upper(),
         str(r.escalations_open)]
        for r in rows
    ]  # fmt: skip
    if output_format is OutputFormat.csv:
        print_csv(HEADER, table)
        return
    print_table("Systems in England (latest month with returns)", HEADER, table, right_from=5)
    if any(r.synthetic for r in rows):
        console.print("Figures of systems built by the demonstration are SYNTHETIC.")
