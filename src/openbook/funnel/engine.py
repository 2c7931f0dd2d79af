"""Funnels: `calculate_funnels` for many charts at once (pure arithmetic on arrays), and
`funnel` for one chart of named groups, checked, with the result as the JSON shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from openbook.funnel import check
from openbook.funnel.dispersion import calculate_dispersion
from openbook.funnel.limit import (
    Limits,
    exact_limits,
    normal_limits,
    standard_error,
    to_scale,
)
from openbook.funnel.method import FunnelMethod, Overdispersion, Scale
from openbook.kernel.error import InvalidDataError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

OUTSIDE: tuple[str | None, ...] = (None, "ll95", "ul95", "ll998", "ul998")
LOG_ZERO_EVENTS = 0.5  # on the log scale, no events count as 0.5 (or half the expected)


@dataclass(frozen=True)
class FunnelArrays:
    """Every point of every chart (`chart` numbers them) and each chart's figures."""

    chart: IntArray
    value: FloatArray
    z: FloatArray
    limits: Limits
    outside: IntArray  # an index into OUTSIDE
    target: FloatArray  # per chart
    phi: FloatArray  # per chart
    tau2: FloatArray  # per chart, 0 where not adjusted
    adjusted: BoolArray  # per chart


def pooled_target(
    chart: IntArray, numerator: FloatArray, denominator: FloatArray, charts: int
) -> FloatArray:
    """Sum of numerators over sum of denominators, per chart."""
    return np.bincount(chart, numerator, minlength=charts) / np.bincount(
        chart, denominator, minlength=charts
    )


def _z_scores(
    scale: Scale, numerator: FloatArray, denominator: FloatArray, target: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Unadjusted z-scores and the standard errors they were scaled by."""
    events = numerator
    if scale is Scale.LOG:  # log(0) is -inf: score no events as 0.5 (or half the expected)
        stand_in = np.minimum(LOG_ZERO_EVENTS, LOG_ZERO_EVENTS * target * denominator)
        events = np.where(numerator > 0, numerator, stand_in)
    y = to_scale(scale, events / denominator)
    s = standard_error(scale, denominator, target)
    return (y - to_scale(scale, target)) / s, s


def calculate_limits(
    method: FunnelMethod,
    denominator: FloatArray,
    target: FloatArray,
    phi: FloatArray,
    tau2: FloatArray,
    adjusted: BoolArray,
) -> tuple[Limits, FloatArray]:
    """Limits at each denominator (all arguments per point), and the sd of adjusted points
    on the z scale (the within-group s where not adjusted)."""
    scale = method.z_scale
    s = standard_error(scale, denominator, target)
    if method.overdispersion is Overdispersion.MULTIPLICATIVE:
        sd = np.where(adjusted, np.sqrt(phi) * s, s)
    else:
        sd = np.where(adjusted, np.sqrt(s**2 + tau2), s)
    exact = np.flatnonzero(~adjusted)
    limits = normal_limits(scale, target, sd)
    if exact.size:
        unadjusted = exact_limits(method.kind, denominator[exact], target[exact])
        for name in ("ll95", "ul95", "ll998", "ul998"):
            getattr(limits, name)[exact] = getattr(unadjusted, name)
    return limits, sd


def classify_outside(value: FloatArray, limits: Limits) -> IntArray:
    """Which limit each value is strictly beyond (the 99.8% one first); 0 when inside."""
    return np.select(
        [value < limits.ll998, value > limits.ul998, value < limits.ll95, value > limits.ul95],
        [3, 4, 1, 2],
        default=0,
    ).astype(np.int64)


def calculate_funnels(
    chart: IntArray,
    numerator: FloatArray,
    denominator: FloatArray,
    method: FunnelMethod,
    target: FloatArray | None = None,
) -> FunnelArrays:
    """Funnels for every chart at once. Inputs must already pass `check`: denominators > 0,
    and targets (pooled when `target` is None; else one per chart) inside (0, 1) for
    proportions or above 0 for ratios. Overdispersion is allowed for only where phi > 1."""
    charts = int(chart.max()) + 1 if chart.size else 0
    per_chart = pooled_target(chart, numerator, denominator, charts) if target is None else target
    point_target = per_chart[chart]
    z, s = _z_scores(method.z_scale, numerator, denominator, point_target)
    dispersion = calculate_dispersion(chart, z, s, charts, method.trim, method.trim_fraction)
    wanted = method.overdispersion is not Overdispersion.NONE
    adjusted = wanted & (dispersion.phi > 1) & (dispersion.kept >= 2)
    tau2 = np.where(adjusted & (method.overdispersion is Overdispersion.ADDITIVE),
                    dispersion.tau2, 0.0)  # fmt: skip
    limits, sd = calculate_limits(
        method, denominator, point_target, dispersion.phi[chart], tau2[chart], adjusted[chart]
    )
    value = numerator / denominator
    z_used = np.where(adjusted[chart], z * s / sd, z)
    return FunnelArrays(
        chart, value, z_used, limits, classify_outside(value, limits), per_chart,
        dispersion.phi, tau2, adjusted,
    )  # fmt: skip


@dataclass(frozen=True)
class FunnelGroup:
    group: str
    numerator: float
    denominator: float
    value: float
    z: float
    ll95: float
    ul95: float
    ll998: float
    ul998: float
    outside: str | None


@dataclass(frozen=True)
class Funnel:
    """One chart: the method asked for, what was used, the chart's figures, every group."""

    method: FunnelMethod
    used: Overdispersion
    target: float
    phi: float
    tau2: float
    groups: tuple[FunnelGroup, ...]

    @property
    def description(self) -> str:
        return self.method.describe(self.used)

    def limits_at(self, denominator: FloatArray) -> Limits:
        """The funnel's four curves at any denominators (to draw them)."""
        size = denominator.size
        limits, _ = calculate_limits(
            self.method,
            denominator.astype(np.float64),
            np.full(size, self.target),
            np.full(size, self.phi),
            np.full(size, self.tau2),
            np.full(size, self.used is not Overdispersion.NONE),
        )
        return limits

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape: target, phi, tau2, method, groups (NaN as null)."""
        return {
            "target": _json_number(self.target),
            "phi": _json_number(self.phi),
            "tau2": _json_number(self.tau2),
            "method": self.used.value,
            "groups": [
                {
                    name: _json_number(item) if isinstance(item, float) else item
                    for name, item in vars(group).items()
                }
                for group in self.groups
            ],
        }


def _json_number(value: float) -> float | int | None:
    if not np.isfinite(value):
        return None
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)


def aggregate_groups(
    groups: Sequence[str], numerator: FloatArray, denominator: FloatArray
) -> tuple[list[str], FloatArray, FloatArray]:
    """Rows of the same group summed (as FunnelPlotR does), in order of first appearance."""
    names: dict[str, int] = {}
    codes = np.array([names.setdefault(str(g), len(names)) for g in groups], dtype=np.int64)
    count = len(names)
    numerators = np.bincount(codes, numerator, minlength=count).astype(np.float64)
    denominators = np.bincount(codes, denominator, minlength=count).astype(np.float64)
    return list(names), numerators, denominators


def funnel(
    groups: Sequence[str],
    numerator: Sequence[float] | FloatArray,
    denominator: Sequence[float] | FloatArray,
    method: FunnelMethod | None = None,
    target: float | None = None,
    *,
    source: str = "data",
) -> Funnel:
    """One funnel of named groups (rows of a group are summed). Bad input raises
    `InvalidDataError` listing every problem (see `check.check_funnel` for them as values)."""
    method = method or FunnelMethod()
    numbers = np.asarray(numerator, dtype=np.float64)
    cases = np.asarray(denominator, dtype=np.float64)
    issues = check.check_funnel(source, groups, numbers, cases, method, target)
    if issues:
        raise InvalidDataError(f"{source}: {len(issues)} problem(s)", issues)
    names, numbers, cases = aggregate_groups(groups, numbers, cases)
    chart = np.zeros(len(names), dtype=np.int64)
    given = None if target is None else np.array([target], dtype=np.float64)
    arrays = calculate_funnels(chart, numbers, cases, method, given)
    return _single(method, names, numbers, cases, arrays)


def _single(
    method: FunnelMethod,
    names: list[str],
    numerator: FloatArray,
    denominator: FloatArray,
    arrays: FunnelArrays,
) -> Funnel:
    limits = arrays.limits
    groups = tuple(
        FunnelGroup(
            name,
            float(numerator[i]),
            float(denominator[i]),
            float(arrays.value[i]),
            float(arrays.z[i]),
            float(limits.ll95[i]),
            float(limits.ul95[i]),
            float(limits.ll998[i]),
            float(limits.ul998[i]),
            OUTSIDE[arrays.outside[i]],
        )
        for i, name in enumerate(names)
    )
    adjusted = bool(arrays.adjusted[0])
    return Funnel(
        method,
        method.overdispersion if adjusted else Overdispersion.NONE,
        float(arrays.target[0]),
        float(arrays.phi[0]),
        float(arrays.tau2[0]),
        groups,
    )
