"""One unit of beds, simulated: Poisson arrivals, exponential or lognormal stays, c beds.

A first-come-first-served unit needs no event list: each patient takes the bed that frees
first, at max(arrival, that time) when patients wait, or is placed elsewhere when none is free
at arrival (turn-away). A heap of bed-free times gives the exact sample path. Every bed count
replays the same patients (common random numbers)."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from openbook.capacity.model.scenario import BedsRequest, WhenFull
from openbook.capacity.simulation.sampling import Floats, mean_busy, poisson_arrivals, stays


@dataclass(frozen=True)
class UnitOutcome:
    """One replication: per bed count, share of arrivals delayed and share of beds occupied."""

    p_delay: tuple[float, ...]
    occupancy: tuple[float, ...]


def _run_beds(
    arrivals: Floats, stay: Floats, beds: int, when_full: WhenFull, warm_up: float, until: float
) -> tuple[float, float]:
    free_at = [0.0] * beds
    starts = np.full(arrivals.size, np.nan)
    delayed = 0
    counted = 0
    for i, (arrival, length) in enumerate(zip(arrivals.tolist(), stay.tolist(), strict=True)):
        first_free = free_at[0]
        full = first_free > arrival
        if arrival >= warm_up:
            counted += 1
            delayed += full
        if full and when_full is WhenFull.TURN_AWAY:
            continue
        start = max(arrival, first_free)
        heapq.heapreplace(free_at, start + length)
        starts[i] = start
    admitted = ~np.isnan(starts)
    busy = mean_busy(starts[admitted], starts[admitted] + stay[admitted], warm_up, until)
    return (delayed / counted if counted else float("nan")), busy / beds


def simulate_unit(request: BedsRequest, seed: np.random.SeedSequence) -> UnitOutcome:
    """One replication of every bed count in the request."""
    horizon = request.horizon
    until = horizon.warm_up_days + horizon.run_days
    arrival_rng, stay_rng = (np.random.default_rng(s) for s in seed.spawn(2))
    arrivals = poisson_arrivals(arrival_rng, 1.0 / request.arrivals_per_day, until)
    lengths = stays(stay_rng, request.mean_stay_days, request.stay_sd_days, arrivals.size)
    results = [
        _run_beds(arrivals, lengths, beds, request.when_full, horizon.warm_up_days, until)
        for beds in request.beds
    ]
    return UnitOutcome(tuple(r[0] for r in results), tuple(r[1] for r in results))
