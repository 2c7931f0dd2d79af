"""One line of an organisation's return, month by month: the plan, the actual and their
variance for each month alone (the difference of consecutive year-to-date figures) and
year to date, and the forecast outturn as each month's return gave it. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openbook.finance.model.finance_return import ReturnLine


@dataclass(frozen=True)
class LineMonth:
    month: int
    version: int | None  # the return version in force; None: no return for the month
    annual_plan: Decimal | None
    plan_ytd: Decimal | None
    actual_ytd: Decimal | None
    forecast_outturn: Decimal | None
    plan_month: Decimal | None  # this month alone; None without this or last month's return
    actual_month: Decimal | None

    @property
    def has_return(self) -> bool:
        return self.version is not None

    @property
    def ytd_variance(self) -> Decimal | None:
        if self.actual_ytd is None or self.plan_ytd is None:
            return None
        return self.actual_ytd - self.plan_ytd

    @property
    def month_variance(self) -> Decimal | None:
        if self.actual_month is None or self.plan_month is None:
            return None
        return self.actual_month - self.plan_month


@dataclass(frozen=True)
class LineHistory:
    org_code: str
    org_name: str
    financial_year: str
    line_code: str
    description: str
    months: tuple[LineMonth, ...]  # M1 onwards


def _difference(now: Decimal | None, before: Decimal | None, month: int) -> Decimal | None:
    if now is None:
        return None
    if month == 1:
        return now
    return None if before is None else now - before


def calculate_line_months(
    found: dict[int, tuple[int, ReturnLine | None]], up_to_month: int
) -> tuple[LineMonth, ...]:
    """`found`: month -> (version, the line in that version, None if it has no such line);
    months without a return are absent. Each month alone is its YTD less the month before's."""
    months: list[LineMonth] = []
    previous: LineMonth | None = None
    for month in range(1, up_to_month + 1):
        version, line = found.get(month, (None, None))
        plan_ytd = None if line is None else line.plan_ytd
        actual_ytd = None if line is None else line.actual_ytd
        entry = LineMonth(
            month=month,
            version=version,
            annual_plan=None if line is None else line.annual_plan,
            plan_ytd=plan_ytd,
            actual_ytd=actual_ytd,
            forecast_outturn=None if line is None else line.forecast_outturn,
            plan_month=_difference(
                plan_ytd, None if previous is None else previous.plan_ytd, month
            ),
            actual_month=_difference(
                actual_ytd, None if previous is None else previous.actual_ytd, month
            ),
        )
        months.append(entry)
        previous = entry
    return tuple(months)
