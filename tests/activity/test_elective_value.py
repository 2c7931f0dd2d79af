"""Elective value against 2019/20 on a hand-worked example: both sides at the year's prices,
per provider x commissioner, per provider, per commissioner and for the system."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openbook.activity.model.activity import ActivityCount
from openbook.activity.model.elective_value import (
    ALL,
    calculate_elective_value,
    elective_value_to_date,
    unpriced_elective_pods,
    value_percent,
)
from openbook.kernel.period import FinancialYear

YEAR = FinancialYear.parse("2024/25")
PRICES = {"E.M.10a": Decimal(4000), "E.M.10b": Decimal(900), "E.M.2": Decimal("180.50")}


def _c(provider: str, commissioner: str, pod: str, day: date, n: int) -> ActivityCount:
    return ActivityCount(provider, commissioner, pod, day, n)


ACTUALS = [
    # April 2024, RBD for 11J: 10 x 4,000 + 100 x 900 + 200 x 180.50 = 40,000 + 90,000 + 36,100
    _c("RBD", "11J", "E.M.10a", date(2024, 4, 1), 10),
    _c("RBD", "11J", "E.M.10b", date(2024, 4, 1), 100),
    _c("RBD", "11J", "E.M.2", date(2024, 4, 1), 200),
    # April 2024, RBD for 11X: 5 x 900 = 4,500
    _c("RBD", "11X", "E.M.10b", date(2024, 4, 1), 5),
    # May 2024, RBD for 11J: 12 x 4,000 = 48,000
    _c("RBD", "11J", "E.M.10a", date(2024, 5, 1), 12),
    # Not elective, and an elective point of delivery with no price: left out.
    _c("RBD", "11J", "E.M.11", date(2024, 4, 1), 999),
    _c("RBD", "11J", "OPPROC", date(2024, 4, 1), 50),
    # April 2024, R0D for 11J: 20 x 900 = 18,000
    _c("R0D", "11J", "E.M.10b", date(2024, 4, 1), 20),
]
BASELINE = [
    # April 2019, RBD for 11J at 2024/25 prices: 10 x 4,000 + 100 x 900 + 100 x 180.50
    #   = 40,000 + 90,000 + 18,050 = 148,050
    _c("RBD", "11J", "E.M.10a", date(2019, 4, 1), 10),
    _c("RBD", "11J", "E.M.10b", date(2019, 4, 1), 100),
    _c("RBD", "11J", "E.M.2", date(2019, 4, 1), 100),
    # April 2019, RBD for 11X: 10 x 900 = 9,000
    _c("RBD", "11X", "E.M.10b", date(2019, 4, 1), 10),
    # May 2019, RBD for 11J: 10 x 4,000 = 40,000
    _c("RBD", "11J", "E.M.10a", date(2019, 5, 1), 10),
    # April 2019, RD3 and RDZ, since merged into R0D, for 11J: (8 + 7) x 900 = 13,500
    _c("RD3", "11J", "E.M.10b", date(2019, 4, 1), 8),
    _c("RDZ", "11J", "E.M.10b", date(2019, 4, 1), 7),
]
SUCCESSORS = {"RD3": "R0D", "RDZ": "R0D"}


def _lines() -> dict[tuple[str, str], tuple[Decimal, Decimal, Decimal | None]]:
    lines = calculate_elective_value(ACTUALS, BASELINE, PRICES, YEAR, 2, SUCCESSORS)
    return {
        (ln.provider_code, ln.commissioner_code): (ln.value_ytd, ln.baseline_ytd, ln.percent_ytd)
        for ln in lines
    }


def test_the_hand_worked_lines_year_to_date() -> None:
    assert _lines() == {
        # RBD-11J: (166,100 + 48,000) / (148,050 + 40,000) = 214,100 / 188,050 = 113.85%
        ("RBD", "11J"): (Decimal("214100.00"), Decimal("188050.00"), Decimal("113.9")),
        # RBD-11X: 4,500 / 9,000 = 50%
        ("RBD", "11X"): (Decimal("4500.00"), Decimal("9000.00"), Decimal("50.0")),
        # RBD: 218,600 / 197,050 = 110.94%
        ("RBD", ALL): (Decimal("218600.00"), Decimal("197050.00"), Decimal("110.9")),
        # R0D joins its predecessors' baseline: 18,000 / 13,500 = 133.33%
        ("R0D", "11J"): (Decimal("18000.00"), Decimal("13500.00"), Decimal("133.3")),
        ("R0D", ALL): (Decimal("18000.00"), Decimal("13500.00"), Decimal("133.3")),
        # 11J: 232,100 / 201,550 = 115.16%
        (ALL, "11J"): (Decimal("232100.00"), Decimal("201550.00"), Decimal("115.2")),
        (ALL, "11X"): (Decimal("4500.00"), Decimal("9000.00"), Decimal("50.0")),
        # The system: 236,600 / 210,550 = 112.37%
        (ALL, ALL): (Decimal("236600.00"), Decimal("210550.00"), Decimal("112.4")),
    }


def test_months_and_levels() -> None:
    lines = calculate_elective_value(ACTUALS, BASELINE, PRICES, YEAR, 2, SUCCESSORS)
    rbd = next(ln for ln in lines if (ln.provider_code, ln.commissioner_code) == ("RBD", ALL))
    april, may = rbd.months
    # April: (166,100 + 4,500) / (148,050 + 9,000) = 170,600 / 157,050 = 108.63%
    assert (april.month, april.value, april.baseline_value, april.percent) == (
        1,
        Decimal("170600.00"),
        Decimal("157050.00"),
        Decimal("108.6"),
    )
    # May: 48,000 / 40,000 = 120%
    assert (may.month, may.percent) == (2, Decimal("120.0"))
    assert {ln.level for ln in lines} == {
        "system",
        "commissioner",
        "provider",
        "provider-commissioner",
    }
    # Up to M1, May is not counted.
    (april_only,) = next(
        ln
        for ln in calculate_elective_value(ACTUALS, BASELINE, PRICES, YEAR, 1, SUCCESSORS)
        if ln.level == "system"
    ).months
    assert april_only.value == Decimal("188600.00")  # 170,600 + 18,000


def test_unpriced_and_edges() -> None:
    assert unpriced_elective_pods(ACTUALS, PRICES) == ["OPPROC"]
    assert value_percent(Decimal(5), Decimal(0)) is None
    assert value_percent(Decimal("1.0745"), Decimal(1)) == Decimal("107.5")  # half up
    assert elective_value_to_date(ACTUALS, "RBD", "11J", PRICES, YEAR, 1) == Decimal("166100.00")
    assert calculate_elective_value([], BASELINE, PRICES, YEAR, 12) == []
