"""Rebalancing reads the regime of the year: the fund at stake on a control total and what a
solve balances where the test is breakeven. The rules are the shipped files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openbook.finance.model.year_test import YearTest
from openbook.kernel.period import FinancialYear
from openbook.rebalancing.incentive import (
    explain_transfers_regime,
    funding_share,
    regime_block,
    with_regime,
)
from openbook.regime.catalogue import get_regime
from openbook.regime.rules import year_test_of


def year(label: str) -> YearTest:
    return year_test_of(get_regime(FinancialYear.parse(label)))


@pytest.mark.parametrize(
    ("label", "funds", "share"),
    [
        ("2017/18", ["STF"], "0.70"),  # the finance element of the STF
        ("2018/19", ["PSF"], "0.70"),
        ("2019/20", ["PSF", "FRF", "MRET"], "1"),  # no share given: all recorded is at stake
        ("2024/25", ["DSF", "ERF"], "0"),  # breakeven: no fund is paid on it
        ("2026/27", [], "0"),
    ],
)
def test_the_fund_of_each_year(label: str, funds: list[str], share: str) -> None:
    test = year(label)
    assert [f.code for f in test.incentive_funds] == funds
    assert funding_share(test) == Decimal(share)
    assert regime_block(test)["funding_share_at_stake"] == share


def test_the_dorset_years_add_nothing_to_a_result() -> None:
    result = {"explanation": ["as before"]}
    for label in ("2017/18", "2018/19"):
        assert with_regime(result, year(label), ["never shown"]) is result


def test_a_breakeven_year_says_what_is_balanced() -> None:
    duty, own = (
        explain_transfers_regime(year("2024/25"), Decimal(240_000)),
        explain_transfers_regime(year("2026/27"), Decimal(-10_000)),
    )
    assert "its share of the system's breakeven duty" in duty[0]
    assert "the system's duty is on the partners' total, £240k (at least zero)" in duty[1]
    assert "(its own duty)" in own[0]
    assert "a local measure, not a duty, on the partners' total, (£10k) (below zero)" in own[1]


def test_2019_20_names_its_three_funds() -> None:
    (line,) = explain_transfers_regime(year("2019/20"), Decimal(0))
    assert line.startswith("Under the 2019/20 regime (System control totals, PSF, FRF and MRET)")
    assert "PSF (Provider Sustainability Fund: " in line and "MRET (" in line
    assert line.endswith("the rules give no finance share, so all the funding recorded is counted.")
