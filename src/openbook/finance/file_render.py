"""A finance return written back out in the template's layout (CSV or XLSX).

`parse(render(x)) == x`: a stored version downloads as a file that submits unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from openbook.finance.model.account import AccountLine
from openbook.finance.model.finance_return import (
    AMOUNT_COLUMNS,
    COMMENTARY_COLUMN,
    OVERALL,
    OVERALL_COMMENTARY_ROW,
    RETURN_COLUMNS,
    FinanceReturn,
)
from openbook.kernel.error import OpenbookError
from openbook.kernel.money import money_str
from openbook.kernel.period import month_label
from openbook.kernel.table_writer import Cell, Format, Sheet, render_csv, render_xlsx

RETURN_COLUMN_WIDTHS = {
    "D": 36,
    "E": 60,
    "F": 16,
    "G": 16,
    "H": 16,
    "I": 18,
    "J": 14,
    "K": 14,
    "L": 60,
}
HEADER = (*RETURN_COLUMNS, COMMENTARY_COLUMN)
OVERALL_DESCRIPTION = "Overall commentary on the month (in the commentary column)"
RETURN_FORMATS = tuple(
    Format.POUNDS
    if name in (*AMOUNT_COLUMNS, "gross_value")
    else Format.NUMBER
    if name == "likelihood_pct"
    else Format.TEXT
    for name in HEADER
)


def return_rows(finance_return: FinanceReturn, chart: tuple[AccountLine, ...]) -> list[list[Cell]]:
    r = finance_return
    ident = [r.org_code, r.financial_year.label, month_label(r.month)]
    descriptions = {line.line_code: line.description for line in chart}
    order = {line.line_code: index for index, line in enumerate(chart)}
    lines = sorted(
        r.lines, key=lambda line: (order.get(line.line_code, len(order)), line.line_code)
    )
    rows: list[list[Cell]] = [
        [
            *ident,
            line.line_code,
            descriptions.get(line.line_code, ""),
            money_str(line.annual_plan),
            money_str(line.plan_ytd),
            money_str(line.actual_ytd),
            money_str(line.forecast_outturn),
            "",
            "",
            r.commentary_for(line.line_code),
        ]
        for line in lines
    ]
    rows += [
        [
            *ident,
            f"{risk.kind.value}.{risk.ref}",
            risk.description,
            "",
            "",
            "",
            "",
            money_str(risk.gross_value),
            str(risk.likelihood_pct.normalize()),
            r.commentary_for(f"{risk.kind.value}.{risk.ref}"),
        ]
        for risk in r.risks
    ]
    rows.append(overall_commentary_row(ident, r.commentary_for(OVERALL)))
    return rows


def overall_commentary_row(ident: Sequence[Cell], text: str) -> list[Cell]:
    """The row that carries the return's overall narrative."""
    return [*ident, OVERALL_COMMENTARY_ROW, OVERALL_DESCRIPTION, "", "", "", "", "", "", text]


def render_return_rows(
    rows: list[list[Cell]], suffix: str, guide: tuple[tuple[str], ...] = ()
) -> bytes:
    """The template layout as .csv or .xlsx bytes (sheet 'Return', plus an optional guide)."""
    if suffix == ".csv":
        return render_csv(HEADER, rows)
    if suffix == ".xlsx":
        # Amounts and likelihoods are numbers in the workbook, so that Excel adds them up.
        sheets: list[Sheet] = [Sheet("Return", HEADER, rows, RETURN_FORMATS)]
        if guide:
            sheets.append(Sheet("Guide", ("Guide",), [list(row) for row in guide]))
        return render_xlsx(sheets, RETURN_COLUMN_WIDTHS)
    raise OpenbookError(
        f"cannot write a return as {suffix or 'a file without an extension'}",
        hint="name the file .csv or .xlsx",
    )
