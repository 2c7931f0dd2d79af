"""Funnel control limits, vectorised: every argument is an array of one value per point.

Exact limits (no overdispersion): binomial for proportions, with Spiegelhalter's (2005,
Statistics in Medicine, appendix A.1.1) interpolation between the discrete quantiles so that
the funnel is a smooth curve; Poisson for ratios, from the chi-squared form
lower = chi2(a/2; 2tE) / 2E, upper = chi2(1 - a/2; 2(tE + 1)) / 2E.

Overdispersed limits: target ± z * sd on a transformed scale, transformed back, where
sd = sqrt(s² + tau²) (additive) or sqrt(phi) * s (multiplicative).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

from openbook.funnel.method import COVERAGE, Kind, Scale

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

Z95 = float(stats.norm.ppf(1 - (1 - COVERAGE["95"]) / 2))  # 1.959964
Z998 = float(stats.norm.ppf(1 - (1 - COVERAGE["998"]) / 2))  # 3.090232


@dataclass(frozen=True)
class Limits:
    """The four limits of every point, on the value's own scale."""

    ll95: FloatArray
    ul95: FloatArray
    ll998: FloatArray
    ul998: FloatArray

    def where(self, mask: BoolArray, other: Limits) -> Limits:
        """These limits, with `other`'s where `mask` is True."""
        return Limits(
            np.where(mask, other.ll95, self.ll95),
            np.where(mask, other.ul95, self.ul95),
            np.where(mask, other.ll998, self.ll998),
            np.where(mask, other.ul998, self.ul998),
        )


def to_scale(scale: Scale, value: FloatArray) -> FloatArray:
    """A proportion or ratio on the z-score scale."""
    if scale is Scale.ARCSINE:
        return np.arcsin(np.sqrt(np.clip(value, 0.0, 1.0)))
    if scale is Scale.SQRT:
        return np.sqrt(value)
    if scale is Scale.LOG:
        return np.log(value)
    return value


def from_scale(scale: Scale, y: FloatArray) -> FloatArray:
    """The inverse of `to_scale`, clipped to the values a proportion or ratio can take."""
    if scale is Scale.ARCSINE:
        return np.sin(np.clip(y, 0.0, np.pi / 2)) ** 2
    if scale is Scale.SQRT:
        return np.maximum(y, 0.0) ** 2
    if scale is Scale.LOG:
        return np.exp(y)
    return np.clip(y, 0.0, 1.0)


def standard_error(scale: Scale, denominator: FloatArray, target: FloatArray) -> FloatArray:
    """The within-group standard error on the z-score scale, under the target."""
    if scale in (Scale.ARCSINE, Scale.SQRT):
        return 0.5 / np.sqrt(denominator)
    if scale is Scale.LOG:
        return 1.0 / np.sqrt(target * denominator)
    return np.sqrt(target * (1.0 - target) / denominator)


def binomial_limit(n: FloatArray, target: FloatArray, probability: float) -> FloatArray:
    """The interpolated `probability` quantile of Binomial(n, target) / n (n whole)."""
    r = stats.binom.ppf(probability, n, target)
    at_r = stats.binom.cdf(r, n, target)
    below_r = stats.binom.cdf(r - 1, n, target)
    step = at_r - below_r
    alpha = np.divide(at_r - probability, step, out=np.zeros_like(step), where=step > 0)
    return np.asarray(np.clip((r - alpha) / n, 0.0, 1.0), dtype=np.float64)


def exact_limits(kind: Kind, denominator: FloatArray, target: FloatArray) -> Limits:
    """Limits without overdispersion: binomial (proportions) or Poisson (ratios)."""
    tails = {key: (1 - coverage) / 2 for key, coverage in COVERAGE.items()}
    if kind is Kind.PROPORTION:
        n = np.round(denominator)
        return Limits(
            binomial_limit(n, target, tails["95"]),
            binomial_limit(n, target, 1 - tails["95"]),
            binomial_limit(n, target, tails["998"]),
            binomial_limit(n, target, 1 - tails["998"]),
        )
    events = target * denominator
    twice = 2 * denominator

    def lower(tail: float) -> FloatArray:
        return np.asarray(stats.chi2.ppf(tail, 2 * events) / twice, dtype=np.float64)

    def upper(tail: float) -> FloatArray:
        return np.asarray(stats.chi2.ppf(1 - tail, 2 * (events + 1)) / twice, dtype=np.float64)

    return Limits(lower(tails["95"]), upper(tails["95"]), lower(tails["998"]), upper(tails["998"]))


def normal_limits(scale: Scale, target: FloatArray, sd: FloatArray) -> Limits:
    """target ± z * sd on `scale`, transformed back to the value's scale."""
    centre = to_scale(scale, target)
    return Limits(
        from_scale(scale, centre - Z95 * sd),
        from_scale(scale, centre + Z95 * sd),
        from_scale(scale, centre - Z998 * sd),
        from_scale(scale, centre + Z998 * sd),
    )
