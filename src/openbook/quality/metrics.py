"""The quality measures a provider returns each month, as the seeds and the board name them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class MeasureKind(StrEnum):
    PROPORTION = "proportion"  # events / cases, e.g. patients screened / stroke patients
    RATIO = "ratio"  # observed / expected, e.g. deaths / expected deaths (SHMI-style)
    MEAN = "mean"  # total / count, e.g. minutes in A&E / admitted patients


class Direction(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"


@dataclass(frozen=True)
class Measure:
    code: str
    name: str
    kind: MeasureKind
    direction: Direction
    numerator: str  # what the numerator counts
    denominator: str
    unit: str

    @property
    def funnel_kind(self) -> str | None:
        """The funnel kind, or None: a mean has no binomial or Poisson limits."""
        return None if self.kind is MeasureKind.MEAN else self.kind.value


MEASURES: tuple[Measure, ...] = (
    Measure(
        "stroke_swallow_72h",
        "Stroke patients with a formal swallow assessment within 72 hours",
        MeasureKind.PROPORTION,
        Direction.HIGHER,
        "stroke patients assessed within 72 hours",
        "stroke patients",
        "%",
    ),
    Measure(
        "ae_admitted_time",
        "Total time in A&E for admitted patients",
        MeasureKind.MEAN,
        Direction.LOWER,
        "total minutes in A&E of admitted patients",
        "patients admitted from A&E",
        "minutes",
    ),
    Measure(
        "mortality_ratio",
        "Hospital mortality, observed over expected deaths",
        MeasureKind.RATIO,
        Direction.LOWER,
        "deaths",
        "expected deaths",
        "ratio",
    ),
)
BY_CODE = {measure.code: measure for measure in MEASURES}


def value_of(measure: Measure, numerator: float, denominator: float) -> float:
    """The measure's value as shown: a percentage, minutes or a ratio."""
    value = numerator / denominator
    return value * 100 if measure.kind is MeasureKind.PROPORTION else value


def format_value(measure: Measure, value: float) -> str:
    """As a board reads it: 72.4 (%), 231 (minutes), 1.04 (a ratio)."""
    if measure.kind is MeasureKind.RATIO:
        return f"{value:.2f}"
    if measure.kind is MeasureKind.MEAN:
        return f"{value:,.0f}"
    return f"{value:.1f}"
