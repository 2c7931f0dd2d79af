"""Summaries across replications: means with Student t confidence intervals, and the
probability of delay read off an occupancy distribution (the published model's method)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Estimate:
    """A mean across replications and its 95% confidence interval (None with one value)."""

    mean: float
    ci_low: float | None
    ci_high: float | None
    replications: int

    def to_dict(self) -> dict[str, float | None]:
        return {
            "mean": _round(self.mean),
            "ci_low": _round(self.ci_low),
            "ci_high": _round(self.ci_high),
        }


def _round(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(float(value), digits)


# Student t, 97.5th centile, for 1..30 degrees of freedom (standard tables); beyond 30 the
# Cornish-Fisher expansion below is accurate to better than 1e-5.
T_975 = (
    12.706205,
    4.302653,
    3.182446,
    2.776445,
    2.570582,
    2.446912,
    2.364624,
    2.306004,
    2.262157,
    2.228139,
    2.200985,
    2.178813,
    2.160369,
    2.144787,
    2.131450,
    2.119905,
    2.109816,
    2.100922,
    2.093024,
    2.085963,
    2.079614,
    2.073873,
    2.068658,
    2.063899,
    2.059539,
    2.055529,
    2.051831,
    2.048407,
    2.045230,
    2.042272,
)
Z_975 = 1.959963985


def t_quantile(degrees_of_freedom: int) -> float:
    """The two-sided 95% Student t multiplier (no SciPy: importing it takes seconds)."""
    if degrees_of_freedom < 1:
        raise ValueError("degrees of freedom must be 1 or more")
    if degrees_of_freedom <= len(T_975):
        return T_975[degrees_of_freedom - 1]
    z, n = Z_975, float(degrees_of_freedom)
    return (
        z
        + (z**3 + z) / (4 * n)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * n**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * n**3)
    )


def calculate_estimate(values: ArrayLike) -> Estimate:
    """Mean and t interval of per-replication values (NaNs, e.g. no arrivals, are dropped)."""
    data = np.asarray(values, dtype=np.float64)
    data = data[np.isfinite(data)]
    n = int(data.size)
    if n == 0:
        return Estimate(float("nan"), None, None, 0)
    mean = float(data.mean())
    if n < 2:
        return Estimate(mean, None, None, n)
    half = t_quantile(n - 1) * float(data.std(ddof=1)) / np.sqrt(n)
    return Estimate(mean, mean - half, mean + half, n)


def calculate_estimates(values: ArrayLike) -> list[Estimate]:
    """One estimate per column of a (replications × items) array."""
    table = np.asarray(values, dtype=np.float64)
    return [calculate_estimate(table[:, j]) for j in range(table.shape[1])]


def delay_from_occupancy(distribution: ArrayLike, beds: ArrayLike) -> NDArray[np.float64]:
    """p(c) / P(N ≤ c): the chance an admission is delayed with c beds, from the share of
    audits that found n patients in an unlimited unit (Monks et al. 2016). It is the loss
    formula applied to the unit's own occupancy: with Poisson arrivals, exactly Erlang B."""
    p = np.asarray(distribution, dtype=np.float64)
    c = np.asarray(beds, dtype=np.int64)
    cumulative = np.cumsum(p)
    at = np.minimum(c, p.size - 1)
    inside = c < p.size
    with np.errstate(divide="ignore", invalid="ignore"):
        delay = np.where(inside, p[at] / cumulative[at], 0.0)
    return np.where(np.isfinite(delay), delay, 1.0)


def occupancy_within(distribution: ArrayLike, beds: ArrayLike) -> NDArray[np.float64]:
    """Mean share of c beds occupied when the unit's occupancy is truncated at c beds."""
    p = np.asarray(distribution, dtype=np.float64)
    c = np.atleast_1d(np.asarray(beds, dtype=np.int64))
    n = np.arange(p.size)
    weighted = np.cumsum(n * p)
    cumulative = np.cumsum(p)
    at = np.minimum(c, p.size - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_busy = np.where(cumulative[at] > 0, weighted[at] / cumulative[at], c)
    return np.asarray(np.where(c > 0, mean_busy / c, 0.0), dtype=np.float64).reshape(np.shape(beds))
