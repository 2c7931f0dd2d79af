"""The programme model (pure): a programme of service lines and enabling workstreams, its
milestones against their baseline, its investment by cost line and year, its benefits with
their trajectories and linked measures, its logic models and its return on investment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from openbook.kernel.money import ZERO
from openbook.kernel.period import FinancialYear


class LineKind(StrEnum):
    CLINICAL = "clinical"
    CLINICAL_SUPPORT = "clinical_support"
    BUSINESS_SERVICES = "business_services"
    ENABLING = "enabling"

    @property
    def label(self) -> str:
        return {
            "clinical": "Clinical service",
            "clinical_support": "Clinical support",
            "business_services": "Business services",
            "enabling": "Enabling workstream",
        }[self.value]


class Confidence(StrEnum):
    """The three-point delivery confidence rating of a line."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class MilestoneKind(StrEnum):
    MILESTONE = "milestone"  # set out in the bid
    DELIVERABLE = "deliverable"  # an additional milestone or key deliverable
    ACTIVITY = "activity"  # a key activity spanning months

    @property
    def label(self) -> str:
        return {
            "milestone": "Milestone set out in the bid",
            "deliverable": "Additional milestone or key deliverable",
            "activity": "Key activity",
        }[self.value]


class MilestoneStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


class Funding(StrEnum):
    CENTRAL = "central"  # requested from the national programme
    LOCAL = "local"  # met by the trusts and the CCG


class CostCategory(StrEnum):
    GOVERNANCE = "governance"
    WORKFORCE_OD = "workforce_od"
    IT = "it"
    EXTERNAL_SUPPORT = "external_support"
    SERVICE_LINE = "service_line"
    TRANSITIONAL = "transitional"

    @property
    def label(self) -> str:
        return {
            "governance": "Governance",
            "workforce_od": "Workforce and OD",
            "it": "IT",
            "external_support": "External support",
            "service_line": "Service-line workstream",
            "transitional": "Transitional (locally funded)",
        }[self.value]


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


class MeasureKind(StrEnum):
    """What openbook already tracks that a benefit can be measured by."""

    FINANCE_LINE = "finance_line"  # a line of an organisation's monthly return (actual YTD)
    ACTIVITY = "activity"  # an activity series (a point of delivery's count)
    QUALITY = "quality"  # a quality metric of a provider


@dataclass(frozen=True)
class Rating:
    on: date
    confidence: Confidence
    note: str = ""


@dataclass(frozen=True)
class Workstream:
    code: str
    name: str
    kind: LineKind
    lead_org: str | None = None
    lead_person: str | None = None
    terms_of_reference: str | None = None
    ratings: tuple[Rating, ...] = ()

    @property
    def confidence(self) -> Confidence | None:
        """The latest rating, if any."""
        return max(self.ratings, key=lambda r: r.on).confidence if self.ratings else None


@dataclass(frozen=True)
class Milestone:
    ref: str
    title: str
    plan: str  # which plan of the programme it comes from, e.g. "100-day"
    kind: MilestoneKind
    baseline: date  # first day of the month it was planned for
    workstream: str | None = None
    end: date | None = None  # an activity's last month (baseline is its first)
    forecast: date | None = None
    actual: date | None = None
    status: MilestoneStatus = MilestoneStatus.NOT_STARTED
    depends_on: tuple[str, ...] = ()
    deliverables: tuple[str, ...] = ()

    @property
    def due(self) -> date:
        """When it is now expected: the forecast, else the baseline (an activity's end)."""
        return self.forecast or self.end or self.baseline

    @property
    def planned_due(self) -> date:
        return self.end or self.baseline


@dataclass(frozen=True)
class YearAmount:
    planned: Decimal | None  # None: "TBC" in the source
    committed: Decimal | None = None
    spent: Decimal | None = None


@dataclass(frozen=True)
class CostLine:
    ref: str
    name: str
    category: CostCategory
    funding: Funding
    spending_org: str
    years: dict[str, YearAmount]
    workstream: str | None = None
    note: str = ""


@dataclass(frozen=True)
class MeasureLink:
    kind: MeasureKind
    org_code: str
    code: str  # the line code, activity point of delivery or quality metric


@dataclass(frozen=True)
class Benefit:
    ref: str
    name: str
    measure: str
    unit: str
    owner: str
    logic_model: str
    direction: Direction
    baseline: Decimal
    baseline_year: str
    trajectory: dict[str, Decimal]  # year label -> target for that year
    link: MeasureLink | None = None
    financial: bool = False
    synthetic: bool = True
    progress: dict[str, Decimal] = field(default_factory=dict)  # typed only when not linked


@dataclass(frozen=True)
class LogicModel:
    ref: str
    name: str
    inputs: tuple[str, ...]
    activities: tuple[str, ...]
    short_term: tuple[str, ...]
    medium_term: tuple[str, ...]
    long_term: tuple[str, ...]
    assumptions: tuple[str, ...]
    cost_categories: tuple[CostCategory, ...] = ()


@dataclass(frozen=True)
class ReturnOnInvestment:
    statement: str
    gap_low: Decimal
    gap_high: Decimal
    contribution_low: Decimal
    contribution_high: Decimal
    gross_investment: Decimal  # as stated: checked against the cost lines


@dataclass(frozen=True)
class BusinessCase:
    ref: str
    title: str
    stage: str  # strategic_outline, outline, full
    workstream: str | None = None
    decision_ref: str | None = None


@dataclass(frozen=True)
class Risk:
    ref: str
    description: str
    owner: str
    workstream: str | None = None
    rating: Confidence = Confidence.AMBER


@dataclass(frozen=True)
class Programme:
    code: str
    name: str
    system_code: str
    host_org: str
    source: str
    workstreams: tuple[Workstream, ...]
    milestones: tuple[Milestone, ...]
    cost_lines: tuple[CostLine, ...]
    benefits: tuple[Benefit, ...] = ()
    logic_models: tuple[LogicModel, ...] = ()
    roi: ReturnOnInvestment | None = None
    business_cases: tuple[BusinessCase, ...] = ()
    risks: tuple[Risk, ...] = ()
    governance: tuple[tuple[str, str], ...] = ()  # (body, remit)
    people: tuple[tuple[str, str], ...] = ()  # (role, name)
    progress_note: str = ""  # says which figures are synthetic

    @property
    def years(self) -> list[str]:
        labels = {label for line in self.cost_lines for label in line.years}
        return sorted(labels, key=lambda label: FinancialYear.parse(label).start_year)

    def workstream(self, code: str) -> Workstream | None:
        return next((w for w in self.workstreams if w.code == code), None)


def calculate_investment_by_year(
    lines: tuple[CostLine, ...], funding: Funding | None = None
) -> dict[str, Decimal]:
    """Planned investment per year; a "TBC" counts as nothing (it is not yet costed)."""
    totals: dict[str, Decimal] = {}
    for line in lines:
        if funding is not None and line.funding is not funding:
            continue
        for label, amount in line.years.items():
            totals[label] = totals.get(label, ZERO) + (amount.planned or ZERO)
    return dict(sorted(totals.items(), key=lambda kv: FinancialYear.parse(kv[0]).start_year))


def calculate_category_totals(lines: tuple[CostLine, ...]) -> dict[tuple[str, str], Decimal]:
    """(category, year) -> planned amount."""
    totals: dict[tuple[str, str], Decimal] = {}
    for line in lines:
        for label, amount in line.years.items():
            key = (line.category.value, label)
            totals[key] = totals.get(key, ZERO) + (amount.planned or ZERO)
    return totals


def calculate_total(lines: tuple[CostLine, ...]) -> Decimal:
    return sum(calculate_investment_by_year(lines).values(), ZERO)


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def calculate_slippage(milestone: Milestone) -> int:
    """Months the milestone is expected (or was delivered) later than its baseline."""
    delivered = milestone.actual or milestone.due
    return months_between(milestone.planned_due, delivered)


def is_overdue(milestone: Milestone, today: date) -> bool:
    """Not complete, and the month it is due in has ended."""
    if milestone.status is MilestoneStatus.COMPLETE or milestone.actual is not None:
        return False
    return months_between(milestone.due, today) > 0


def is_off_trajectory(benefit: Benefit, year: str, value: Decimal, tolerance: Decimal) -> bool:
    """The year's value is worse than its trajectory by more than `tolerance` (a share
    of the distance from baseline to the year's target)."""
    target = benefit.trajectory.get(year)
    if target is None:
        return False
    allowance = abs(target - benefit.baseline) * tolerance
    if benefit.direction is Direction.INCREASE:
        return value < target - allowance
    return value > target + allowance


def calculate_roi(programme: Programme) -> dict[str, Decimal] | None:
    """Contribution to the gap per pound invested, low and high."""
    roi = programme.roi
    total = calculate_total(programme.cost_lines)
    if roi is None or total == 0:
        return None
    return {
        "low": (roi.contribution_low / total).quantize(Decimal("0.01")),
        "high": (roi.contribution_high / total).quantize(Decimal("0.01")),
        "share_of_gap_low": (roi.contribution_low / roi.gap_high).quantize(Decimal("0.001")),
        "share_of_gap_high": (roi.contribution_high / roi.gap_low).quantize(Decimal("0.001")),
    }
