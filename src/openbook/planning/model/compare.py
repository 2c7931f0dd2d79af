"""Scenarios side by side, and the sensitivity of the gap to each assumption (a tornado).

`compare(a, b)` gives, per organisation (and the acute providers and the system) and year,
B's gap and CIP % required less A's: so `compare(b, a)` is exactly its negative.
`calculate_tornado` moves one assumption at a time by the same number of percentage points
down and up, in every year (all but the CIP and its recurrent share, which do not move the
gap), and reports the system gap in the last year each way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openbook.kernel.period import FinancialYear
from openbook.planning.model.scenario import (
    PlanResult,
    Rate,
    Scenario,
    ScenarioResult,
    calculate_scenario,
)

DEFAULT_SWING_POINTS = Decimal(1)
GAP_DRIVERS = tuple(rate for rate in Rate if rate not in (Rate.CIP, Rate.CIP_RECURRENT))


@dataclass(frozen=True)
class YearComparison:
    financial_year: FinancialYear
    gap_a: Decimal
    gap_b: Decimal
    cip_pct_required_a: Decimal
    cip_pct_required_b: Decimal

    @property
    def gap_change(self) -> Decimal:
        return self.gap_b - self.gap_a

    @property
    def cip_pct_required_change(self) -> Decimal:
        return self.cip_pct_required_b - self.cip_pct_required_a


@dataclass(frozen=True)
class Comparison:
    name: str  # an org_code, "Acute providers" or "System"
    years: tuple[YearComparison, ...]


def _plans(result: ScenarioResult) -> dict[str, PlanResult]:
    plans = {plan.name: plan for plan in result.organisations}
    if result.acute_providers is not None:
        plans[result.acute_providers.name] = result.acute_providers
    plans[result.system.name] = result.system
    return plans


def compare(a: ScenarioResult, b: ScenarioResult) -> list[Comparison]:
    """B less A for every organisation both hold, the acute providers and the system, in
    every year both cover."""
    plans_a, plans_b = _plans(a), _plans(b)
    found = []
    for name, plan_a in plans_a.items():
        plan_b = plans_b.get(name)
        if plan_b is None:
            continue
        years_b = {y.figures.financial_year: y.figures for y in plan_b.years}
        years = tuple(
            YearComparison(
                y.figures.financial_year,
                y.figures.gap,
                years_b[y.figures.financial_year].gap,
                y.figures.cip_pct_required,
                years_b[y.figures.financial_year].cip_pct_required,
            )
            for y in plan_a.years
            if y.figures.financial_year in years_b
        )
        found.append(Comparison(name, years))
    return found


@dataclass(frozen=True)
class TornadoBar:
    rate: Rate
    low_points: Decimal  # the shift tried, in percentage points (negative)
    high_points: Decimal
    gap_low: Decimal  # the system gap in the last year with the rate moved down
    gap_high: Decimal

    @property
    def swing(self) -> Decimal:
        return abs(self.gap_high - self.gap_low)


@dataclass(frozen=True)
class Tornado:
    financial_year: FinancialYear
    base_gap: Decimal
    bars: tuple[TornadoBar, ...]  # the widest swing first


def _last_gap(scenario: Scenario) -> Decimal:
    return calculate_scenario(scenario).system.years[-1].figures.gap


def calculate_tornado(scenario: Scenario, points: Decimal = DEFAULT_SWING_POINTS) -> Tornado:
    """The system gap in the last plan year with each assumption moved by -points and
    +points in every year, widest swing first. The CIP is not among them: it closes the
    do-nothing gap (the bridge shows by how much) but does not move it."""
    base = _last_gap(scenario)
    bars = []
    for rate in GAP_DRIVERS:
        low = scenario.with_assumptions(scenario.assumptions.shifted(rate, -points))
        high = scenario.with_assumptions(scenario.assumptions.shifted(rate, points))
        bars.append(TornadoBar(rate, -points, points, _last_gap(low), _last_gap(high)))
    bars.sort(key=lambda bar: (-bar.swing, GAP_DRIVERS.index(bar.rate)))
    return Tornado(scenario.years[-1], base, tuple(bars))
