"""Use case: how many beds for one unit, analytically (Erlang B or C) or by simulation.

calculate_beds(BedsRequest(arrivals_per_day=1.53, mean_stay_days=5.3, beds=(9, …, 14),
                           method=Method.ERLANG_B)) → BedsResult
"""

from __future__ import annotations

import numpy as np

from openbook.capacity.model.queueing import Method, occupancy, probability_of_delay
from openbook.capacity.model.result import BedsResult, BedsRow
from openbook.capacity.model.scenario import BedsRequest
from openbook.capacity.model.statistics import calculate_estimates
from openbook.capacity.request import check_horizon, check_positive, issue, raise_if
from openbook.capacity.simulation.replication import Progress, run_replications
from openbook.capacity.simulation.single_unit import simulate_unit
from openbook.kernel.error import DataIssue


def check_beds_request(request: BedsRequest) -> list[DataIssue]:
    problems = check_positive(
        request.arrivals_per_day, "--arrivals-per-day", "number of arrivals a day"
    )
    problems += check_positive(request.mean_stay_days, "--mean-stay-days", "number of days")
    if not request.beds:
        problems.append(issue("--beds", "is empty; expected a number of beds or a range"))
    if request.stay_sd_days is not None:
        problems += check_positive(request.stay_sd_days, "--stay-sd-days", "number of days")
    if request.method is Method.SIMULATION:
        problems += check_horizon(request.horizon)
    return problems


def calculate_beds(
    request: BedsRequest, workers: int = 1, progress: Progress | None = None
) -> BedsResult:
    """Probability of delay and occupancy for each bed count in the request."""
    raise_if(check_beds_request(request))
    beds = np.asarray(request.beds)
    load = request.offered_load
    if request.method is not Method.SIMULATION:
        p_delay = probability_of_delay(request.method, beds, load)
        busy = occupancy(request.method, beds, load)
        rows = tuple(
            BedsRow(int(c), float(p), float(o)) for c, p, o in zip(beds, p_delay, busy, strict=True)
        )
        return BedsResult(request.method.value, load, rows)
    horizon = request.horizon
    outcomes = run_replications(
        simulate_unit, request, horizon.replications, horizon.seed, workers, progress
    )
    p_delay_estimates = calculate_estimates([o.p_delay for o in outcomes])
    busy = np.mean([o.occupancy for o in outcomes], axis=0)
    rows = tuple(
        BedsRow.from_estimate(int(c), estimate, float(o))
        for c, estimate, o in zip(beds, p_delay_estimates, busy, strict=True)
    )
    return BedsResult(Method.SIMULATION.value, load, rows)
