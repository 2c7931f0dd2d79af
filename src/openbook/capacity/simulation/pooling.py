"""Beds at several sites, separate or pooled, simulated on the same patients.

Separate: a patient is delayed when their home site is full. Pooled: the beds stay where they
are, but a patient who finds home full is placed at the site with most free beds (away from
home) and is delayed only when every site is full; with `wait` they then take the first bed
to free anywhere. Departures are kept in a heap, so the path is exact without an event list.
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass

import numpy as np

from openbook.capacity.model.pooling import PoolingSite
from openbook.capacity.model.scenario import Horizon, WhenFull
from openbook.capacity.simulation.sampling import Floats, poisson_arrivals, stays


@dataclass(frozen=True)
class PoolingRequest:
    sites: tuple[PoolingSite, ...]
    separate_beds: tuple[int, ...]
    pooled_beds: tuple[int, ...]  # the pooled total, placed at the sites
    when_full: WhenFull
    horizon: Horizon


@dataclass(frozen=True)
class PoolingOutcome:
    separate_p_delay: tuple[float, ...]  # per site, then all sites
    pooled_p_delay: tuple[float, ...]
    pooled_share_away: tuple[float, ...]


@dataclass(frozen=True)
class _Patients:
    arrival: Floats
    site: np.ndarray
    stay: Floats


def _sample(request: PoolingRequest, seed: np.random.SeedSequence) -> _Patients:
    until = request.horizon.warm_up_days + request.horizon.run_days
    arrivals, sites, lengths = [], [], []
    for index, (site, stream) in enumerate(
        zip(request.sites, seed.spawn(len(request.sites)), strict=True)
    ):
        rng = np.random.default_rng(stream)
        times = poisson_arrivals(rng, 1.0 / site.arrivals_per_day, until)
        arrivals.append(times)
        sites.append(np.full(times.size, index))
        lengths.append(stays(rng, site.mean_stay_days, site.stay_sd_days, times.size))
    order = np.argsort(np.concatenate(arrivals), kind="stable")
    return _Patients(
        np.concatenate(arrivals)[order],
        np.concatenate(sites)[order],
        np.concatenate(lengths)[order],
    )


class _Beds:
    """Free beds per site, departures in a heap, and (when patients wait) a queue."""

    def __init__(self, beds: tuple[int, ...], when_full: WhenFull, pooled: bool) -> None:
        self.free = list(beds)
        self.departures: list[tuple[float, int]] = []
        self.waiting: dict[int | None, deque[tuple[int, float, bool]]] = {}
        self.when_full = when_full
        self.pooled = pooled
        self.away = np.zeros(len(beds))

    def _queue(self, site: int) -> deque[tuple[int, float, bool]]:
        return self.waiting.setdefault(None if self.pooled else site, deque())

    def release_until(self, time: float) -> None:
        while self.departures and self.departures[0][0] <= time:
            freed_at, site = heapq.heappop(self.departures)
            queue = self._queue(site)
            if queue:
                home, stay, counted = queue.popleft()
                self._admit(site, home, freed_at, stay, counted)
            else:
                self.free[site] += 1

    def _admit(self, site: int, home: int, time: float, stay: float, counted: bool) -> None:
        heapq.heappush(self.departures, (time + stay, site))
        if counted and site != home:
            self.away[home] += 1

    def arrive(self, home: int, time: float, stay: float, counted: bool) -> bool:
        """Admit or queue the patient; True when they are delayed."""
        if self.free[home] > 0:
            self.free[home] -= 1
            self._admit(home, home, time, stay, counted)
            return False
        if self.pooled:
            site = int(np.argmax(self.free))
            if self.free[site] > 0:
                self.free[site] -= 1
                self._admit(site, home, time, stay, counted)
                return False
        if self.when_full is WhenFull.WAIT:
            self._queue(home).append((home, stay, counted))
        return True


def _run(
    patients: _Patients, beds: tuple[int, ...], pooled: bool, request: PoolingRequest
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    model = _Beds(beds, request.when_full, pooled)
    warm_up = request.horizon.warm_up_days
    sites = len(beds)
    arrived, delayed = np.zeros(sites), np.zeros(sites)
    for time, home, stay in zip(
        patients.arrival.tolist(), patients.site.tolist(), patients.stay.tolist(), strict=True
    ):
        model.release_until(time)
        counted = time >= warm_up
        late = model.arrive(home, time, stay, counted)
        if counted:
            arrived[home] += 1
            delayed[home] += late
    with np.errstate(invalid="ignore", divide="ignore"):
        p_delay = [*(delayed / arrived), delayed.sum() / arrived.sum()]
        away = [*(model.away / arrived), model.away.sum() / arrived.sum()]
    return tuple(float(p) for p in p_delay), tuple(float(a) for a in away)


def simulate_pooling(request: PoolingRequest, seed: np.random.SeedSequence) -> PoolingOutcome:
    patients = _sample(request, seed)
    separate, _ = _run(patients, request.separate_beds, False, request)
    pooled, away = _run(patients, request.pooled_beds, True, request)
    return PoolingOutcome(separate, pooled, away)
