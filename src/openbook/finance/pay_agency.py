"""Pay and agency from the monthly finance return, M1 to the month, for each member and the
system, against the system's agency ceiling: the use case behind `openbook pay`, the pay and
agency section of the overview and organisation pages, `GET …/pay-agency` and the board
pack's finance section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from openbook.finance import store
from openbook.finance.model.pay_agency import (
    CONTRACTS,
    PayMonth,
    PaySeries,
    calculate_series,
    calculate_system_series,
)
from openbook.finance.position_report import read_system_position
from openbook.kernel.database import Database
from openbook.kernel.money import money_str
from openbook.kernel.period import FinancialYear, check_month, month_label
from openbook.reference import store as reference_store

NO_CEILING = (
    "no ceiling: the system sets none (agency_ceiling_pct in its system file), so no "
    "organisation is flagged against one"
)
SET_CEILING = "set by the system (agency_ceiling_pct in its system file)"


@dataclass(frozen=True)
class PayAgency:
    system_code: str
    financial_year: FinancialYear
    month: int
    ceiling_pct: Decimal | None
    system: PaySeries
    organisations: tuple[PaySeries, ...]  # partners
    associates: tuple[PaySeries, ...]

    @property
    def members(self) -> tuple[PaySeries, ...]:
        return (*self.organisations, *self.associates)

    @property
    def ceiling_label(self) -> str:
        return NO_CEILING if self.ceiling_pct is None else SET_CEILING

    @property
    def above_ceiling(self) -> list[PaySeries]:
        return [s for s in self.members if s.above_ceiling(self.ceiling_pct)]

    @property
    def above_plan(self) -> list[PaySeries]:
        return [s for s in self.members if s.above_plan]

    def series(self, code: str) -> PaySeries:
        return next(s for s in (*self.members, self.system) if s.code == code)


def get_pay_agency(
    db: Database,
    system_code: str,
    year: FinancialYear,
    month: int,
    as_at: datetime | None = None,
) -> PayAgency:
    """M1 to `month` of each member's finance returns (the versions in force at `as_at`)
    and the system's `agency_ceiling_pct` (None when it sets none)."""
    check_month(month)
    months = list(range(1, month + 1))
    with db.reading() as session:
        report = read_system_position(session, system_code, year, month, as_at)
        codes = [p.code for p in [*report.organisations, *report.associates]]
        held = {m: store.get_latest_returns(session, codes, year, m, as_at) for m in months}
        ceiling = reference_store.get_system_settings(
            session, report.system.system_code
        ).agency_ceiling_pct

    def series(code: str, name: str, role: str) -> PaySeries:
        returns = [(m, held[m][code][0] if code in held[m] else None) for m in months]
        return calculate_series(code, name, role, returns)

    organisations = tuple(series(p.code, p.name, "Partner") for p in report.organisations)
    associates = tuple(series(p.code, p.name, "Associate") for p in report.associates)
    system = calculate_system_series(
        report.system.system_code, report.system.name, organisations, months
    )
    return PayAgency(
        report.system.system_code, year, month, ceiling, system, organisations, associates
    )


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else money_str(value)


def _month_to_dict(p: PayMonth) -> dict[str, Any]:
    f = p.figures
    return {
        "month": month_label(p.month),
        "has_return": f is not None,
        "pay_ytd": None if f is None else {c: money_str(f.actual_ytd[c]) for c in CONTRACTS},
        "pay_bill_ytd": None if f is None else money_str(f.pay_bill_ytd),
        "agency_plan_ytd": None if f is None else money_str(f.agency_plan_ytd),
        "agency_over_plan_ytd": _money(p.agency_over_plan),
        "agency_forecast_outturn": None if f is None else money_str(f.agency_forecast),
        "agency_pct_of_pay_ytd": _number(p.agency_pct_ytd),
        "pay_in_month": None
        if p.in_month is None
        else {c: money_str(p.in_month[c]) for c in CONTRACTS},
        "agency_pct_of_pay_in_month": _number(p.agency_pct_in_month),
    }


def _series_to_dict(s: PaySeries, ceiling: Decimal | None) -> dict[str, Any]:
    latest = s.latest
    return {
        "code": s.code,
        "name": s.name,
        "role": s.role.lower(),
        "agency_pct_of_pay_ytd": None if latest is None else _number(latest.agency_pct_ytd),
        "above_ceiling": s.above_ceiling(ceiling),
        "above_plan": s.above_plan,
        "months": [_month_to_dict(p) for p in s.months],
    }


def pay_agency_to_dict(report: PayAgency) -> dict[str, Any]:
    """The JSON of `openbook pay --format json` and GET …/pay-agency: percentages as strings
    with two decimals, pay as strings of pounds; null without a return for the month."""
    c = report.ceiling_pct
    return {
        "system_code": report.system_code,
        "financial_year": report.financial_year.label,
        "month": month_label(report.month),
        "source": "finance return (pay.substantive, pay.bank, pay.agency)",
        "ceiling": {"agency_pct_of_pay": _number(c), "label": report.ceiling_label},
        "system": _series_to_dict(report.system, c),
        "organisations": [_series_to_dict(s, c) for s in report.organisations],
        "associates": [_series_to_dict(s, c) for s in report.associates],
        "above_ceiling": [s.code for s in report.above_ceiling],
        "above_plan": [s.code for s in report.above_plan],
    }
