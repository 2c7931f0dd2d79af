"""Use case: separate sites against one pooled service, for any resource with a delay target.

compare_pooling(scenario) → PoolingResult: beds each site needs on its own for the target,
beds the pooled service needs for the same target, and (with a horizon) the simulated
probability of delay both ways and the share of patients placed away from home.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from openbook.capacity.model.pooling import PoolingScenario
from openbook.capacity.model.queueing import Method, beds_needed, probability_of_delay
from openbook.capacity.model.result import rounded
from openbook.capacity.model.scenario import Horizon, WhenFull
from openbook.capacity.model.statistics import Estimate, calculate_estimates
from openbook.capacity.request import check_horizon, issue, raise_if
from openbook.capacity.simulation.pooling import PoolingRequest, simulate_pooling
from openbook.capacity.simulation.replication import Progress, run_replications
from openbook.kernel.error import DataIssue


@dataclass(frozen=True)
class PoolingSiteResult:
    site: str
    name: str
    offered_load: float
    separate_beds: int
    pooled_beds: int  # the pooled total placed here, in proportion to load
    separate_p_delay: float
    simulated_separate_p_delay: Estimate | None = None
    simulated_pooled_p_delay: Estimate | None = None
    simulated_share_away: Estimate | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "site": self.site,
            "name": self.name,
            "offered_load": rounded(self.offered_load),
            "separate_beds": self.separate_beds,
            "pooled_beds": self.pooled_beds,
            "separate_p_delay": rounded(self.separate_p_delay),
            "simulated_separate_p_delay": _estimate(self.simulated_separate_p_delay),
            "simulated_pooled_p_delay": _estimate(self.simulated_pooled_p_delay),
            "simulated_share_away": _estimate(self.simulated_share_away),
        }


def _estimate(value: Estimate | None) -> dict[str, float | None] | None:
    return None if value is None else value.to_dict()


@dataclass(frozen=True)
class PoolingResult:
    name: str
    resource: str
    method: str
    target_p_delay: float
    sites: tuple[PoolingSiteResult, ...]
    separate_beds: int
    pooled_beds: int
    separate_p_delay: float  # all patients, analytic
    pooled_p_delay: float
    replications: int = 0
    simulated_separate_p_delay: Estimate | None = None
    simulated_pooled_p_delay: Estimate | None = None
    simulated_share_away: Estimate | None = None

    @property
    def beds_saved(self) -> int:
        return self.separate_beds - self.pooled_beds

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "resource": self.resource,
            "method": self.method,
            "target_p_delay": self.target_p_delay,
            "separate_beds": self.separate_beds,
            "pooled_beds": self.pooled_beds,
            "beds_saved": self.beds_saved,
            "separate_p_delay": rounded(self.separate_p_delay),
            "pooled_p_delay": rounded(self.pooled_p_delay),
            "replications": self.replications,
            "simulated_separate_p_delay": _estimate(self.simulated_separate_p_delay),
            "simulated_pooled_p_delay": _estimate(self.simulated_pooled_p_delay),
            "simulated_share_away": _estimate(self.simulated_share_away),
            "sites": [site.to_dict() for site in self.sites],
        }


def allocate(total: int, loads: list[float]) -> tuple[int, ...]:
    """`total` beds placed in proportion to load (largest remainder), at least one each."""
    share = np.asarray(loads) / sum(loads) * total
    beds = np.maximum(np.floor(share).astype(int), 1)
    order = np.argsort(-(share - np.floor(share)), kind="stable")
    for index in order[: max(0, total - int(beds.sum()))]:
        beds[index] += 1
    return tuple(int(b) for b in beds)


def check_pooling(scenario: PoolingScenario, horizon: Horizon | None) -> list[DataIssue]:
    problems = [] if horizon is None else check_horizon(horizon)
    if not 0 < scenario.target_p_delay < 1:
        one_in = 1 / scenario.target_p_delay if scenario.target_p_delay > 0 else float("inf")
        problems.append(
            issue(
                "--target-one-in", f"is {one_in:g}; expected a number above 1, like 50 for 1 in 50"
            )
        )
    if scenario.method is Method.SIMULATION:
        problems.append(
            issue(
                "--method",
                "is simulation; expected erlang-b or erlang-c (add "
                "--replications to simulate as well)",
            )
        )
    return problems


def compare_pooling(
    scenario: PoolingScenario,
    horizon: Horizon | None = None,
    workers: int = 1,
    progress: Progress | None = None,
) -> PoolingResult:
    """Beds needed separately and pooled for the same target; simulated when `horizon`."""
    raise_if(check_pooling(scenario, horizon))
    method, target = scenario.method, scenario.target_p_delay
    loads = [site.offered_load for site in scenario.sites]
    separate = [int(b) for b in beds_needed(method, np.asarray(loads), target)]
    pooled_total = int(beds_needed(method, sum(loads), target))
    placed = allocate(pooled_total, loads)
    p_separate = probability_of_delay(method, np.asarray(separate), np.asarray(loads))
    rates = np.asarray([site.arrivals_per_day for site in scenario.sites])
    sites = [
        PoolingSiteResult(s.code, s.name, load, b, p, float(d))
        for s, load, b, p, d in zip(
            scenario.sites, loads, separate, placed, p_separate, strict=True
        )
    ]
    result = PoolingResult(
        scenario.name,
        scenario.resource,
        method.value,
        target,
        tuple(sites),
        sum(separate),
        pooled_total,
        float((rates * p_separate).sum() / rates.sum()),
        float(probability_of_delay(method, pooled_total, sum(loads))),
    )
    if horizon is None:
        return result
    when_full = WhenFull.TURN_AWAY if method is Method.ERLANG_B else WhenFull.WAIT
    request = PoolingRequest(scenario.sites, tuple(separate), placed, when_full, horizon)
    outcomes = run_replications(
        simulate_pooling, request, horizon.replications, horizon.seed, workers, progress
    )
    separate_est = calculate_estimates([o.separate_p_delay for o in outcomes])
    pooled_est = calculate_estimates([o.pooled_p_delay for o in outcomes])
    away_est = calculate_estimates([o.pooled_share_away for o in outcomes])
    simulated = tuple(
        PoolingSiteResult(
            s.site,
            s.name,
            s.offered_load,
            s.separate_beds,
            s.pooled_beds,
            s.separate_p_delay,
            separate_est[i],
            pooled_est[i],
            away_est[i],
        )
        for i, s in enumerate(sites)
    )
    return PoolingResult(
        result.name,
        result.resource,
        result.method,
        target,
        simulated,
        result.separate_beds,
        result.pooled_beds,
        result.separate_p_delay,
        result.pooled_p_delay,
        horizon.replications,
        separate_est[-1],
        pooled_est[-1],
        away_est[-1],
    )
