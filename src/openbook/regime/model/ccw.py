"""The capital, cash and workforce (CCW) return: one organisation, one month.

Sections, as the national provider finance return has them beside I&E:
- capital: CDEL spend by scheme category and funding source (operational, PDC, other), with
  the capital envelope (the organisation's own, or its share of the system's);
- cash: the month-end balance, and the Better Payment Practice Code (invoices paid within 30
  days, by number);
- workforce: WTE and pay by contract (substantive, bank, agency).

Columns: `plan` (annual plan; a balance or WTE planned for the month), `actual` (year to
date; a balance or WTE at the month) and `forecast_outturn` (the year). Pure: no storage.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from openbook.kernel.money import ZERO
from openbook.kernel.period import FinancialYear

CCW_COLUMNS = ("plan", "actual", "forecast_outturn")
ID_COLUMNS = ("org_code", "financial_year", "month", "line_code", "description")
FILE_COLUMNS = ID_COLUMNS + CCW_COLUMNS
CAPITAL_CATEGORIES = {
    "new_build": "new build and major schemes",
    "backlog_maintenance": "backlog maintenance and estates",
    "equipment": "medical and other equipment",
    "digital": "digital and IT",
}
FUNDING_SOURCES = {
    "operational": "operational capital (the envelope)",
    "pdc": "public dividend capital (national programmes)",
    "other": "other (donations, grants, disposals)",
}
CONTRACTS = ("substantive", "bank", "agency")
ENVELOPE_LINE = "capital.envelope"
CASH_LINE = "cash.balance"
BPPC_INVOICES_LINE = "bppc.invoices"
BPPC_ON_TIME_LINE = "bppc.within_30_days"
DAYS_IN_YEAR = Decimal(365)


class Unit(StrEnum):
    POUNDS = "pounds"
    COUNT = "count"  # whole numbers
    WTE = "wte"  # whole-time equivalents, to two decimals

    @property
    def expected(self) -> str:
        return {
            Unit.POUNDS: "an amount in pounds like 1250000.00",
            Unit.COUNT: "a whole number at least 0, like 4120",
            Unit.WTE: "whole-time equivalents at least 0, like 1520.50",
        }[self]


@dataclass(frozen=True)
class CcwLineSpec:
    line_code: str
    description: str
    unit: Unit


def _capital_lines() -> list[CcwLineSpec]:
    return [
        CcwLineSpec(f"capital.{category}.{source}", f"Capital (CDEL): {what}, {how}", Unit.POUNDS)
        for category, what in CAPITAL_CATEGORIES.items()
        for source, how in FUNDING_SOURCES.items()
    ]


CCW_LINES: tuple[CcwLineSpec, ...] = (
    *_capital_lines(),
    CcwLineSpec(ENVELOPE_LINE, "Capital envelope (CDEL) for the year, in plan", Unit.POUNDS),
    CcwLineSpec(CASH_LINE, "Cash balance at month end", Unit.POUNDS),
    CcwLineSpec(BPPC_INVOICES_LINE, "BPPC: invoices paid, year to date", Unit.COUNT),
    CcwLineSpec(BPPC_ON_TIME_LINE, "BPPC: invoices paid within 30 days", Unit.COUNT),
    *(CcwLineSpec(f"wte.{c}", f"Workforce: {c} WTE", Unit.WTE) for c in CONTRACTS),
    *(CcwLineSpec(f"pay.{c}", f"Pay: {c} staff", Unit.POUNDS) for c in CONTRACTS),
)
LINE_SPECS = {spec.line_code: spec for spec in CCW_LINES}


@dataclass(frozen=True)
class CcwLine:
    line_code: str
    plan: Decimal = ZERO
    actual: Decimal = ZERO
    forecast_outturn: Decimal = ZERO

    def amount(self, column: str) -> Decimal:
        value: Decimal = getattr(self, column)
        return value


@dataclass(frozen=True)
class CcwReturn:
    org_code: str
    financial_year: FinancialYear
    month: int
    lines: tuple[CcwLine, ...]

    def line(self, code: str) -> CcwLine:
        return next((line for line in self.lines if line.line_code == code), CcwLine(code))

    def amount(self, code: str, column: str) -> Decimal:
        return self.line(code).amount(column)

    def content_hash(self) -> str:
        body = [
            [line.line_code, *(f"{line.amount(c):.2f}" for c in CCW_COLUMNS)]
            for line in sorted(self.lines, key=lambda line: line.line_code)
        ]
        text = json.dumps([self.org_code, self.financial_year.label, self.month, body])
        return hashlib.sha256(text.encode()).hexdigest()


def _capital(r: CcwReturn, column: str, source: str | None = None) -> Decimal:
    return sum(
        (
            line.amount(column)
            for line in r.lines
            if line.line_code.startswith("capital.")
            and line.line_code != ENVELOPE_LINE
            and (source is None or line.line_code.endswith(f".{source}"))
        ),
        ZERO,
    )


def _pct(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole == 0:
        return None
    return (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CcwFigures:
    """What positions show of a CCW return (and the operating expenditure of the finance
    return, for cash days)."""

    capital_envelope: Decimal
    capital_actual_ytd: Decimal
    capital_forecast: Decimal
    capital_forecast_by_source: dict[str, Decimal]
    capital_headroom: Decimal  # envelope less forecast of envelope-funded (operational) spend
    cash_balance: Decimal
    cash_days: Decimal | None
    bppc_pct: Decimal | None
    wte_actual: Decimal
    wte_by_contract: dict[str, Decimal]
    pay_actual_ytd: dict[str, Decimal]
    agency_pct_of_pay: Decimal | None
    bank_pct_of_pay: Decimal | None


def calculate_ccw_figures(r: CcwReturn, operating_expenditure: Decimal) -> CcwFigures:
    """Cash days = month-end balance ÷ (annual operating expenditure ÷ 365), to one
    decimal; BPPC and pay shares in per cent to two decimals."""
    pay = {c: r.amount(f"pay.{c}", "actual") for c in CONTRACTS}
    total_pay = sum(pay.values(), ZERO)
    balance = r.amount(CASH_LINE, "actual")
    cash_days = (
        None
        if operating_expenditure <= 0
        else (balance * DAYS_IN_YEAR / operating_expenditure).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    )
    envelope = r.amount(ENVELOPE_LINE, "plan")
    by_source = {s: _capital(r, "forecast_outturn", s) for s in FUNDING_SOURCES}
    wte = {c: r.amount(f"wte.{c}", "actual") for c in CONTRACTS}
    return CcwFigures(
        capital_envelope=envelope,
        capital_actual_ytd=_capital(r, "actual"),
        capital_forecast=_capital(r, "forecast_outturn"),
        capital_forecast_by_source=by_source,
        capital_headroom=envelope - by_source["operational"],
        cash_balance=balance,
        cash_days=cash_days,
        bppc_pct=_pct(
            r.amount(BPPC_ON_TIME_LINE, "actual"), r.amount(BPPC_INVOICES_LINE, "actual")
        ),
        wte_actual=sum(wte.values(), ZERO),
        wte_by_contract=wte,
        pay_actual_ytd=pay,
        agency_pct_of_pay=_pct(pay["agency"], total_pay),
        bank_pct_of_pay=_pct(pay["bank"], total_pay),
    )
