"""The forecast bridge of a system at a month: the system's by partner and each
organisation's by line, from last month's positions to this month's (`model.bridge`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from openbook.finance import store as returns
from openbook.finance.model.bridge import (
    Bridge,
    calculate_combined_bridge,
    calculate_org_bridge,
    calculate_system_bridge,
)
from openbook.finance.model.position import Position
from openbook.finance.position_report import POSITION_ADDITIONS, read_system_position
from openbook.finance.submit import get_chart
from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.money import money_str
from openbook.kernel.period import FinancialYear, check_month, month_label


@dataclass(frozen=True)
class ForecastBridge:
    system_code: str
    financial_year: FinancialYear
    month: int
    system: Bridge  # by partner
    system_by_line: Bridge  # the partners' lines added together
    organisations: tuple[Bridge, ...]  # partners then associates, each by line

    def bridge_for(self, code: str) -> Bridge:
        if code == self.system_code:
            return self.system
        for bridge in self.organisations:
            if bridge.code == code:
                return bridge
        known = ", ".join(b.code for b in self.organisations)
        raise NotFoundError(f"{code} is not a member of {self.system_code}", hint=known)


def get_forecast_bridge(
    db: Database,
    system_code: str,
    year: FinancialYear,
    month: int,
    as_at: datetime | None = None,
) -> ForecastBridge:
    """From month - 1 to `month` (M2 to M12: at M1 there is no earlier forecast this year)."""
    check_month(month)
    if month == 1:
        raise NotFoundError(
            "there is no bridge into M1: the year's first forecast has no month before it",
            hint="choose M2 to M12",
        )
    with db.reading() as session:
        added = db.extensions.get(POSITION_ADDITIONS)
        before = read_system_position(session, system_code, year, month - 1, as_at, additions=added)
        after = read_system_position(session, system_code, year, month, as_at, additions=added)
        members = [*after.organisations, *after.associates]
        codes = [p.code for p in members]
        returns_before = returns.get_latest_returns(session, codes, year, month - 1, as_at)
        returns_after = returns.get_latest_returns(session, codes, year, month, as_at)
        charts = {code: get_chart(session, code, year) for code in codes}
    earlier = {p.code: p for p in [*before.organisations, *before.associates]}

    def org_bridge(p: Position) -> Bridge:
        last = earlier.get(p.code)
        found_before, found_after = returns_before.get(p.code), returns_after.get(p.code)
        return calculate_org_bridge(
            code=p.code,
            name=p.name,
            month=month,
            chart=charts[p.code],
            before=None if found_before is None else found_before[0],
            after=None if found_after is None else found_after[0],
            transfers_before=Decimal(0) if last is None else last.transfers,
            transfers_after=p.transfers,
        )

    system = calculate_system_bridge(
        code=after.system.system_code,
        name=after.system.name,
        month=month,
        start=before.position.forecast_outturn,
        end=after.position.forecast_outturn,
        changes={
            p.code: (p.name, p.forecast_outturn - _forecast_of(earlier.get(p.code)))
            for p in after.organisations
        },
    )
    organisations = tuple(org_bridge(p) for p in members)
    partners = {p.code for p in after.organisations}
    by_line = calculate_combined_bridge(
        code=after.system.system_code,
        name=after.system.name,
        month=month,
        bridges=[b for b in organisations if b.code in partners],
    )
    return ForecastBridge(after.system.system_code, year, month, system, by_line, organisations)


def _forecast_of(position: Position | None) -> Decimal:
    return Decimal(0) if position is None else position.forecast_outturn


def bridge_to_dict(bridge: Bridge) -> dict[str, Any]:
    """The JSON shape: amounts as strings of pounds with two decimals."""
    return {
        "code": bridge.code,
        "name": bridge.name,
        "from_month": month_label(bridge.month - 1),
        "to_month": month_label(bridge.month),
        "start": money_str(bridge.start),
        "end": money_str(bridge.end),
        "change": money_str(bridge.change),
        "steps": [
            {"code": s.code, "label": s.label, "amount": money_str(s.amount)} for s in bridge.steps
        ],
    }


def forecast_bridge_to_dict(bridge: ForecastBridge) -> dict[str, Any]:
    return {
        "system_code": bridge.system_code,
        "financial_year": bridge.financial_year.label,
        "month": month_label(bridge.month),
        "system": bridge_to_dict(bridge.system),
        "system_by_line": bridge_to_dict(bridge.system_by_line),
        "organisations": [bridge_to_dict(b) for b in bridge.organisations],
    }
