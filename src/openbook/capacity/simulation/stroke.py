"""The two-unit stroke pathway of Monks et al. (2016), simulated.

Patients are sampled first, all at once (arrival time, type, where they go next, stays), from
streams of their own per unit and type; then each scenario replays the same patients:

- `occupancy` (the published method): beds are unlimited, the units are audited once a day,
  and the probability of delay with c beds is read off each unit's occupancy distribution as
  p(c)/P(N ≤ c). With nothing to wait for, no event list is needed: occupancy at each audit is
  the number of stays that have begun less the number that have ended (NumPy, vectorised).
- `queue` (finite beds, SimPy): acute patients wait for a bed; a patient bound for
  rehabilitation keeps the acute bed until a rehabilitation bed is free (blocking); direct
  rehabilitation admissions wait too. Delayed = had to wait at all.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy

from openbook.capacity.model.scenario import (
    PATIENT_TYPES,
    REHAB_ARRIVAL_TYPES,
    REHAB_DESTINATIONS,
    Horizon,
    StrokeParameters,
    StrokePathwayRequest,
)
from openbook.capacity.simulation.sampling import (
    Floats,
    audit_times,
    lognormal_stays,
    mean_busy,
    occupancy_at,
    occupancy_distribution,
    poisson_arrivals,
)

NONE = -1.0  # no rehabilitation stay


@dataclass(frozen=True)
class Patients:
    """Every admission of one replication, in arrival order per unit."""

    acute_arrival: Floats
    acute_stay: Floats
    acute_rehab_stay: Floats  # the rehabilitation stay that follows, or NONE
    rehab_arrival: Floats  # direct admissions to rehabilitation
    rehab_stay: Floats


def _choose(rng: np.random.Generator, probabilities: tuple[float, ...], size: int) -> Any:
    """Index of each draw's destination (inverse CDF; much cheaper than `rng.choice`)."""
    cumulative = np.cumsum(probabilities)
    return np.minimum(
        np.searchsorted(cumulative, rng.random(size), side="right"), len(probabilities) - 1
    )


def _rehab_stays(
    params: StrokeParameters, kind: str, rng: np.random.Generator, size: int
) -> Floats:
    routing = params.rehab_routing[kind]
    where = _choose(rng, routing.probabilities, size)
    result = np.empty(size)
    for index, destination in enumerate(routing.destinations):
        chosen = where == index
        stay = params.rehab_stay_for(
            kind, destination if destination in REHAB_DESTINATIONS else "other"
        )
        result[chosen] = lognormal_stays(rng, stay, int(chosen.sum()))
    return result


def sample_patients(
    params: StrokeParameters, until: float, seed: np.random.SeedSequence
) -> Patients:
    """Patients on [0, until): one independent stream per unit × patient type."""
    streams = iter(np.random.default_rng(s) for s in seed.spawn(2 * len(PATIENT_TYPES)))
    arrival, stay, onward = [], [], []
    for kind in PATIENT_TYPES:
        rng = next(streams)
        times = poisson_arrivals(rng, params.acute_interarrival[kind], until)
        routing = params.acute_routing[kind]
        where = _choose(rng, routing.probabilities, times.size)
        acute = np.empty(times.size)
        for index, destination in enumerate(routing.destinations):
            chosen = where == index
            acute[chosen] = lognormal_stays(
                rng, params.acute_stay_for(kind, destination), int(chosen.sum())
            )
        rehab = np.full(times.size, NONE)
        to_rehab = where == routing.destinations.index("rehab")
        rehab[to_rehab] = _rehab_stays(params, kind, rng, int(to_rehab.sum()))
        arrival.append(times)
        stay.append(acute)
        onward.append(rehab)
    direct_arrival, direct_stay = [], []
    for kind in PATIENT_TYPES:
        rng = next(streams)
        if kind not in REHAB_ARRIVAL_TYPES or kind not in params.rehab_interarrival:
            continue
        times = poisson_arrivals(rng, params.rehab_interarrival[kind], until)
        direct_arrival.append(times)
        direct_stay.append(_rehab_stays(params, kind, rng, times.size))
    order = np.argsort(np.concatenate(arrival), kind="stable")
    direct_order = np.argsort(np.concatenate(direct_arrival), kind="stable")
    return Patients(
        np.concatenate(arrival)[order],
        np.concatenate(stay)[order],
        np.concatenate(onward)[order],
        np.concatenate(direct_arrival)[direct_order],
        np.concatenate(direct_stay)[direct_order],
    )


@dataclass(frozen=True)
class PathwayOutcome:
    """One replication: each unit's occupancy distribution at the daily audits and, for
    the queue method, each scenario's share delayed and mean share of beds occupied."""

    acute_distribution: tuple[float, ...]
    rehab_distribution: tuple[float, ...]
    acute_p_delay: tuple[float, ...] = ()
    acute_occupancy: tuple[float, ...] = ()
    rehab_p_delay: tuple[float, ...] = ()
    rehab_occupancy: tuple[float, ...] = ()


def _unlimited_intervals(patients: Patients) -> tuple[Floats, Floats, Floats, Floats]:
    acute_end = patients.acute_arrival + patients.acute_stay
    onward = patients.acute_rehab_stay >= 0
    rehab_start = np.concatenate([acute_end[onward], patients.rehab_arrival])
    rehab_end = rehab_start + np.concatenate(
        [patients.acute_rehab_stay[onward], patients.rehab_stay]
    )
    return patients.acute_arrival, acute_end, rehab_start, rehab_end


def simulate_occupancy_of(
    patients: Patients, warm_up: float, until: float, horizon: Horizon
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Each unit's occupancy distribution at the audits, beds unlimited."""
    acute_start, acute_end, rehab_start, rehab_end = _unlimited_intervals(patients)
    times = audit_times(warm_up, until, horizon.audit_interval_days)
    acute = occupancy_distribution(occupancy_at(acute_start, acute_end, times))
    rehab = occupancy_distribution(occupancy_at(rehab_start, rehab_end, times))
    return tuple(acute.tolist()), tuple(rehab.tolist())


def simulate_occupancy(
    request: StrokePathwayRequest, seed: np.random.SeedSequence
) -> PathwayOutcome:
    """One replication of the published method: unlimited beds, audited every day."""
    horizon = request.horizon
    until = horizon.warm_up_days + horizon.run_days
    params = request.parameters.scaled(request.admissions_multiplier, request.stay_multiplier)
    patients = sample_patients(params, until, seed)
    return PathwayOutcome(*simulate_occupancy_of(patients, horizon.warm_up_days, until, horizon))


@dataclass
class _Unit:
    """A SimPy resource and the bed holdings on it: who asked when, who got a bed when."""

    resource: simpy.Resource
    warm_up: float
    asked: int = 0
    delayed: int = 0

    def __post_init__(self) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []

    def admit(self, asked_at: float, now: float) -> int:
        if asked_at >= self.warm_up:
            self.asked += 1
            self.delayed += now > asked_at
        self.starts.append(now)
        self.ends.append(np.inf)
        return len(self.starts) - 1

    def discharge(self, holding: int, now: float) -> None:
        self.ends[holding] = now

    def summary(self, until: float) -> tuple[float, float]:
        """(share of requests delayed, mean share of beds occupied) after warm-up."""
        starts, ends = np.asarray(self.starts), np.minimum(np.asarray(self.ends), until)
        busy = mean_busy(starts, ends, self.warm_up, until) if starts.size else 0.0
        delayed = self.delayed / self.asked if self.asked else float("nan")
        return delayed, busy / self.resource.capacity


class _Pathway:
    """The finite-bed pathway as SimPy processes."""

    def __init__(self, acute_beds: int, rehab_beds: int, warm_up: float) -> None:
        self.env = simpy.Environment()
        self.acute = _Unit(simpy.Resource(self.env, capacity=acute_beds), warm_up)
        self.rehab = _Unit(simpy.Resource(self.env, capacity=rehab_beds), warm_up)

    def acute_patient(self, stay: float, rehab_stay: float) -> Generator[Any, Any, None]:
        asked = self.env.now
        bed = self.acute.resource.request()
        yield bed
        holding = self.acute.admit(asked, self.env.now)
        yield self.env.timeout(stay)
        if rehab_stay >= 0:
            ready = self.env.now
            rehab_bed = self.rehab.resource.request()
            yield rehab_bed  # blocking: the acute bed is kept until rehabilitation takes them
            self.acute.resource.release(bed)
            self.acute.discharge(holding, self.env.now)
            yield from self._rehab_stay(rehab_bed, ready, rehab_stay)
        else:
            self.acute.resource.release(bed)
            self.acute.discharge(holding, self.env.now)

    def direct_patient(self, stay: float) -> Generator[Any, Any, None]:
        asked = self.env.now
        bed = self.rehab.resource.request()
        yield bed
        yield from self._rehab_stay(bed, asked, stay)

    def _rehab_stay(self, bed: Any, asked: float, stay: float) -> Generator[Any, Any, None]:
        holding = self.rehab.admit(asked, self.env.now)
        yield self.env.timeout(stay)
        self.rehab.resource.release(bed)
        self.rehab.discharge(holding, self.env.now)

    def arrivals(self, times: Floats, starter: Any, *columns: Floats) -> Generator[Any, Any, None]:
        now = 0.0
        for row in zip(times.tolist(), *(c.tolist() for c in columns), strict=True):
            yield self.env.timeout(row[0] - now)
            now = row[0]
            self.env.process(starter(*row[1:]))


def run_queue_scenario(
    patients: Patients, acute_beds: int, rehab_beds: int, warm_up: float, until: float
) -> tuple[float, float, float, float]:
    """(acute share delayed, acute occupancy, rehab share delayed, rehab occupancy)."""
    model = _Pathway(acute_beds, rehab_beds, warm_up)
    columns = (patients.acute_stay, patients.acute_rehab_stay)
    model.env.process(model.arrivals(patients.acute_arrival, model.acute_patient, *columns))
    model.env.process(
        model.arrivals(patients.rehab_arrival, model.direct_patient, patients.rehab_stay)
    )
    model.env.run(until=until)
    return (*model.acute.summary(until), *model.rehab.summary(until))


def queue_scenarios(request: StrokePathwayRequest) -> list[tuple[int, int]]:
    """(acute beds, rehab beds) to run: each unit's range with the other unit at the top of
    its range (where it constrains least), without repeats."""
    top_acute, top_rehab = max(request.acute_beds), max(request.rehab_beds)
    pairs = [(a, top_rehab) for a in request.acute_beds]
    pairs += [(top_acute, r) for r in request.rehab_beds]
    return list(dict.fromkeys(pairs))


def simulate_queue(request: StrokePathwayRequest, seed: np.random.SeedSequence) -> PathwayOutcome:
    """One replication of every finite-bed scenario, all on the same patients."""
    horizon = request.horizon
    until = horizon.warm_up_days + horizon.run_days
    params = request.parameters.scaled(request.admissions_multiplier, request.stay_multiplier)
    patients = sample_patients(params, until, seed)
    results = {
        pair: run_queue_scenario(patients, *pair, horizon.warm_up_days, until)
        for pair in queue_scenarios(request)
    }
    top_acute, top_rehab = max(request.acute_beds), max(request.rehab_beds)
    acute = [results[(a, top_rehab)] for a in request.acute_beds]
    rehab = [results[(top_acute, r)] for r in request.rehab_beds]
    unlimited = simulate_occupancy_of(patients, horizon.warm_up_days, until, horizon)
    return PathwayOutcome(
        *unlimited,
        acute_p_delay=tuple(r[0] for r in acute),
        acute_occupancy=tuple(r[1] for r in acute),
        rehab_p_delay=tuple(r[2] for r in rehab),
        rehab_occupancy=tuple(r[3] for r in rehab),
    )
