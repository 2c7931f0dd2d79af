"""Agency pay as a share of the pay bill, month by month, for each member and the system,
against the system's ceiling: the use case behind the workforce pay table, chart and API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from openbook.finance.position_report import read_system_position
from openbook.kernel.database import Database
from openbook.kernel.money import money_str
from openbook.kernel.period import FinancialYear, month_label
from openbook.reference import store as reference_store
from openbook.regime import store
from openbook.regime.model.ccw import CONTRACTS
from openbook.regime.model.pay_trend import (
    Ceiling,
    PaySeries,
    add_pay,
    calculate_agency_share,
    calculate_ceiling,
    calculate_pay_ytd,
    calculate_series,
    calculate_system_series,
)
from openbook.regime.model.regime import Regime


@dataclass(frozen=True)
class PayTrend:
    system_code: str
    financial_year: FinancialYear
    month: int
    ceiling: Ceiling
    system: PaySeries
    organisations: tuple[PaySeries, ...]  # partners
    associates: tuple[PaySeries, ...]

    @property
    def members(self) -> tuple[PaySeries, ...]:
        return (*self.organisations, *self.associates)

    @property
    def above_ceiling(self) -> list[PaySeries]:
        """The members whose latest share is above the ceiling."""
        return [s for s in self.members if s.above(self.ceiling)]


def _previous_share(
    session: Session, codes: list[str], year: FinancialYear, as_at: datetime | None
) -> Decimal | None:
    """The partners' agency share of pay in the latest month of the year with returns."""
    for month in range(12, 0, -1):
        found = store.get_latest_ccw_returns(session, codes, year, month, as_at)
        if found:
            return calculate_agency_share(add_pay(calculate_pay_ytd(r) for r, _ in found.values()))
    return None


def get_pay_trend(
    db: Database,
    system_code: str,
    year: FinancialYear,
    month: int,
    regime: Regime,
    as_at: datetime | None = None,
) -> PayTrend:
    """M1 to `month` of each member's CCW returns (the versions in force at `as_at`), and the
    ceiling: the system's `agency_ceiling_pct`, else last year's share less the regime's
    agency reduction."""
    months = list(range(1, month + 1))
    with db.reading() as session:
        report = read_system_position(session, system_code, year, month, as_at)
        codes = [p.code for p in [*report.organisations, *report.associates]]
        held = {m: store.get_latest_ccw_returns(session, codes, year, m, as_at) for m in months}
        partners = [p.code for p in report.organisations]
        previous = _previous_share(session, partners, year.previous(), as_at)
        setting = reference_store.get_system_settings(session, system_code).agency_ceiling_pct
    ceiling = calculate_ceiling(setting, regime.agency_reduction_pct, previous)

    def series(code: str, name: str, role: str) -> PaySeries:
        return calculate_series(
            code, name, role, [(m, held[m][code][0] if code in held[m] else None) for m in months]
        )

    organisations = tuple(series(p.code, p.name, "Partner") for p in report.organisations)
    associates = tuple(series(p.code, p.name, "Associate") for p in report.associates)
    system = calculate_system_series(
        report.system.system_code, report.system.name, organisations, months
    )
    return PayTrend(system_code, year, month, ceiling, system, organisations, associates)


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _series_to_dict(s: PaySeries, ceiling: Ceiling) -> dict[str, Any]:
    latest = s.latest
    return {
        "code": s.code,
        "name": s.name,
        "role": s.role.lower(),
        "agency_pct_of_pay": None if latest is None else _number(latest.agency_pct),
        "above_ceiling": s.above(ceiling),
        "months": [
            {
                "month": month_label(p.month),
                "agency_pct_of_pay": _number(p.agency_pct),
                "pay_ytd": None
                if p.pay_ytd is None
                else {c: money_str(p.pay_ytd[c]) for c in CONTRACTS},
            }
            for p in s.points
        ],
    }


def pay_trend_to_dict(trend: PayTrend) -> dict[str, Any]:
    """The JSON of GET …/workforce-pay: percentages as strings with two decimals, pay as
    strings of pounds; null without a return for the month."""
    c = trend.ceiling
    return {
        "system_code": trend.system_code,
        "financial_year": trend.financial_year.label,
        "month": month_label(trend.month),
        "ceiling": {
            "agency_pct_of_pay": _number(c.pct),
            "basis": c.basis.value,
            "label": c.basis.label,
            "previous_year_agency_pct_of_pay": _number(c.previous_share),
            "agency_reduction_pct": _number(c.reduction_pct),
        },
        "system": _series_to_dict(trend.system, c),
        "organisations": [_series_to_dict(s, c) for s in trend.organisations],
        "associates": [_series_to_dict(s, c) for s in trend.associates],
        "above_ceiling": [s.code for s in trend.above_ceiling],
    }
