"""One line of an organisation's return month by month (the drill-down below the
organisation page): each month's return in force, as known at `as_at`."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from openbook.finance import store as returns
from openbook.finance.model.finance_return import ReturnLine
from openbook.finance.model.line_history import LineHistory, LineMonth, calculate_line_months
from openbook.finance.submit import get_chart
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.money import money_str
from openbook.kernel.period import FinancialYear, check_month
from openbook.reference import store as organisations


def get_line_history(
    db: Database,
    org_code: str,
    year: FinancialYear,
    line_code: str,
    up_to_month: int = 12,
    as_at: datetime | None = None,
) -> LineHistory:
    """The line from M1 to `up_to_month`; NotFoundError naming the lines when it has none."""
    check_month(up_to_month)
    with db.reading() as session:
        org = organisations.get_organisation(session, org_code)
        if org is None:
            raise NotFoundError(f"organisation {org_code!r} is not known")
        chart = {line.line_code: line for line in get_chart(session, org_code, year)}
        if line_code not in chart:
            raise NotFoundError(
                f"{org_code}'s return has no line {line_code!r} in {year.label}",
                hint=f"lines: {', '.join(chart)}",
            )
        found: dict[int, tuple[int, ReturnLine | None]] = {}
        for month in range(1, up_to_month + 1):
            latest = returns.get_latest_returns(session, [org_code], year, month, as_at)
            if org_code in latest:
                finance_return, version = latest[org_code]
                line = next((x for x in finance_return.lines if x.line_code == line_code), None)
                found[month] = (version.version, line)
    return LineHistory(
        org.org_code,
        org.name,
        year.label,
        line_code,
        chart[line_code].description,
        calculate_line_months(found, up_to_month),
    )


def _money(value: Decimal | None) -> str | None:
    return None if value is None else money_str(value)


def line_month_to_dict(entry: LineMonth) -> dict[str, Any]:
    return {
        "month": f"M{entry.month}",
        "return_version": entry.version,
        "plan_month": _money(entry.plan_month),
        "actual_month": _money(entry.actual_month),
        "variance_month": _money(entry.month_variance),
        "plan_ytd": _money(entry.plan_ytd),
        "actual_ytd": _money(entry.actual_ytd),
        "variance_ytd": _money(entry.ytd_variance),
        "forecast_outturn": _money(entry.forecast_outturn),
        "annual_plan": _money(entry.annual_plan),
    }


def line_history_to_dict(history: LineHistory) -> dict[str, Any]:
    return {
        "org_code": history.org_code,
        "financial_year": history.financial_year,
        "line_code": history.line_code,
        "description": history.description,
        "months": [line_month_to_dict(entry) for entry in history.months],
    }
