"""The default planning model (issue 18, rule 3), in Decimal pounds.

- income grows each year by the uplift (each source of income on its own, when listed);
- each operating cost line grows by (1 + inflation) x (1 + activity growth) - 1;
- financing costs (depreciation, PDC dividend, interest) are held flat: they follow the
  capital programme, not prices or activity;
- the do-nothing position is income minus costs with no savings;
- CIP in a year is a % of that year's operating costs; its recurrent share lowers costs in
  that and every later year, the rest counts in that year only (the reported position,
  never the underlying one);
- the gap in a year is the do-nothing position minus the target.

Rates are percentages (Decimal) per plan year; amounts are rounded to the penny each year
(half away from zero) so that every figure can be reproduced by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openbook.kernel.money import ZERO, to_pounds
from openbook.kernel.period import FinancialYear

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class YearRates:
    """The assumptions for one plan year, in per cent."""

    uplift_pct: Decimal
    pay_inflation_pct: Decimal
    non_pay_inflation_pct: Decimal
    activity_growth_pct: Decimal
    cip_pct: Decimal = ZERO
    cip_recurrent_pct: Decimal = HUNDRED


@dataclass(frozen=True)
class Baseline:
    """One organisation's recurrent run rate in the base year. `income_sources`, when
    given, are (source, amount) pairs that sum to `income`."""

    org_code: str
    kind: str
    income: Decimal
    pay: Decimal
    non_pay: Decimal
    financing: Decimal = ZERO
    income_sources: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True)
class YearResult:
    financial_year: FinancialYear
    income: Decimal
    pay: Decimal
    non_pay: Decimal
    do_nothing_position: Decimal
    cip: Decimal
    position: Decimal
    gap: Decimal
    cip_pct_required: Decimal
    financing: Decimal = ZERO
    income_sources: tuple[tuple[str, Decimal], ...] = ()
    cip_in_year: Decimal = ZERO  # the CIP made this year, recurrent and not
    non_recurrent_cip: Decimal = ZERO  # this year's CIP that will not recur

    @property
    def operating_costs(self) -> Decimal:
        """Pay and non-pay: what CIP is a % of (financing costs are not)."""
        return self.pay + self.non_pay


def cost_growth(inflation_pct: Decimal, activity_growth_pct: Decimal) -> Decimal:
    """(1 + inflation) x (1 + activity growth) - 1, as a fraction."""
    return (1 + inflation_pct / HUNDRED) * (1 + activity_growth_pct / HUNDRED) - 1


def calculate_plan(
    baseline: Baseline,
    base_year: FinancialYear,
    rates: list[YearRates],
    target: Decimal = ZERO,
) -> list[YearResult]:
    """Project `baseline` over one year per entry of `rates` (the years after `base_year`).

    Do-nothing costs grow from the base year with no savings. CIP is a share of that year's
    do-nothing operating costs; its recurrent part carries forward, so `cip` in a year is
    the cumulative recurrent saving and `position` (the underlying position) = do-nothing +
    cip. `cip_pct_required` is the gap (if negative) as a % of that year's operating costs.
    With income sources, each source is uplifted and rounded and income is their sum.
    """
    income, pay, non_pay = baseline.income, baseline.pay, baseline.non_pay
    sources = baseline.income_sources
    carried = ZERO
    results: list[YearResult] = []
    for offset, rate in enumerate(rates, start=1):
        uplift = 1 + rate.uplift_pct / HUNDRED
        if sources:
            sources = tuple((name, to_pounds(amount * uplift)) for name, amount in sources)
            income = sum((amount for _, amount in sources), ZERO)
        else:
            income = to_pounds(income * uplift)
        pay = to_pounds(pay * (1 + cost_growth(rate.pay_inflation_pct, rate.activity_growth_pct)))
        non_pay = to_pounds(
            non_pay * (1 + cost_growth(rate.non_pay_inflation_pct, rate.activity_growth_pct))
        )
        costs = pay + non_pay
        do_nothing = income - costs - baseline.financing
        in_year = to_pounds(costs * rate.cip_pct / HUNDRED)
        recurrent = to_pounds(in_year * rate.cip_recurrent_pct / HUNDRED)
        carried += recurrent
        gap = do_nothing - target
        required = ZERO if gap >= 0 or costs == 0 else (-gap / costs * HUNDRED)
        results.append(
            YearResult(
                financial_year=FinancialYear(base_year.start_year + offset),
                income=income,
                pay=pay,
                non_pay=non_pay,
                do_nothing_position=do_nothing,
                cip=carried,
                position=do_nothing + carried,
                gap=gap,
                cip_pct_required=required.quantize(Decimal("0.01")),
                financing=baseline.financing,
                income_sources=sources,
                cip_in_year=in_year,
                non_recurrent_cip=in_year - recurrent,
            )
        )
    return results
