"""Activity by point of delivery: the NHS England codes, monthly counts, plans and variance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

# NHS England activity codes (monthly activity return and SUS reconciliation).
POINTS_OF_DELIVERY: dict[str, str] = {
    "E.M.6": "A&E attendances",
    "E.M.2": "Outpatient first attendances",
    "E.M.3": "Outpatient follow-up attendances",
    "E.M.10a": "Elective ordinary spells",
    "E.M.10b": "Elective day case spells",
    "E.M.11": "Non-elective spells",
    # Not an E.M line: outpatient attendances with a procedure (the elective recovery
    # fund counts them apart), held beside E.M.2 and E.M.3, not inside them.
    "OPPROC": "Outpatient procedures",
}
# The services people know, for pages and captions (the code stays as a tooltip).
SERVICE_NAMES: dict[str, str] = {
    "E.M.6": "A&E",
    "E.M.2": "Outpatients: first",
    "E.M.3": "Outpatients: follow-up",
    "E.M.10a": "Planned operations (inpatient)",
    "E.M.10b": "Day case operations",
    "E.M.11": "Emergency admissions",
    "OPPROC": "Outpatient procedures",
}
# Value-weighted elective activity: ordinary elective and day case spells, first outpatient
# attendances and outpatient procedures (NHS England's elective recovery measure).
ELECTIVE_PODS = ("E.M.10a", "E.M.10b", "E.M.2", "OPPROC")
AE_POD = "E.M.6"
AE_TYPES = ("1", "2", "other")  # type 1 major, type 2 single specialty, types 3-4 and UTCs
FOUR_HOUR_STANDARD = Decimal("0.95")


def service_name(pod: str) -> str:
    """'E.M.10b' -> 'Day case operations'; an unknown code stays as it is."""
    return SERVICE_NAMES.get(pod, pod)


class PlanBasis(StrEnum):
    """How a month's activity plan is set."""

    FLAT = "flat"  # the same month last year: the "flat activity" ambition
    GROWTH = "growth"  # the same month last year plus a growth percentage
    CONTRACTED = "contracted"  # volumes agreed in the contract, loaded from a return


@dataclass(frozen=True)
class ActivityCount:
    """One provider's activity for one commissioner, point of delivery and month."""

    provider_code: str
    commissioner_code: str  # "" when the source does not say (the national A&E file)
    pod: str
    period_start: date  # first day of the calendar month
    count: int
    ae_type: str = ""  # "1", "2" or "other" for E.M.6; "" otherwise
    breaches: int | None = None  # A&E 4-hour breaches, where known
    admissions: int | None = None  # emergency admissions via A&E, where known

    @property
    def key(self) -> tuple[str, str, str, str, date]:
        return (
            self.provider_code,
            self.commissioner_code,
            self.pod,
            self.ae_type,
            self.period_start,
        )


def calculate_plan(last_year: int, basis: PlanBasis, growth_percent: Decimal) -> int:
    """A month's plan from the same month last year, rounded half up to a whole count."""
    if basis is PlanBasis.FLAT:
        return last_year
    if basis is PlanBasis.GROWTH:
        scaled = Decimal(last_year) * (1 + growth_percent / 100)
        return int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    raise ValueError("contracted plans are loaded, not calculated")


@dataclass(frozen=True)
class Variance:
    plan: int
    actual: int

    @property
    def difference(self) -> int:
        return self.actual - self.plan

    @property
    def percent(self) -> Decimal | None:
        """Actual above (+) or below (-) plan as a % of plan; None without a plan."""
        if self.plan == 0:
            return None
        return (Decimal(self.difference) * 100 / Decimal(self.plan)).quantize(Decimal("0.1"))

    def exceeds(self, threshold_percent: Decimal) -> bool:
        percent = self.percent
        return percent is not None and percent > threshold_percent


def calculate_four_hour(attendances: int, breaches: int) -> Decimal | None:
    """Share of attendances seen within 4 hours: 1 - breaches / attendances."""
    if attendances == 0:
        return None
    return 1 - Decimal(breaches) / Decimal(attendances)
