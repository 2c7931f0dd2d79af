"""Overdispersion, estimated for many charts at once (Spiegelhalter 2005, "Handling
over-dispersion of performance indicators", Qual Saf Health Care 14:347-51).

`chart` gives each point its chart number (0..charts-1); every function works on all charts
in one pass, so the cost depends on the number of points, not of charts.

- the z-scores of a chart are winsorised (values beyond its `fraction` and `1 - fraction`
  quantiles, R's type 7, are set to them) or truncated (the SHMI method: points ranked in
  the outer `fraction` of the chart are left out);
- phi = the mean square of the remaining z-scores;
- tau² = (I phi - (I - 1)) / (sum w - sum w² / sum w), w = 1/s², at least 0 (DerSimonian and
  Laird's moment estimator, over the points that remain).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from openbook.funnel.method import Trim

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Dispersion:
    """Per chart: the points kept, phi and tau² (before any decision to adjust)."""

    kept: IntArray
    phi: FloatArray
    tau2: FloatArray


@dataclass(frozen=True)
class _Sorted:
    """The points ordered by (chart, z), with each chart's start and size."""

    order: IntArray
    chart: IntArray
    z: FloatArray
    start: IntArray
    size: IntArray


def _sorted(chart: IntArray, z: FloatArray, charts: int) -> _Sorted:
    order = np.lexsort((z, chart))
    size = np.bincount(chart, minlength=charts).astype(np.int64)
    start = np.concatenate(([0], np.cumsum(size)[:-1])).astype(np.int64)
    return _Sorted(order, chart[order], z[order], start, size)


def chart_quantile(chart: IntArray, z: FloatArray, charts: int, probability: float) -> FloatArray:
    """The `probability` quantile of each chart's z-scores (R's default, type 7)."""
    ordered = _sorted(chart, z, charts)
    return _quantile(ordered, probability)


def _quantile(ordered: _Sorted, probability: float) -> FloatArray:
    size = np.maximum(ordered.size, 1)
    h = (size - 1) * probability
    low = np.floor(h).astype(np.int64)
    high = np.minimum(low + 1, size - 1)
    if ordered.z.size == 0:
        return np.full(size.shape, np.nan)
    z_low = ordered.z[np.minimum(ordered.start + low, ordered.z.size - 1)]
    z_high = ordered.z[np.minimum(ordered.start + high, ordered.z.size - 1)]
    value = z_low + (h - low) * (z_high - z_low)
    return np.where(ordered.size > 0, value, np.nan)


def winsorise(chart: IntArray, z: FloatArray, charts: int, fraction: float) -> FloatArray:
    """Each chart's z-scores pulled in to its `fraction` and `1 - fraction` quantiles."""
    ordered = _sorted(chart, z, charts)
    lower = _quantile(ordered, fraction)
    upper = _quantile(ordered, 1 - fraction)
    return np.clip(z, lower[chart], upper[chart])


def _average_rank(ordered: _Sorted) -> FloatArray:
    """1-based rank of each sorted point inside its chart, ties given their average rank."""
    count = ordered.z.size
    new_run = np.ones(count, dtype=bool)
    new_run[1:] = (ordered.chart[1:] != ordered.chart[:-1]) | (ordered.z[1:] != ordered.z[:-1])
    first = np.flatnonzero(new_run)  # runs never cross charts: a new chart starts a run
    last = np.append(first[1:] - 1, count - 1)
    run = np.cumsum(new_run) - 1
    middle = (first[run] + last[run]) / 2
    return np.asarray(middle - ordered.start[ordered.chart] + 1, dtype=np.float64)


def truncation_mask(chart: IntArray, z: FloatArray, charts: int, fraction: float) -> BoolArray:
    """True for the points the SHMI method keeps: with k = 1/fraction and a point's rank r
    among its chart's n, floor(r k / (n + 1)) must be above 0 and below k - 1."""
    ordered = _sorted(chart, z, charts)
    k = 1.0 / fraction
    band = np.floor(_average_rank(ordered) * k / (ordered.size[ordered.chart] + 1))
    keep_sorted = (band > 0) & (band < k - 1)
    keep = np.empty(z.size, dtype=bool)
    keep[ordered.order] = keep_sorted
    return keep


def calculate_dispersion(
    chart: IntArray,
    z: FloatArray,
    s: FloatArray,
    charts: int,
    trim: Trim,
    fraction: float,
) -> Dispersion:
    """phi and tau² of every chart from its z-scores and standard errors."""
    if trim is Trim.TRUNCATE and fraction > 0:
        keep = truncation_mask(chart, z, charts, fraction)
        trimmed = z
    else:
        keep = np.ones(z.size, dtype=bool)
        trimmed = winsorise(chart, z, charts, fraction) if fraction > 0 else z
    kept = np.bincount(chart, weights=keep, minlength=charts).astype(np.int64)
    squares = np.bincount(chart, weights=np.where(keep, trimmed**2, 0.0), minlength=charts)
    phi = np.divide(squares, kept, out=np.zeros(charts), where=kept > 0)
    weight = np.where(keep, 1.0 / s**2, 0.0)
    total = np.bincount(chart, weights=weight, minlength=charts)
    total_sq = np.bincount(chart, weights=weight**2, minlength=charts)
    spread = total - np.divide(total_sq, total, out=np.zeros(charts), where=total > 0)
    excess = kept * phi - (kept - 1)
    tau2 = np.divide(excess, spread, out=np.zeros(charts), where=spread > 0)
    return Dispersion(kept, phi, np.maximum(tau2, 0.0))
