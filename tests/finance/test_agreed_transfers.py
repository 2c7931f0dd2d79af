"""The income and expenditure statement carries the agreed transfers to its bottom line."""

from __future__ import annotations

from decimal import Decimal

from openbook.finance.model.account import CONTROL_TOTAL_LINE, INCOME_LINE, SYSTEM_TRANSFER_LINE
from openbook.finance.model.agreed_transfers import with_agreed_transfers
from openbook.finance.model.finance_return import FinanceReturn, ReturnLine
from openbook.kernel.period import FinancialYear


def test_a_transfer_moves_the_transfer_line_and_every_line_that_sums_it() -> None:
    d = Decimal
    r = FinanceReturn(
        "RD3",
        FinancialYear.parse("2017/18"),
        12,
        (
            ReturnLine(INCOME_LINE, d(100), d(100), d(90), d(95)),
            ReturnLine("pay.total", d(60), d(60), d(60), d(61)),
            ReturnLine(CONTROL_TOTAL_LINE, d(-5), d(-5), d(-10), d(-48)),
        ),
    )
    moved = with_agreed_transfers(r, d(15))
    assert moved.line(SYSTEM_TRANSFER_LINE) == ReturnLine(
        SYSTEM_TRANSFER_LINE, d(0), d(0), d(15), d(15)
    )
    assert moved.line(CONTROL_TOTAL_LINE) == ReturnLine(
        CONTROL_TOTAL_LINE, d(-5), d(-5), d(5), d(-33)
    )
    assert moved.line("pay.total") == r.line("pay.total")
    assert moved.lines[0].line_code == SYSTEM_TRANSFER_LINE  # before total income
    assert with_agreed_transfers(r, d(0)) is r
