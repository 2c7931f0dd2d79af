"""The national view: every system in the store at its latest month with returns, its
position against its control total and the escalations it has open. The same rows for the
page /national, GET /api/v1/national and `openbook national`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openbook.finance.position_report import cached_system_position, latest_month_with_returns
from openbook.governance import store as governance
from openbook.kernel.cache import remember
from openbook.kernel.database import Database
from openbook.kernel.money import money_str
from openbook.kernel.period import FinancialYear
from openbook.reference import store as organisations


@dataclass(frozen=True)
class SystemSummary:
    system_code: str
    name: str
    organisations: int  # members in the year shown
    financial_year: str | None  # the latest year with returns; None: none yet
    month: int | None
    control_total: Decimal | None
    forecast_outturn: Decimal | None
    gap: Decimal | None  # forecast less control total: negative is short of it
    rag: str | None
    escalations_open: int
    synthetic: bool


def _latest(db: Database, system_code: str) -> tuple[FinancialYear, int] | None:
    with db.reading() as session:
        years = organisations.list_member_years(session, system_code)
    for year in reversed(years):
        month = latest_month_with_returns(db, system_code, year)
        if month is not None:
            return year, month
    return None


def _summary(db: Database, system_code: str, name: str) -> SystemSummary:
    with db.reading() as session:
        open_now = len(governance.list_escalations(session, system_code, status="open"))
    latest = _latest(db, system_code)
    if latest is None:
        return SystemSummary(system_code, name, 0, None, None, None, None, None, None,
                             open_now, False)  # fmt: skip
    year, month = latest
    report = cached_system_position(db, system_code, year, month)
    p = report.position
    with db.reading() as session:
        members = len(organisations.list_members(session, system_code, year))
    return SystemSummary(
        system_code, name, members, year.label, month, p.control_total, p.forecast_outturn,
        p.gap, p.rag.value, open_now, report.synthetic,
    )  # fmt: skip


def list_national(db: Database) -> list[SystemSummary]:
    """Every system, by code; built once per version of the store."""

    def build() -> list[SystemSummary]:
        with db.reading() as session:
            systems = organisations.list_systems(session)
        return [_summary(db, s.system_code, s.name) for s in sorted(systems, key=_code)]

    return remember(db, ("national",), build)


def _code(system: Any) -> str:
    return str(system.system_code)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else money_str(value)


def summary_to_dict(row: SystemSummary) -> dict[str, Any]:
    return {
        "system_code": row.system_code,
        "name": row.name,
        "organisations": row.organisations,
        "financial_year": row.financial_year,
        "month": row.month,
        "control_total": _money(row.control_total),
        "forecast_outturn": _money(row.forecast_outturn),
        "gap": _money(row.gap),
        "rag": row.rag,
        "escalations_open": row.escalations_open,
        "synthetic": row.synthetic,
    }


def national_to_dict(rows: list[SystemSummary]) -> dict[str, Any]:
    """Amounts are strings of pounds, as every other API answer."""
    return {"systems": [summary_to_dict(r) for r in rows], "count": len(rows)}
