"""Pay and agency in the finance section of a board pack for a control-total year: each
member's pay by contract from the monthly finance return, agency against its plan and as a
share of the pay bill against the system's ceiling (`openbook pay`), as the figures were
known when the pack's figures were taken."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from openbook.finance.model.pay_agency import PaySeries
from openbook.finance.pay_agency import get_pay_agency
from openbook.governance.model.board_pack import PackPay, PackPayRow
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear


def _text(value: Decimal | bool | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _row(s: PaySeries, role: str, ceiling: Decimal | None) -> PackPayRow:
    last = s.latest
    f = None if last is None else last.figures

    def pay(contract: str) -> Decimal | None:
        return None if f is None else f.actual_ytd[contract]

    return PackPayRow(
        s.code,
        s.name,
        role,
        pay("substantive"),
        pay("bank"),
        pay("agency"),
        None if f is None else f.agency_plan_ytd,
        None if last is None else last.agency_over_plan,
        _text(None if last is None else last.agency_pct_ytd),
        _text(None if last is None else last.agency_pct_in_month),
        _text(s.above_ceiling(ceiling)),
        _text(s.above_plan),
    )


def pack_pay(
    db: Database, system_code: str, year: FinancialYear, month: int, as_at: datetime
) -> PackPay:
    report = get_pay_agency(db, system_code, year, month, as_at)
    c = report.ceiling_pct
    return PackPay(
        report.ceiling_label if c is None else f"{c}% of the pay bill, {report.ceiling_label}",
        tuple(
            f"{s.code} {s.latest.agency_pct_ytd}%"
            for s in report.above_ceiling
            if s.latest is not None
        ),
        tuple(s.code for s in report.above_plan),
        (
            *(_row(s, "partner", c) for s in report.organisations),
            _row(report.system, "system", c),
            *(_row(s, "associate", c) for s in report.associates),
        ),
    )
