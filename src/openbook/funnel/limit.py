"""Funnel control limits, vectorised: every argument is an array of one value per point.

Exact limits (no overdispersion), as smooth curves: Poisson for ratios, from the chi-squared
form lower = chi2(a/2; 2tE) / 2E, upper = chi2(1 - a/2; 2(tE + 1)) / 2E (FunnelPlotR's); and
its binomial counterpart for proportions, lower = Beta(a/2; nt, n(1 - t) + 1),
upper = Beta(1 - a/2; nt + 1, n(1 - t)).

Overdispersed limits: target ± z * sd on a transformed scale, transformed back, where
sd = sqrt(s² + tau²) (additive) or sqrt(phi) * s (multiplicative).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special, stats

from openbook.funnel.method import COVERAGE, Kind, Scale

FloatArray = npt.NDArray[np.float64]

Z95 = float(stats.norm.ppf(1 - (1 - COVERAGE["95"]) / 2))  # 1.959964
Z998 = float(stats.norm.ppf(1 - (1 - COVERAGE["998"]) / 2))  # 3.090232


@dataclass(frozen=True)
class Limits:
    """The four limits of every point, on the value's own scale."""

    ll95: FloatArray
    ul95: FloatArray
    ll998: FloatArray
    ul998: FloatArray


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
        with np.errstate(over="ignore"):  # a limit too wide to hold is infinite
            return np.exp(y)
    return np.clip(y, 0.0, 1.0)


def standard_error(scale: Scale, denominator: FloatArray, target: FloatArray) -> FloatArray:
    """The within-group standard error on the z-score scale, under the target."""
    if scale in (Scale.ARCSINE, Scale.SQRT):
        return 0.5 / np.sqrt(denominator)
    if scale is Scale.LOG:
        return 1.0 / np.sqrt(target * denominator)
    return np.sqrt(target * (1.0 - target) / denominator)


def binomial_limits(
    n: FloatArray, target: FloatArray, tail: float
) -> tuple[FloatArray, FloatArray]:
    """The lower and upper `tail` limits of Binomial(n, target) / n in continuous form:
    Beta(nt, n(1 - t) + 1) and Beta(nt + 1, n(1 - t)) quantiles, as the chi-squared Poisson
    limits are Gamma(tE) and Gamma(tE + 1) quantiles (they are their limit as n grows; for
    whole counts r, P(Binomial(n, p) >= r) = P(Beta(r, n - r + 1) <= p))."""
    events = n * target
    misses = n * (1 - target)
    lower = special.betaincinv(events, misses + 1, tail)
    upper = special.betaincinv(events + 1, misses, 1 - tail)
    return np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64)


def exact_limits(kind: Kind, denominator: FloatArray, target: FloatArray) -> Limits:
    """Limits without overdispersion: binomial (proportions) or Poisson (ratios)."""
    tails = {key: (1 - coverage) / 2 for key, coverage in COVERAGE.items()}
    if kind is Kind.PROPORTION:
        ll95, ul95 = binomial_limits(denominator, target, tails["95"])
        ll998, ul998 = binomial_limits(denominator, target, tails["998"])
        return Limits(ll95, ul95, ll998, ul998)
    events = target * denominator  # chi2(q; 2k) / 2 is the Gamma(k) quantile q

    def lower(tail: float) -> FloatArray:
        return np.asarray(special.gammaincinv(events, tail) / denominator, dtype=np.float64)

    def upper(tail: float) -> FloatArray:
        return np.asarray(special.gammaincinv(events + 1, 1 - tail) / denominator, dtype=np.float64)

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
