"""Capacity speed: the stroke pathway's replications per second against a straightforward
single-process SimPy implementation of the same model, in the same run; and Erlang B/C for
1..1,000 servers in one call against a per-server loop.

Each stroke replication is one simulated year (365 days, audited daily, unlimited beds as in
Monks et al. 2016). openbook runs the published (occupancy) method, vectorised, on one and on
every core, and the finite-bed queue method (SimPy) likewise. The peer is the model as a
notebook would write it: a SimPy process per patient, sampling as it goes, occupancy counters
and a daily audit process. Both answers are printed so they can be seen to agree.
Writes bench/results/capacity_speed.json. Usage: .venv/bin/python bench/capacity_speed.py
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
import simpy

from openbook.capacity.file.stroke import published_parameters
from openbook.capacity.model.queueing import erlang_b, erlang_c
from openbook.capacity.model.scenario import (
    Horizon,
    PathwayMethod,
    StrokeParameters,
    StrokePathwayRequest,
)
from openbook.capacity.model.statistics import delay_from_occupancy
from openbook.capacity.stroke_pathway import simulate_stroke_pathway

RESULTS = Path(__file__).parent / "results" / "capacity_speed.json"
YEAR = 365.0
SEED = 2016


def peer_replication(params: StrokeParameters, seed: int) -> np.ndarray:
    """One year of the pathway, the straightforward way; the acute unit's daily audits."""
    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    occupied = {"acute": 0, "rehab": 0}
    audits: list[int] = []

    def lognormal(mean: float, stdev: float) -> float:
        sigma2 = math.log(1 + (stdev / mean) ** 2)
        return float(rng.lognormal(math.log(mean) - sigma2 / 2, math.sqrt(sigma2)))

    def rehab_patient(kind: str) -> Any:
        routing = params.rehab_routing[kind]
        where = routing.destinations[rng.choice(len(routing.destinations), p=routing.probabilities)]
        stay = params.rehab_stay_for(kind, where)
        occupied["rehab"] += 1
        yield env.timeout(lognormal(stay.mean, stay.stdev))
        occupied["rehab"] -= 1

    def acute_patient(kind: str) -> Any:
        routing = params.acute_routing[kind]
        where = routing.destinations[rng.choice(len(routing.destinations), p=routing.probabilities)]
        stay = params.acute_stay_for(kind, where)
        occupied["acute"] += 1
        yield env.timeout(lognormal(stay.mean, stay.stdev))
        occupied["acute"] -= 1
        if where == "rehab":
            env.process(rehab_patient(kind))

    def arrivals(kind: str, mean_gap: float, patient: Any) -> Any:
        while True:
            yield env.timeout(rng.exponential(mean_gap))
            env.process(patient(kind))

    def audit() -> Any:
        while True:
            audits.append(occupied["acute"])
            yield env.timeout(1.0)

    for kind, gap in params.acute_interarrival.items():
        env.process(arrivals(kind, gap, acute_patient))
    for kind, gap in params.rehab_interarrival.items():
        env.process(arrivals(kind, gap, rehab_patient))
    env.process(audit())
    env.run(until=YEAR)
    return np.bincount(np.asarray(audits)) / len(audits)


def _timed(function: Any, repeat: int = 1) -> tuple[float, Any]:
    best, value = math.inf, None
    for _ in range(repeat):
        started = time.perf_counter()
        value = function()
        best = min(best, time.perf_counter() - started)
    return best, value


def stroke_figures(replications: int, peer_replications: int) -> dict[str, Any]:
    params = published_parameters()
    figures: dict[str, Any] = {"simulated_days_per_replication": YEAR}
    cores = os.cpu_count() or 1
    for method, reps in (
        (PathwayMethod.OCCUPANCY, replications),
        (PathwayMethod.QUEUE, max(4, replications // 10)),
    ):
        request = StrokePathwayRequest(params, (10,), (14,), method, Horizon(0.0, YEAR, reps, SEED))
        for workers in sorted({1, cores}):
            seconds, result = _timed(
                lambda r=request, w=workers: simulate_stroke_pathway(r, workers=w)
            )
            figures[f"openbook_{method.value}_{workers}_process"] = {
                "replications": reps,
                "seconds": round(seconds, 3),
                "replications_per_second": round(reps / seconds, 1),
                "acute_p_delay_10_beds": round(result.unit("acute").rows[0].p_delay, 4),
            }
    started = time.perf_counter()
    distributions = [peer_replication(params, SEED + i) for i in range(peer_replications)]
    seconds = time.perf_counter() - started
    p_delay = np.mean([float(delay_from_occupancy(d, 10)) for d in distributions])
    figures["simpy_straightforward_1_process"] = {
        "replications": peer_replications,
        "seconds": round(seconds, 3),
        "replications_per_second": round(peer_replications / seconds, 1),
        "acute_p_delay_10_beds": round(float(p_delay), 4),
    }
    peer_rate = figures["simpy_straightforward_1_process"]["replications_per_second"]
    for key, value in list(figures.items()):
        if key.startswith("openbook_"):
            value["times_the_peer"] = round(value["replications_per_second"] / peer_rate, 1)
    return figures


def erlang_figures() -> dict[str, Any]:
    servers = np.arange(1, 1001)
    load = 800.0
    b_seconds, b = _timed(lambda: erlang_b(servers, load), repeat=20)
    c_seconds, c = _timed(lambda: erlang_c(servers, load), repeat=20)

    def per_server_recursion() -> list[float]:  # the recursion restarted for every count
        answers = []
        for count in servers.tolist():
            value = 1.0
            for k in range(1, count + 1):
                value = load * value / (k + load * value)
            answers.append(value)
        return answers

    loop_seconds, loop = _timed(per_server_recursion, repeat=1)

    def factorial_formula(count: int) -> float:
        terms = [load**k / math.factorial(k) for k in range(count + 1)]
        return terms[-1] / sum(terms)

    overflow_at = None
    for count in servers.tolist():
        try:
            factorial_formula(count)
        except OverflowError:
            overflow_at = count
            break
    return {
        "servers": "1..1000",
        "offered_load": load,
        "openbook_erlang_b_one_call_ms": round(b_seconds * 1000, 3),
        "openbook_erlang_c_one_call_ms": round(c_seconds * 1000, 3),
        "per_server_python_loop_ms": round(loop_seconds * 1000, 1),
        "times_faster_than_loop": round(loop_seconds / b_seconds, 1),
        "max_difference_from_loop": float(np.max(np.abs(b - np.asarray(loop)))),
        "all_finite": bool(np.all(np.isfinite(b)) and np.all(np.isfinite(c))),
        "factorial_formula_overflows_at_servers": overflow_at,
    }


def main() -> None:
    started = time.perf_counter()
    report: dict[str, Any] = {
        "machine": {
            "cpu_count": os.cpu_count(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "note": "2 cores shared with other sessions running at the same time: timings are "
            "noisy and the 2-process figures are bounded by what the others leave",
        },
        "stroke_pathway": stroke_figures(replications=200, peer_replications=20),
        "erlang": erlang_figures(),
    }
    report["bench_seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
