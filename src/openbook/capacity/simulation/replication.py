"""Replications: one seed per replication from a single seed, run in parallel processes.

Replication i always draws from `SeedSequence(seed).spawn(n)[i]`, whatever the number of
workers, so a result is the same on one core or many. Inside a replication every scenario
(every bed count) replays the same sampled patients: common random numbers, so differences
between scenarios are the beds' doing and not the dice's.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TypeVar

import numpy as np

Scenario = TypeVar("Scenario")
Outcome = TypeVar("Outcome")
Progress = Callable[[int, int], None]  # (replications done, replications in all)


def replication_seeds(seed: int, replications: int) -> list[np.random.SeedSequence]:
    return list(np.random.SeedSequence(seed).spawn(replications))


def default_workers(replications: int) -> int:
    return max(1, min(os.cpu_count() or 1, replications))


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def run_replications(
    task: Callable[[Scenario, np.random.SeedSequence], Outcome],
    scenario: Scenario,
    replications: int,
    seed: int,
    workers: int = 1,
    progress: Progress | None = None,
) -> list[Outcome]:
    """`task(scenario, seed_i)` for every replication, in replication order.

    `task` must be a module-level function and `scenario` picklable when `workers > 1`.
    `progress(done, total)` is called in this process after each replication finishes."""
    seeds = replication_seeds(seed, replications)
    if workers <= 1 or replications <= 1:
        return _serial(task, scenario, seeds, progress)
    outcomes: list[Outcome | None] = [None] * replications
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        futures = {pool.submit(task, scenario, s): i for i, s in enumerate(seeds)}
        for done, future in enumerate(as_completed(futures), start=1):
            outcomes[futures[future]] = future.result()
            if progress:
                progress(done, replications)
    return [o for o in outcomes if o is not None]


def _serial(
    task: Callable[[Scenario, np.random.SeedSequence], Outcome],
    scenario: Scenario,
    seeds: Sequence[np.random.SeedSequence],
    progress: Progress | None,
) -> list[Outcome]:
    outcomes = []
    for done, seed in enumerate(seeds, start=1):
        outcomes.append(task(scenario, seed))
        if progress:
            progress(done, len(seeds))
    return outcomes
