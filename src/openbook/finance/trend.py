"""Month-by-month trends of each organisation's and the system's position: forecast outturn,
gap to control total, YTD variance and run rate, built from the monthly positions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from openbook.finance.model.position import Position
from openbook.finance.model.run_rate import calculate_run_rate
from openbook.finance.position_report import get_system_position
from openbook.kernel.database import Database
from openbook.kernel.money import money_str
from openbook.kernel.period import FinancialYear, check_month, month_label

MONTHS_IN_YEAR = 12


@dataclass(frozen=True)
class TrendPoint:
    month: int
    has_return: bool
    control_total: Decimal | None
    forecast_outturn: Decimal | None
    gap: Decimal | None
    ytd_variance: Decimal | None
    run_rate: Decimal | None  # YTD actual extrapolated to twelve months


@dataclass(frozen=True)
class Trend:
    code: str
    name: str
    points: tuple[TrendPoint, ...]


def calculate_trend_point(position: Position) -> TrendPoint:
    """The figures of one month's position that a trend plots; None without a return."""
    if not position.has_return:
        return TrendPoint(position.month, False, position.control_total, None, None, None, None)
    return TrendPoint(
        month=position.month,
        has_return=True,
        control_total=position.control_total,
        forecast_outturn=position.forecast_outturn,
        gap=position.gap,
        ytd_variance=position.ytd_variance,
        run_rate=calculate_run_rate(position.ytd_actual, position.month),
    )


def get_trends(
    db: Database,
    system_code: str,
    year: FinancialYear,
    up_to_month: int = MONTHS_IN_YEAR,
    as_at: datetime | None = None,
) -> list[Trend]:
    """The system first, then each partner and associate, M1 to `up_to_month`."""
    check_month(up_to_month)
    reports = [
        get_system_position(db, system_code, year, m, as_at) for m in range(1, up_to_month + 1)
    ]
    series: dict[str, tuple[str, list[TrendPoint]]] = {}
    for report in reports:
        for position in [report.position, *report.organisations, *report.associates]:
            _, points = series.setdefault(position.code, (position.name, []))
            points.append(calculate_trend_point(position))
    return [Trend(code, name, tuple(points)) for code, (name, points) in series.items()]


def _money(value: Decimal | None) -> str | None:
    return None if value is None else money_str(value)


def trend_to_dict(trend: Trend) -> dict[str, Any]:
    """The JSON shape: amounts as strings of pounds with two decimals, null without a return."""
    return {
        "code": trend.code,
        "name": trend.name,
        "months": [
            {
                "month": month_label(p.month),
                "has_return": p.has_return,
                "control_total": _money(p.control_total),
                "forecast_outturn": _money(p.forecast_outturn),
                "gap": _money(p.gap),
                "ytd_variance": _money(p.ytd_variance),
                "run_rate": _money(p.run_rate),
            }
            for p in trend.points
        ],
    }
