"""Rendering a system position as a table (£000, brackets for negatives), JSON or CSV."""

from __future__ import annotations

from decimal import Decimal

from rich.table import Table
from rich.text import Text

from openbook.cli.output import OutputFormat, console, print_csv, print_json
from openbook.finance.model.position import Position, Rag
from openbook.finance.position_report import (
    SystemPosition,
    describe_additions,
    position_rows,
    system_position_to_dict,
)
from openbook.kernel.money import format_cell
from openbook.kernel.period import month_label

RAG_STYLE = {
    Rag.GREEN: "bold green",
    Rag.AMBER: "bold yellow",
    Rag.RED: "bold red",
    Rag.GREY: "dim",
}
COLUMNS = (
    "Org",
    "Control\ntotal",
    "Forecast\noutturn",
    "Gap",
    "YTD\nplan",
    "YTD\nactual",
    "YTD\nvariance",
    "CIP YTD\nplan",
    "CIP YTD\nactual",
    "Risk-adj.\nforecast",
    "STF at\nrisk",
    "RAG",
)


def _k(value: Decimal | None) -> str:
    return format_cell(value)


def _cells(p: Position, code: str) -> list[str | Text]:
    """Figures that come from a return show a dash when there is no return."""
    from_return = [
        p.forecast_outturn,
        p.gap,
        p.ytd_plan,
        p.ytd_actual,
        p.ytd_variance,
        p.cip_plan_ytd,
        p.cip_actual_ytd,
        p.risk_adjusted_forecast,
    ]
    shown = [_k(value) if p.has_return else "–" for value in from_return]
    rag = p.rag.value.upper() if p.has_return else "NO RETURN"
    return [
        code,
        _k(p.control_total),
        *shown,
        _k(p.sustainability_at_risk),
        Text(rag, style=RAG_STYLE[p.rag]),
    ]


def _table(report: SystemPosition) -> Table:
    title = (
        f"{report.system.system_code} {report.system.name}: "
        f"{report.financial_year.label} {month_label(report.month)} position (£000)"
    )
    table = Table(title=title, title_justify="left")
    for index, name in enumerate(COLUMNS):
        table.add_column(name, justify="left" if index == 0 else "right", no_wrap=True)
    for p in report.organisations:
        table.add_row(*_cells(p, p.code))
    table.add_section()
    table.add_row(*_cells(report.position, "System"), style="bold")
    for p in report.associates:
        table.add_row(*_cells(p, f"{p.code}*"))
    return table


def _notes(report: SystemPosition) -> list[str]:
    names = [f"{p.code} {p.name}" for p in [*report.organisations, *report.associates]]
    notes = [
        "; ".join(names) + ".",
        "Control total basis: adjusted financial performance excluding sustainability "
        "funding. Gap = forecast outturn − control total (negative: short of it).",
    ]
    notes += describe_additions(report)
    if report.associates:
        notes.append("* Associate: shares the open book; not in the system control total.")
    if report.synthetic:
        notes.append("Finances are SYNTHETIC demonstration data.")
    return notes


def render_position(report: SystemPosition, output_format: OutputFormat) -> None:
    if output_format is OutputFormat.json:
        print_json(system_position_to_dict(report))
        return
    if output_format is OutputFormat.csv:
        print_csv(*position_rows(report))
        return
    console.print(_table(report))
    for note in _notes(report):
        console.print(note, style="dim", highlight=False)
