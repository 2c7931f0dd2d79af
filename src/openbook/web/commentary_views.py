"""Commentary beside the numbers on the organisation page: the return's overall narrative,
each line's commentary with its figures, and the questions asked on the month."""

from __future__ import annotations

from typing import Any

from openbook.finance.commentary import can_answer_for, list_questions
from openbook.finance.model.finance_return import OVERALL, FinanceReturn
from openbook.kernel.access import Principal, can_propose
from openbook.kernel.database import Database
from openbook.kernel.table_writer import Cell
from openbook.web.pages.period import Period
from openbook.web.tables import Column, Kind, Link, Table

M = Kind.MONEY


def commentary_table(latest: FinanceReturn | None, descriptions: dict[str, str]) -> Table:
    """Each line the organisation explained, with the figures it explains."""
    rows: list[list[Cell | Link]] = []
    for code, text in () if latest is None else latest.commentary:
        if code == OVERALL:
            continue
        line = latest.line(code) if latest is not None else None
        rows.append(
            [
                descriptions.get(code, code),
                code,
                None if line is None else line.actual_ytd - line.plan_ytd,
                None if line is None else line.forecast_outturn,
                text,
            ]
        )
    columns = [
        Column("Line"),
        Column("Code"),
        Column("YTD variance", M),
        Column("Forecast outturn", M),
        Column("Commentary"),
    ]
    return Table("commentary", "Commentary on lines (latest return)", columns, rows)


def commentary_context(
    db: Database,
    period: Period,
    org_code: str,
    latest: FinanceReturn | None,
    descriptions: dict[str, str],
    user: Principal,
) -> dict[str, Any]:
    lines = [] if latest is None else [line.line_code for line in latest.lines]
    return {
        "commentary_overall": "" if latest is None else latest.commentary_for(OVERALL),
        "commentary": commentary_table(latest, descriptions),
        "questions": list_questions(db, [org_code], period.year, period.month),
        "question_lines": [(code, descriptions.get(code, code)) for code in lines],
        "may_ask": can_propose(user),
        "may_answer": can_answer_for(user, org_code),
    }
