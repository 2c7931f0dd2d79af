"""Blank monthly return templates, pre-filled with the organisation's lines and agreed plan."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openbook.finance.file_render import overall_commentary_row, render_return_rows
from openbook.finance.model.account import LineKind
from openbook.finance.model.finance_return import (
    OVERALL_COMMENTARY_ROW,
    ReturnLine,
    fill_subtotals,
)
from openbook.finance.submit import get_chart
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError, OpenbookError
from openbook.kernel.money import ZERO, money_str
from openbook.kernel.period import FinancialYear, check_month, month_label
from openbook.kernel.table_writer import Cell
from openbook.reference import store as organisations

GUIDE = (
    ("How to fill in this return",),
    (
        "One row per account line. Amounts in pounds (not £000), positive numbers; "
        "subtotal rows must equal the sum of their parts.",
    ),
    ("annual_plan and plan_ytd come from the agreed plan: leave them as they are.",),
    ("actual_ytd: year to date at the end of the month. forecast_outturn: the whole year.",),
    (
        "Risks and mitigations: add rows with line_code risk.<ref> or mitigation.<ref>, a "
        "description, gross_value (pounds) and likelihood_pct (0-100).",
    ),
    (
        "commentary (optional, last column): explain a line's variance on its row; the row "
        "'commentary' carries the overall narrative for the month.",
    ),
    ("Check before you submit: openbook check FILE. Submit: openbook submit FILE.",),
)


def _plan_lines(plan: dict[str, list[Decimal]] | None, month: int) -> dict[str, ReturnLine]:
    if plan is None:
        return {}
    return {
        code: ReturnLine(code, annual_plan=sum(months, ZERO), plan_ytd=sum(months[:month], ZERO))
        for code, months in plan.items()
    }


def build_template_rows(
    db: Database, org_code: str, year: FinancialYear, month: int
) -> list[list[Cell]]:
    check_month(month)
    with db.reading() as session:
        org = organisations.get_organisation(session, org_code)
        if org is None:
            raise NotFoundError(f"organisation {org_code!r} is not known")
        if not org.kind.submits_returns:
            raise OpenbookError(f"{org_code} is a {org.kind.value}; it does not submit returns")
        chart = get_chart(session, org_code, year)
        plan = organisations.get_plan(session, org_code, year, month)
    planned = _plan_lines(plan, month)
    # A mandatory line the plan leaves out (a commissioner's finance costs) is planned at
    # zero: the return must state it, and a blank plan cell would be refused on upload.
    inputs = {
        line.line_code: planned.get(line.line_code, ReturnLine(line.line_code, ZERO, ZERO))
        for line in chart
        if line.kind is LineKind.INPUT and (line.line_code in planned or line.mandatory)
    }
    filled = {line.line_code: line for line in fill_subtotals(inputs, chart)} if plan else {}
    rows: list[list[Cell]] = []
    for line in chart:
        known = filled.get(line.line_code)
        plan_cells: list[Cell] = (
            ["", ""] if known is None else [money_str(known.annual_plan), money_str(known.plan_ytd)]
        )
        rows.append(
            [
                org_code,
                year.label,
                month_label(month),
                line.line_code,
                line.description,
                *plan_cells,
                "",
                "",
                "",
                "",
                "",
            ]
        )
    rows.append(overall_commentary_row([org_code, year.label, month_label(month)], ""))
    return rows


def write_template(db: Database, org_code: str, year: FinancialYear, month: int, path: Path) -> int:
    """Write a CSV or XLSX template (by the file's extension); returns the number of account
    lines (the overall commentary row is not one)."""
    rows = build_template_rows(db, org_code, year, month)
    data = render_return_rows(rows, path.suffix.lower(), GUIDE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return sum(1 for row in rows if row[3] != OVERALL_COMMENTARY_ROW)
