"""Scenario dataclasses: what a bed model is asked. Pure values; checked by `file.py` and the
use cases, sampled by `simulation/`."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np

from openbook.capacity.model.queueing import Method

PATIENT_TYPES = ("stroke", "tia", "neuro", "other")
REHAB_ARRIVAL_TYPES = ("stroke", "neuro", "other")
ACUTE_DESTINATIONS = ("rehab", "esd", "other")
REHAB_DESTINATIONS = ("esd", "other")
# A stroke patient's acute stay depends on where they go next (Monks et al. 2016, Table 1):
# on to rehabilitation = "no ESD" stay; early supported discharge = "ESD"; elsewhere (home,
# another hospital, or died) = the "mortality" stay.
STROKE_ACUTE_STAY = {"rehab": "stroke_noesd", "esd": "stroke_esd", "other": "stroke_mortality"}
STROKE_REHAB_STAY = {"esd": "stroke_esd", "other": "stroke_noesd"}


@dataclass(frozen=True)
class Lognormal:
    """A length of stay in days given by its own mean and standard deviation."""

    mean: float
    stdev: float

    @property
    def mu_sigma(self) -> tuple[float, float]:
        sigma2 = float(np.log1p((self.stdev / self.mean) ** 2))
        return float(np.log(self.mean)) - sigma2 / 2, float(np.sqrt(sigma2))

    def scaled(self, factor: float) -> Lognormal:
        return Lognormal(self.mean * factor, self.stdev * factor)


@dataclass(frozen=True)
class Routing:
    """Where patients go on leaving a unit, with probabilities summing to 1."""

    destinations: tuple[str, ...]
    probabilities: tuple[float, ...]

    def share(self, destination: str) -> float:
        if destination not in self.destinations:
            return 0.0
        return self.probabilities[self.destinations.index(destination)]


@dataclass(frozen=True)
class StrokeParameters:
    """The two-unit pathway of Monks et al. (2016): acute stroke unit, then rehabilitation.

    Inter-arrival means are in days (exponential) by patient type; stays are lognormal by
    unit, type and (for stroke) pathway; routing is by type."""

    acute_interarrival: dict[str, float]
    rehab_interarrival: dict[str, float]
    acute_stay: dict[str, Lognormal]
    rehab_stay: dict[str, Lognormal]
    acute_routing: dict[str, Routing]
    rehab_routing: dict[str, Routing]
    source: str = ""

    def acute_stay_for(self, patient_type: str, destination: str) -> Lognormal:
        key = STROKE_ACUTE_STAY[destination] if patient_type == "stroke" else patient_type
        return self.acute_stay[key]

    def rehab_stay_for(self, patient_type: str, destination: str) -> Lognormal:
        key = STROKE_REHAB_STAY[destination] if patient_type == "stroke" else patient_type
        return self.rehab_stay[key]

    def acute_offered_load(self) -> float:
        """Arrivals a day × mean stay, summed over patient types (beds, in erlangs)."""
        total = 0.0
        for kind, mean_gap in self.acute_interarrival.items():
            routing = self.acute_routing[kind]
            stay = sum(
                routing.share(d) * self.acute_stay_for(kind, d).mean for d in ACUTE_DESTINATIONS
            )
            total += stay / mean_gap
        return total

    def rehab_offered_load(self) -> float:
        total = 0.0
        for kind in PATIENT_TYPES:
            rate = self.acute_routing[kind].share("rehab") / self.acute_interarrival[kind]
            if kind in self.rehab_interarrival:
                rate += 1.0 / self.rehab_interarrival[kind]
            routing = self.rehab_routing[kind]
            stay = sum(
                routing.share(d) * self.rehab_stay_for(kind, d).mean for d in REHAB_DESTINATIONS
            )
            total += rate * stay
        return total

    def scaled(self, admissions: float = 1.0, stay: float = 1.0) -> StrokeParameters:
        """More admissions (gaps divided by `admissions`) and longer stays (× `stay`)."""
        return replace(
            self,
            acute_interarrival={k: v / admissions for k, v in self.acute_interarrival.items()},
            rehab_interarrival={k: v / admissions for k, v in self.rehab_interarrival.items()},
            acute_stay={k: v.scaled(stay) for k, v in self.acute_stay.items()},
            rehab_stay={k: v.scaled(stay) for k, v in self.rehab_stay.items()},
        )


class WhenFull(StrEnum):
    """What happens to an arrival that finds every bed taken."""

    WAIT = "wait"  # queues for the next free bed (a delay: compare Erlang C)
    TURN_AWAY = "turn-away"  # is placed elsewhere, e.g. an outlier ward (compare Erlang B)


class PathwayMethod(StrEnum):
    """How the stroke pathway's probability of delay is simulated."""

    OCCUPANCY = "occupancy"  # the published method: unlimited beds, delay read off occupancy
    QUEUE = "queue"  # finite beds: patients wait, and a full rehab unit blocks acute beds


@dataclass(frozen=True)
class Horizon:
    """How long each replication runs, in days, and how many there are."""

    warm_up_days: float
    run_days: float
    replications: int
    seed: int = 2016
    audit_interval_days: float = 1.0


@dataclass(frozen=True)
class BedsRequest:
    """One unit: Poisson arrivals a day, a mean stay in days, the bed counts to try."""

    arrivals_per_day: float
    mean_stay_days: float
    beds: tuple[int, ...]
    method: Method = Method.ERLANG_C
    stay_sd_days: float | None = None  # None: exponential stays
    when_full: WhenFull = WhenFull.WAIT
    horizon: Horizon = field(default_factory=lambda: Horizon(60.0, 365.0, 10))

    @property
    def offered_load(self) -> float:
        return self.arrivals_per_day * self.mean_stay_days


@dataclass(frozen=True)
class StrokePathwayRequest:
    parameters: StrokeParameters
    acute_beds: tuple[int, ...]
    rehab_beds: tuple[int, ...]
    method: PathwayMethod = PathwayMethod.OCCUPANCY
    horizon: Horizon = field(default_factory=lambda: Horizon(3 * 365.0, 5 * 365.0, 30))
    admissions_multiplier: float = 1.0
    stay_multiplier: float = 1.0
