"""Sampling shared by the simulations: Poisson arrivals, stays, routing, and bed-interval
arithmetic (occupancy at audit times, time-averaged occupancy)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from openbook.capacity.model.scenario import Lognormal

Floats = NDArray[np.float64]


def poisson_arrivals(rng: np.random.Generator, mean_gap: float, until: float) -> Floats:
    """Arrival times on [0, until) of a Poisson stream with the given mean gap."""
    if mean_gap <= 0 or until <= 0:
        return np.empty(0)
    expected = until / mean_gap
    size = int(expected + 6 * np.sqrt(expected) + 20)
    times = np.cumsum(rng.exponential(mean_gap, size))
    while times[-1] < until:  # rare: top up
        more = times[-1] + np.cumsum(rng.exponential(mean_gap, size))
        times = np.concatenate([times, more])
    return times[times < until]


def lognormal_stays(rng: np.random.Generator, stay: Lognormal, size: int) -> Floats:
    mu, sigma = stay.mu_sigma
    return rng.lognormal(mu, sigma, size)


def stays(rng: np.random.Generator, mean: float, sd: float | None, size: int) -> Floats:
    """Exponential stays when `sd` is None, else lognormal with that mean and deviation."""
    if sd is None:
        return rng.exponential(mean, size)
    return lognormal_stays(rng, Lognormal(mean, sd), size)


def occupancy_at(starts: Floats, ends: Floats, times: Floats) -> NDArray[np.int64]:
    """How many intervals [start, end) contain each audit time."""
    began = np.searchsorted(np.sort(starts), times, side="right")
    left = np.searchsorted(np.sort(ends), times, side="right")
    return np.asarray(began - left, dtype=np.int64)


def audit_times(warm_up: float, until: float, interval: float) -> Floats:
    return np.arange(warm_up, until, interval, dtype=np.float64)


def occupancy_distribution(counts: NDArray[np.int64], size: int | None = None) -> Floats:
    """Share of audits finding 0, 1, 2, ... patients."""
    if counts.size == 0:
        return np.zeros(size or 1)
    tally = np.bincount(counts, minlength=size or 0).astype(np.float64)
    return tally / counts.size


def mean_busy(starts: Floats, ends: Floats, warm_up: float, until: float) -> float:
    """Time-averaged number of occupied beds over [warm_up, until)."""
    overlap = np.clip(np.minimum(ends, until) - np.maximum(starts, warm_up), 0.0, None)
    return float(overlap.sum() / (until - warm_up))
