"""A month's quality returns compared on funnels: each provider's value with its 95% and
99.8% limits, and whether it is beyond a 99.8% limit on the worse side (pure).

Proportions get binomial limits and ratios Poisson limits, around the pooled value of the
providers compared. A mean (minutes per patient) has no such limits and is left out. A
system has a handful of providers, too few to estimate overdispersion, so the limits are
exact unless a method is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openbook.funnel import Funnel, FunnelMethod, Kind, Overdispersion, funnel
from openbook.quality.file import QualityReturn
from openbook.quality.metrics import MEASURES, Direction, Measure, MeasureKind


@dataclass(frozen=True)
class QualityPoint:
    """One provider on one measure's funnel, in the measure's unit (% for a proportion)."""

    org_code: str
    numerator: float
    denominator: float
    value: float
    ll95: float
    ul95: float
    ll998: float
    ul998: float
    outside: str | None  # None, "ll95", "ul95", "ll998" or "ul998"
    concern: bool  # beyond a 99.8% limit on the worse side


@dataclass(frozen=True)
class QualityFunnel:
    measure: Measure
    target: float  # in the measure's unit
    description: str  # the method in words
    points: tuple[QualityPoint, ...]
    funnel: Funnel  # the library's result, in fractions for a proportion (for the chart)

    @property
    def concerns(self) -> tuple[QualityPoint, ...]:
        return tuple(point for point in self.points if point.concern)


def exact_method(kind: Kind) -> FunnelMethod:
    return FunnelMethod(kind, Overdispersion.NONE)


def _worse(measure: Measure, outside: str | None) -> bool:
    worse = "ll998" if measure.direction is Direction.HIGHER else "ul998"
    return outside == worse


def measure_funnel(
    measure: Measure, returns: Sequence[QualityReturn], method: FunnelMethod | None = None
) -> QualityFunnel | None:
    """One measure's funnel over the returns that have it; None for a mean, or for fewer
    than two providers (nothing to compare)."""
    if measure.funnel_kind is None:
        return None
    lines = [(r.org_code, line) for r in returns if (line := r.line(measure.code)) is not None]
    if len(lines) < 2:
        return None
    kind = Kind(measure.funnel_kind)
    result = funnel(
        [org for org, _ in lines],
        [float(line.numerator) for _, line in lines],
        [float(line.denominator) for _, line in lines],
        method or exact_method(kind),
        source=measure.code,
    )
    scale = 100.0 if measure.kind is MeasureKind.PROPORTION else 1.0
    points = tuple(
        QualityPoint(
            group.group,
            group.numerator,
            group.denominator,
            group.value * scale,
            group.ll95 * scale,
            group.ul95 * scale,
            group.ll998 * scale,
            group.ul998 * scale,
            group.outside,
            _worse(measure, group.outside),
        )
        for group in result.groups
    )
    return QualityFunnel(measure, result.target * scale, result.description, points, result)


def quality_funnels(
    returns: Sequence[QualityReturn], method: FunnelMethod | None = None
) -> list[QualityFunnel]:
    """Every measure that can be compared, in catalogue order. The returns should be one
    month's, one per provider."""
    found = (measure_funnel(measure, returns, method) for measure in MEASURES)
    return [result for result in found if result is not None]
