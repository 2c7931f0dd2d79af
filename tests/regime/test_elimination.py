"""Eliminations between a cluster's systems, worked by hand.

System S1 has commissioner C1 and provider P1; system S2 has commissioner C2 and provider
P2; X9 is outside the cluster. Contracts for the year (even phasing, so M6 is half):
- C1 -> P2 £1,200,000: between the systems, eliminated. P2 reports £630,000 income from C1
  to M6 and forecasts £1,250,000; C1's side is £600,000 to M6 and £1,200,000 for the year,
  so £30,000 (YTD) and £50,000 (forecast) are to agree.
- C2 -> P1 £2,400,000: eliminated; P1 has no income line for C2 (reported it elsewhere):
  nothing on P1's side, C2's side £1,200,000; the difference is (£1,200,000).
- C1 -> P1 £9,000,000: inside S1, not the cluster's to eliminate.
- X9 -> P2 £500,000: X9 is not a member, nothing to eliminate.
"""

from __future__ import annotations

from decimal import Decimal

from openbook.kernel.period import FinancialYear
from openbook.reference.model.contract import Contract, ContractType
from openbook.regime.model.elimination import (
    NOTHING,
    MemberTotals,
    Pair,
    calculate_consolidation,
    calculate_eliminations,
)

YEAR = FinancialYear(2026)
D = Decimal


def _contract(commissioner: str, provider: str, value: str) -> Contract:
    return Contract(commissioner, provider, YEAR, ContractType.BLOCK, D(value))


CONTRACTS = [
    _contract("C1", "P2", "1200000"),
    _contract("C2", "P1", "2400000"),
    _contract("C1", "P1", "9000000"),
    _contract("X9", "P2", "500000"),
]
MEMBERS = {
    "C1": MemberTotals("C1", "S1", True, Pair(D(20_000_000), D(40_000_000)),
                       Pair(D(19_900_000), D(39_800_000))),
    "P1": MemberTotals("P1", "S1", True, Pair(D(8_000_000), D(16_000_000)),
                       Pair(D(8_100_000), D(16_300_000))),
    "C2": MemberTotals("C2", "S2", True, Pair(D(10_000_000), D(20_000_000)),
                       Pair(D(10_000_000), D(20_000_000))),
    "P2": MemberTotals("P2", "S2", True, Pair(D(3_000_000), D(6_000_000)),
                       Pair(D(2_950_000), D(5_950_000))),
}  # fmt: skip
LINES = {
    ("P2", "C1"): Pair(D(630_000), D(1_250_000)),
    ("P1", "C1"): Pair(D(4_500_000), D(9_000_000)),
    ("P2", "X9"): Pair(D(250_000), D(500_000)),
}


def test_only_contracts_between_member_systems_are_eliminated() -> None:
    found = calculate_eliminations(CONTRACTS, MEMBERS, LINES, 6)
    assert [(e.commissioner_code, e.provider_code) for e in found] == [("C1", "P2"), ("C2", "P1")]
    c1_p2, c2_p1 = found
    assert (c1_p2.commissioner_system, c1_p2.provider_system) == ("S1", "S2")
    assert c1_p2.income == Pair(D("630000"), D("1250000"))
    assert c1_p2.expenditure == Pair(D("600000.00"), D("1200000"))
    assert c1_p2.difference == Pair(D("30000.00"), D("50000"))
    assert (c2_p1.provider_reported, c2_p1.commissioner_reported) == (False, True)
    assert c2_p1.income == NOTHING
    assert c2_p1.difference == Pair(D("-1200000.00"), D("-2400000"))


def test_the_consolidated_lines_and_the_difference_to_agree() -> None:
    found = calculate_eliminations(CONTRACTS, MEMBERS, LINES, 6)
    c = calculate_consolidation(list(MEMBERS.values()), found)
    assert c.income == Pair(D(41_000_000), D(82_000_000))
    assert c.eliminated_income == Pair(D(630_000), D(1_250_000))
    assert c.consolidated_income == Pair(D(40_370_000), D(80_750_000))
    assert c.expenditure == Pair(D(40_950_000), D(82_050_000))
    assert c.eliminated_expenditure == Pair(D(1_800_000), D(3_600_000))
    assert c.consolidated_expenditure == Pair(D(39_150_000), D(78_450_000))
    assert c.difference_to_agree == Pair(D(-1_170_000), D(-2_350_000))
    # Nothing is lost: consolidated net plus the difference is the members' own net.
    net = c.consolidated_income - c.consolidated_expenditure + c.difference_to_agree
    assert net == c.income - c.expenditure == Pair(D(50_000), D(-50_000))


def test_a_side_without_a_return_has_nothing_in_the_totals_to_eliminate() -> None:
    members = {**MEMBERS, "P2": MemberTotals("P2", "S2", False, NOTHING, NOTHING)}
    c1_p2 = calculate_eliminations(CONTRACTS, members, LINES, 6)[0]
    assert c1_p2.income == NOTHING and not c1_p2.provider_reported
    assert c1_p2.expenditure == Pair(D("600000.00"), D("1200000"))


def test_with_one_system_there_is_nothing_to_eliminate() -> None:
    one = {code: MemberTotals(m.org_code, "S1", True, m.income, m.expenditure)
           for code, m in MEMBERS.items()}  # fmt: skip
    assert calculate_eliminations(CONTRACTS, one, LINES, 6) == []
