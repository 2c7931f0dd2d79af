"""Shadow Payment by Results on a hand-worked example."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openbook.activity.model.activity import ActivityCount
from openbook.activity.model.shadow_pbr import calculate_shadow_pbr, month_contract_value
from openbook.kernel.period import FinancialYear
from openbook.reference.model.contract import Contract, ContractType

YEAR = FinancialYear.parse("2018/19")
# Two fixed contracts: £12,000,000 from 11J and £1,200,000 from 11X, evenly phased, so
# £1,000,000 + £100,000 = £1,100,000 a month.
CONTRACTS = [
    Contract("11J", "RBD", YEAR, ContractType.BLOCK, Decimal("12000000")),
    Contract("11X", "RBD", YEAR, ContractType.BLOCK, Decimal("1200000")),
]
PRICES = {"E.M.11": Decimal("1950"), "E.M.2": Decimal("165.50")}


def test_the_hand_worked_months() -> None:
    actuals = [
        # April: 500 x 1,950 + 40 x 1,950 + 1,000 x 165.50 = 975,000 + 78,000 + 165,500
        ActivityCount("RBD", "11J", "E.M.11", date(2018, 4, 1), 500),
        ActivityCount("RBD", "11X", "E.M.11", date(2018, 4, 1), 40),
        ActivityCount("RBD", "11J", "E.M.2", date(2018, 4, 1), 1000),
        # May: 520 x 1,950 = 1,014,000, plus 90 day cases with no price
        ActivityCount("RBD", "11J", "E.M.11", date(2018, 5, 1), 520),
        ActivityCount("RBD", "11J", "E.M.10b", date(2018, 5, 1), 90),
        # Another provider's and another year's activity do not count.
        ActivityCount("RD3", "11J", "E.M.11", date(2018, 4, 1), 999),
        ActivityCount("RBD", "11J", "E.M.11", date(2018, 3, 1), 999),
    ]
    april, may = calculate_shadow_pbr("RBD", YEAR, CONTRACTS, actuals, PRICES)
    assert (april.month, april.contract_value, april.shadow_value) == (
        1,
        Decimal("1100000.00"),
        Decimal("1218500.00"),
    )
    assert april.gain == Decimal("118500.00")  # would have earned more under PbR
    assert (may.shadow_value, may.gain, may.unpriced) == (
        Decimal("1014000.00"),
        Decimal("-86000.00"),
        ("E.M.10b",),
    )


def test_monthly_contract_values_add_up_to_the_annual_value() -> None:
    odd = [Contract("11J", "RBD", YEAR, ContractType.BLOCK, Decimal("1000000.01"))]
    months = [month_contract_value(odd, m) for m in range(1, 13)]
    assert sum(months) == Decimal("1000000.01")
    assert months[0] == Decimal("83333.33")
