"""A planning scenario: organisations' base-year run rates, assumptions by year, targets and
mitigations, projected by the default model (`default.py`) into a result per organisation,
for the acute providers together and for the system, each year with its bridge.

Pure: dataclasses and arithmetic in Decimal pounds, no storage, no framework.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from openbook.kernel.money import ZERO, sum_money, to_pounds
from openbook.kernel.period import FinancialYear
from openbook.planning.model.bridge import BridgeStep, calculate_bridge, combine_bridges
from openbook.planning.model.default import (
    HUNDRED,
    Baseline,
    YearRates,
    YearResult,
    calculate_plan,
)

DEFAULT_CIP_THRESHOLD_PCT = Decimal(4)  # the achievable CIP, as in the rebalancing engine
ACUTE = "acute"


class Rate(StrEnum):
    """The assumptions, each a percentage per plan year."""

    UPLIFT = "uplift_pct"
    PAY_INFLATION = "pay_inflation_pct"
    NON_PAY_INFLATION = "non_pay_inflation_pct"
    ACTIVITY_GROWTH = "activity_growth_pct"
    CIP = "cip_pct"
    CIP_RECURRENT = "cip_recurrent_pct"

    @property
    def label(self) -> str:
        return RATE_LABELS[self]

    @property
    def required(self) -> bool:
        return self not in (Rate.CIP, Rate.CIP_RECURRENT)

    @property
    def default(self) -> Decimal:
        """The value of an optional rate a file leaves out: no CIP, all of it recurrent."""
        return HUNDRED if self is Rate.CIP_RECURRENT else ZERO


RATE_LABELS = {
    Rate.UPLIFT: "Allocation / contract uplift",
    Rate.PAY_INFLATION: "Pay inflation",
    Rate.NON_PAY_INFLATION: "Non-pay inflation",
    Rate.ACTIVITY_GROWTH: "Activity (demand) growth",
    Rate.CIP: "CIP (% of operating expenditure)",
    Rate.CIP_RECURRENT: "CIP recurrent share",
}


class Mitigation(StrEnum):
    """What a plan counts on to close the gap, besides the CIP from the assumptions."""

    RECONFIGURATION = "reconfiguration"
    PROGRAMME_BENEFITS = "programme_benefits"
    NEW_FUNDING = "new_funding"

    @property
    def label(self) -> str:
        return MITIGATION_LABELS[self]


MITIGATION_LABELS = {
    Mitigation.RECONFIGURATION: "Reconfiguration",
    Mitigation.PROGRAMME_BENEFITS: "Programme benefits",
    Mitigation.NEW_FUNDING: "New funding",
}
PROVIDER_EFFICIENCIES = "Provider efficiencies (CIP)"
NON_RECURRENT_CIP = "Non-recurrent CIP"


class Maturity(StrEnum):
    """How far a year's CIP has got: schemes in delivery, identified (planned, not yet
    delivering) and the rest unidentified (a target with no scheme behind it)."""

    IN_DELIVERY = "in_delivery"
    IDENTIFIED = "identified"
    UNIDENTIFIED = "unidentified"


@dataclass(frozen=True)
class NonRecurrentItem:
    """A one-off in a plan year (a land sale, a one-off cost): signed like a position, in
    the reported position only, never the underlying one."""

    financial_year: FinancialYear
    label: str
    amount: Decimal


@dataclass(frozen=True)
class Assumptions:
    """Each rate as one Decimal percentage per plan year, in year order."""

    rates: dict[Rate, tuple[Decimal, ...]]

    def year_rates(self) -> list[YearRates]:
        years = len(self.rates[Rate.UPLIFT])
        return [
            YearRates(
                self.rates[Rate.UPLIFT][i],
                self.rates[Rate.PAY_INFLATION][i],
                self.rates[Rate.NON_PAY_INFLATION][i],
                self.rates[Rate.ACTIVITY_GROWTH][i],
                self.rates[Rate.CIP][i],
                self.rates[Rate.CIP_RECURRENT][i],
            )
            for i in range(years)
        ]

    def with_rate(self, rate: Rate, values: Sequence[Decimal]) -> Assumptions:
        return Assumptions({**self.rates, rate: tuple(values)})

    def shifted(self, rate: Rate, points: Decimal) -> Assumptions:
        """`rate` moved by `points` percentage points in every year."""
        return self.with_rate(rate, [value + points for value in self.rates[rate]])


@dataclass(frozen=True)
class OrganisationPlan:
    """One organisation's base-year recurrent run rate, target and mitigations by year."""

    org_code: str
    kind: str
    income: Decimal
    pay: Decimal
    non_pay: Decimal
    target: tuple[Decimal, ...]  # per plan year; 0 is break-even
    mitigations: dict[Mitigation, tuple[Decimal, ...]] = field(default_factory=dict)
    financing: Decimal = ZERO
    income_sources: tuple[tuple[str, Decimal], ...] = ()  # sum to `income` when given
    non_recurrent: tuple[NonRecurrentItem, ...] = ()
    # Per plan year, the % of that year's CIP in delivery and identified (the rest is
    # unidentified); empty when the file does not say.
    cip_maturity: dict[Maturity, tuple[Decimal, ...]] = field(default_factory=dict)

    @property
    def baseline(self) -> Baseline:
        return Baseline(
            self.org_code,
            self.kind,
            self.income,
            self.pay,
            self.non_pay,
            self.financing,
            self.income_sources,
        )

    def non_recurrent_in(self, year: FinancialYear) -> tuple[tuple[str, Decimal], ...]:
        return tuple((i.label, i.amount) for i in self.non_recurrent if i.financial_year == year)


@dataclass(frozen=True)
class Scenario:
    name: str
    base_year: FinancialYear
    assumptions: Assumptions
    organisations: tuple[OrganisationPlan, ...]
    cip_threshold_pct: Decimal = DEFAULT_CIP_THRESHOLD_PCT

    @property
    def years(self) -> tuple[FinancialYear, ...]:
        count = len(self.assumptions.rates[Rate.UPLIFT])
        return tuple(FinancialYear(self.base_year.start_year + i) for i in range(1, count + 1))

    def with_assumptions(self, assumptions: Assumptions, name: str | None = None) -> Scenario:
        return replace(self, assumptions=assumptions, name=name or self.name)


@dataclass(frozen=True)
class CipMaturity:
    """A year's CIP (recurrent and not) split by how far its schemes have got."""

    in_delivery: Decimal
    identified: Decimal
    unidentified: Decimal


@dataclass(frozen=True)
class PlanYear:
    """One year of a plan: the default model's figures and the bridge of its gap."""

    figures: YearResult
    bridge: tuple[BridgeStep, ...]
    annual_cip_pct_required: Decimal  # the new recurrent saving needed this year, % of costs
    above_threshold: bool  # the annual CIP required exceeds the achievable threshold
    non_recurrent_items: tuple[tuple[str, Decimal], ...] = ()
    cip_maturity: CipMaturity | None = None

    @property
    def non_recurrent(self) -> Decimal:
        """Everything in the year that will not recur: non-recurrent CIP and one-offs."""
        items = sum_money([amount for _, amount in self.non_recurrent_items])
        return self.figures.non_recurrent_cip + items

    @property
    def reported_position(self) -> Decimal:
        """The underlying position with this year's non-recurrent items counted."""
        return self.figures.position + self.non_recurrent


@dataclass(frozen=True)
class PlanResult:
    """The years of one organisation, or of a group (acute providers, the system)."""

    name: str
    kind: str
    years: tuple[PlanYear, ...]


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    organisations: tuple[PlanResult, ...]
    acute_providers: PlanResult | None
    system: PlanResult


def _mitigations_in(plan: OrganisationPlan, index: int) -> list[tuple[str, Decimal]]:
    return [(m.label, plan.mitigations[m][index]) for m in Mitigation if m in plan.mitigations]


def calculate_maturity(
    cip_in_year: Decimal, in_delivery_pct: Decimal, identified_pct: Decimal
) -> CipMaturity:
    """The year's CIP split by maturity, each part rounded to the penny; unidentified is
    what is left, so the three sum exactly to the CIP."""
    in_delivery = to_pounds(cip_in_year * in_delivery_pct / HUNDRED)
    identified = to_pounds(cip_in_year * identified_pct / HUNDRED)
    return CipMaturity(in_delivery, identified, cip_in_year - in_delivery - identified)


def _closing_steps(
    figures: YearResult,
    one_offs: tuple[tuple[str, Decimal], ...],
    plan: OrganisationPlan,
    index: int,
) -> list[tuple[str, Decimal]]:
    """What the bridge counts on, in order: recurrent CIP, then (when there are any) the
    non-recurrent CIP and each one-off, then the mitigations."""
    closing = [(PROVIDER_EFFICIENCIES, figures.cip)]
    if figures.non_recurrent_cip:
        closing.append((NON_RECURRENT_CIP, figures.non_recurrent_cip))
    closing += [(f"Non-recurrent: {label}", amount) for label, amount in one_offs]
    return closing + _mitigations_in(plan, index)


def _organisation_result(plan: OrganisationPlan, scenario: Scenario) -> PlanResult:
    years: list[PlanYear] = []
    rates = scenario.assumptions.year_rates()
    projected = calculate_plan(plan.baseline, scenario.base_year, rates)
    # The model takes one target; a target may change year by year, so the gap (and the CIP
    # required) is taken here against each year's own, by the model's own definitions.
    for index, (target, year) in enumerate(zip(plan.target, projected, strict=True)):
        gap = year.do_nothing_position - target
        required = calculate_required_pct(gap, year.operating_costs)
        figures = replace(year, gap=gap, cip_pct_required=required)
        one_offs = plan.non_recurrent_in(figures.financial_year)
        bridge = calculate_bridge(figures.gap, _closing_steps(figures, one_offs, plan, index))
        previous = years[-1].figures if years else None
        annual = calculate_annual_pct(figures, previous)
        maturity = None
        if plan.cip_maturity:
            maturity = calculate_maturity(
                figures.cip_in_year,
                plan.cip_maturity[Maturity.IN_DELIVERY][index],
                plan.cip_maturity[Maturity.IDENTIFIED][index],
            )
        above = annual > scenario.cip_threshold_pct
        years.append(PlanYear(figures, tuple(bridge), annual, above, one_offs, maturity))
    return PlanResult(plan.org_code, plan.kind, tuple(years))


def _saving_needed(figures: YearResult) -> Decimal:
    return max(ZERO, -figures.gap)


def calculate_annual_pct(figures: YearResult, previous: YearResult | None) -> Decimal:
    """The recurrent saving needed this year on top of last year's, as a % of this year's
    do-nothing costs: the cumulative `cip_pct_required` made annual, the figure to hold
    against an achievable CIP a year (4%)."""
    before = ZERO if previous is None else _saving_needed(previous)
    costs = figures.operating_costs
    new = _saving_needed(figures) - before
    return ZERO if new <= 0 or costs == 0 else (new / costs * HUNDRED).quantize(Decimal("0.01"))


def calculate_required_pct(gap: Decimal, costs: Decimal) -> Decimal:
    """The gap (if a deficit) as a % of do-nothing costs, to 0.01 (as the default model)."""
    required = ZERO if gap >= 0 or costs == 0 else -gap / costs * HUNDRED
    return required.quantize(Decimal("0.01"))


def _total(values: Iterable[Decimal]) -> Decimal:
    return sum_money(list(values))


def _combine_sources(figures: Sequence[YearResult]) -> tuple[tuple[str, Decimal], ...]:
    """Income by source summed over the parts that list it (first-seen order); none unless
    every part lists its sources, so the sources always sum to the income."""
    if not all(f.income_sources for f in figures):
        return ()
    totals: dict[str, Decimal] = {}
    for f in figures:
        for source, amount in f.income_sources:
            totals[source] = totals.get(source, ZERO) + amount
    return tuple(totals.items())


def _combine_maturity(rows: Sequence[PlanYear]) -> CipMaturity | None:
    """Summed when every part states its CIP's maturity (otherwise the total would read
    as if the rest were known)."""
    parts = [row.cip_maturity for row in rows]
    if any(part is None for part in parts):
        return None
    known = [part for part in parts if part is not None]
    return CipMaturity(
        _total(p.in_delivery for p in known),
        _total(p.identified for p in known),
        _total(p.unidentified for p in known),
    )


def combine_results(
    name: str, kind: str, parts: Sequence[PlanResult], threshold: Decimal
) -> PlanResult:
    """Sum organisations year by year; the CIP % required is recomputed on the total.
    One-offs are listed with the organisation they belong to."""
    years: list[PlanYear] = []
    total = _total
    for index in range(len(parts[0].years)):
        rows = [part.years[index] for part in parts]
        figures = [row.figures for row in rows]
        pay, non_pay = total(f.pay for f in figures), total(f.non_pay for f in figures)
        gap = total(f.gap for f in figures)
        required = calculate_required_pct(gap, pay + non_pay)
        combined = YearResult(
            financial_year=figures[0].financial_year,
            income=total(f.income for f in figures),
            pay=pay,
            non_pay=non_pay,
            do_nothing_position=total(f.do_nothing_position for f in figures),
            cip=total(f.cip for f in figures),
            position=total(f.position for f in figures),
            gap=gap,
            cip_pct_required=required,
            financing=total(f.financing for f in figures),
            income_sources=_combine_sources(figures),
            cip_in_year=total(f.cip_in_year for f in figures),
            non_recurrent_cip=total(f.non_recurrent_cip for f in figures),
        )
        bridge = combine_bridges([row.bridge for row in rows])
        previous = years[-1].figures if years else None
        annual = calculate_annual_pct(combined, previous)
        one_offs = tuple(
            (f"{part.name}: {label}", amount)
            for part, row in zip(parts, rows, strict=True)
            for label, amount in row.non_recurrent_items
        )
        years.append(
            PlanYear(
                combined,
                tuple(bridge),
                annual,
                annual > threshold,
                one_offs,
                _combine_maturity(rows),
            )
        )
    return PlanResult(name, kind, tuple(years))


def calculate_scenario(scenario: Scenario) -> ScenarioResult:
    """Every organisation by the default model, the acute providers together and the system."""
    threshold = scenario.cip_threshold_pct
    organisations = tuple(_organisation_result(p, scenario) for p in scenario.organisations)
    acute = [r for r in organisations if r.kind == ACUTE]
    acute_result = combine_results("Acute providers", ACUTE, acute, threshold) if acute else None
    system = combine_results("System", "system", organisations, threshold)
    return ScenarioResult(scenario, organisations, acute_result, system)
