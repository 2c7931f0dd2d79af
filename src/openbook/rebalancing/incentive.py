"""What a rebalancing solve balances under the year's regime (`finance.model.year_test`,
read from the year's rules file): the incentive fund at stake on meeting a control total
(STF 2017/18, PSF 2018/19: the finance element, 70%; PSF, FRF and MRET 2019/20), or, where
the organisation's test is breakeven (from 2020/21), each partner's breakeven with no fund
paid on it. Pure."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openbook.finance.model.year_test import YearTest
from openbook.kernel.money import format_k

WHOLE = Decimal(1)


def funding_share(year: YearTest) -> Decimal:
    """The share of an organisation's recorded sustainability funding that depends on its
    control total: the first fund that names one (the STF's and the PSF's 70%), else all of
    it; nothing where the test is breakeven (no fund is paid on it)."""
    if year.organisation_breakeven:
        return Decimal(0)
    shares = [f.finance_share for f in year.incentive_funds if f.finance_share is not None]
    return shares[0] if shares else WHOLE


def _funds(year: YearTest) -> str:
    if not year.incentive_funds:
        return "the rules name no incentive fund"
    return "; ".join(
        f"{f.code} ({f.name}: {', '.join(f.conditions) or 'no conditions given'})"
        for f in year.incentive_funds
    )


def _regime(year: YearTest) -> str:
    return f"Under the {year.financial_year} regime ({year.regime_name})"


def explain_transfers_regime(year: YearTest, system_forecast: Decimal) -> list[str]:
    """What the transfers balance this year, in words, before the solver's explanation."""
    if not year.organisation_breakeven:
        counted = (
            "the rules give no finance share, so all the funding recorded is counted"
            if funding_share(year) == WHOLE
            else f"{funding_share(year) * 100:.0f}% of the funding recorded"
        )
        return [
            f"{_regime(year)} the funding at stake on each control total is {_funds(year)}; "
            f"{counted}."
        ]
    whose = "its own duty" if year.organisation_duty else "its share of the system's breakeven duty"
    system = (
        "the system's duty is on"
        if year.system_duty
        else "the system's total is a local measure, not a duty, on"
    )
    met = "at least zero" if system_forecast >= 0 else "below zero"
    return [
        f"{_regime(year)} each organisation's test is breakeven ({whose}), not a control "
        "total, and no incentive fund is paid on it: the 'control total' below is breakeven "
        f"(£0k) and the funding earned is nil. The year's funds: {_funds(year)}.",
        "What is balanced: transfers bring as many partners as possible to breakeven, moving "
        f"the least money in the fewest transfers; {system} the partners' total, "
        f"{format_k(system_forecast)} ({met}), which transfers between them do not change. "
        "The materiality threshold (on funding earned) does not apply.",
    ]


def explain_control_totals_regime(year: YearTest, system_control_total: Decimal) -> list[str]:
    """What the control-totals solve balances this year, in words."""
    if not year.organisation_breakeven:
        return [
            f"{_regime(year)} each organisation is judged on its control total and the "
            f"system on {year.system_label}; the funds: {_funds(year)}."
        ]
    what = "the system's breakeven duty" if year.system_duty else "a local measure, not a duty"
    return [
        f"{_regime(year)} each organisation's test is breakeven, not a control total: what "
        "is balanced is each partner's planned position (held as its control total), "
        f"keeping their sum, {format_k(system_control_total)}, the system's plan against "
        f"{what}, while every CIP is made credible."
    ]


def regime_block(year: YearTest) -> dict[str, Any]:
    """The `regime` part of a solve's JSON (years whose positions report the regime)."""
    return {
        "financial_year": year.financial_year,
        "name": year.regime_name,
        "organisation_test": "breakeven" if year.organisation_breakeven else "control_total",
        "incentive_funds": [
            {
                "code": f.code,
                "name": f.name,
                "conditions": list(f.conditions),
                "finance_share": None if f.finance_share is None else str(f.finance_share),
            }
            for f in year.incentive_funds
        ],
        "funding_share_at_stake": str(funding_share(year)),
    }


def with_regime(result: dict[str, Any], year: YearTest, lines: list[str]) -> dict[str, Any]:
    """The result with the regime said first (unchanged for the 2017/18 shape)."""
    if not year.reports_regime:
        return result
    return {
        **result,
        "regime": regime_block(year),
        "explanation": [*lines, *result["explanation"]],
    }
