"""Hypothesis strategies for planning scenarios (random systems of organisations)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from openbook.kernel.period import FinancialYear
from openbook.planning.model.scenario import (
    Assumptions,
    Maturity,
    Mitigation,
    NonRecurrentItem,
    OrganisationPlan,
    Rate,
    Scenario,
)

KINDS = ("acute", "community-and-mental-health", "ambulance")
money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
signed_money = st.decimals(
    min_value=-(10**8), max_value=10**8, places=2, allow_nan=False, allow_infinity=False
)
rate = st.decimals(min_value=-5, max_value=10, places=1, allow_nan=False, allow_infinity=False)
cip = st.decimals(min_value=0, max_value=6, places=1, allow_nan=False, allow_infinity=False)
share = st.decimals(min_value=0, max_value=50, places=1, allow_nan=False, allow_infinity=False)


@st.composite
def scenarios(draw: st.DrawFn, flat: bool = False) -> Scenario:
    years = draw(st.integers(min_value=1, max_value=5))

    def per_year(values: st.SearchStrategy[Decimal]) -> tuple[Decimal, ...]:
        if flat:
            return (Decimal(0),) * years
        return tuple(draw(st.lists(values, min_size=years, max_size=years)))

    strategy = {Rate.CIP: cip, Rate.CIP_RECURRENT: share.map(lambda v: v * 2)}
    rates = {r: per_year(strategy.get(r, rate)) for r in Rate}
    if flat:
        rates[Rate.CIP_RECURRENT] = (Decimal(100),) * years
    base = FinancialYear(draw(st.integers(min_value=2015, max_value=2030)))
    plan_years = [FinancialYear(base.start_year + i) for i in range(1, years + 1)]
    count = draw(st.integers(min_value=1, max_value=5))
    organisations = []
    for index in range(count):
        mitigations: dict[Mitigation, tuple[Decimal, ...]] = {}
        maturity: dict[Maturity, tuple[Decimal, ...]] = {}
        one_offs: tuple[NonRecurrentItem, ...] = ()
        financing, sources = Decimal(0), ()
        income = draw(money)
        if not flat:
            chosen = draw(st.sets(st.sampled_from(list(Mitigation))))
            mitigations = {m: per_year(money) for m in sorted(chosen)}
            financing = draw(money)
            if draw(st.booleans()):
                part = draw(st.decimals(min_value=0, max_value=income, places=2))
                sources = (("Contracts", part), ("Other income", income - part))
            if draw(st.booleans()):
                maturity = {
                    Maturity.IN_DELIVERY: per_year(share),
                    Maturity.IDENTIFIED: per_year(share),
                }
            one_offs = tuple(
                NonRecurrentItem(
                    draw(st.sampled_from(plan_years)), f"One-off {n}", draw(signed_money)
                )
                for n in range(draw(st.integers(min_value=0, max_value=2)))
            )
        organisations.append(
            OrganisationPlan(
                f"R{index:02d}",
                draw(st.sampled_from(KINDS)),
                income,
                draw(money),
                draw(money),
                per_year(signed_money),
                mitigations,
                financing,
                sources,
                one_offs,
                maturity,
            )
        )
    return Scenario("random", base, Assumptions(rates), tuple(organisations))
