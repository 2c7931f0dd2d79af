"""A return's income and expenditure with the agreed system transfers in it. Transfers are
enacted into the ledger, not into anyone's return, so the statement as submitted shows none;
the position adds them to YTD actual and forecast. This puts them on the statement's own
"system transfers agreed by the partners" line and carries them to the lines that sum it
(total income, surplus, adjusted financial performance: +1 in both charts of accounts), so
the statement's bottom line is the position's."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from openbook.finance.model.account import (
    CONTROL_TOTAL_LINE,
    INCOME_LINE,
    SURPLUS_LINE,
    SYSTEM_TRANSFER_LINE,
)
from openbook.finance.model.finance_return import FinanceReturn, ReturnLine
from openbook.kernel.money import ZERO

CARRIED_TO = (SYSTEM_TRANSFER_LINE, INCOME_LINE, SURPLUS_LINE, CONTROL_TOTAL_LINE)


def with_agreed_transfers(finance_return: FinanceReturn, transfers: Decimal) -> FinanceReturn:
    """The return as the statement should show it once `transfers` (net, in pounds: + in,
    − out) are agreed: YTD actual and forecast move, plan does not."""
    if transfers == ZERO:
        return finance_return
    lines = list(finance_return.lines)
    if finance_return.line(SYSTEM_TRANSFER_LINE) is None:
        at = next((i for i, x in enumerate(lines) if x.line_code == INCOME_LINE), len(lines))
        lines.insert(at, ReturnLine(SYSTEM_TRANSFER_LINE))
    moved = [
        replace(
            line,
            actual_ytd=line.actual_ytd + transfers,
            forecast_outturn=line.forecast_outturn + transfers,
        )
        if line.line_code in CARRIED_TO
        else line
        for line in lines
    ]
    return replace(finance_return, lines=tuple(moved))
