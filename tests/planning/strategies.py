"""Hypothesis strategies for planning scenarios (random systems of organisations)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from openbook.kernel.period import FinancialYear
from openbook.planning.model.scenario import (
    Assumptions,
    Mitigation,
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


@st.composite
def scenarios(draw: st.DrawFn, flat: bool = False) -> Scenario:
    years = draw(st.integers(min_value=1, max_value=5))

    def per_year(values: st.SearchStrategy[Decimal]) -> tuple[Decimal, ...]:
        if flat:
            return (Decimal(0),) * years
        return tuple(draw(st.lists(values, min_size=years, max_size=years)))

    rates = {r: per_year(cip if r is Rate.CIP else rate) for r in Rate}
    count = draw(st.integers(min_value=1, max_value=5))
    organisations = []
    for index in range(count):
        mitigations = {}
        if not flat:
            chosen = draw(st.sets(st.sampled_from(list(Mitigation))))
            mitigations = {m: per_year(money) for m in sorted(chosen)}
        organisations.append(
            OrganisationPlan(
                f"R{index:02d}",
                draw(st.sampled_from(KINDS)),
                draw(money),
                draw(money),
                draw(money),
                per_year(signed_money),
                mitigations,
            )
        )
    base = FinancialYear(draw(st.integers(min_value=2015, max_value=2030)))
    return Scenario("random", base, Assumptions(rates), tuple(organisations))
