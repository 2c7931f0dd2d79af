"""The Pareto front of many configurations, vectorised.

A configuration is on the front when no other is at least as good on every objective and
strictly better on one. Configurations are taken in order of the first objective, a block at
a time: a block is checked against the front so far, then within itself; whatever survives
joins the front. A last pass over the front removes the few members that a later one with an
equal first objective dominates. Identical points are all kept.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

BLOCK = 512


def _dominated_by(points: NDArray[np.float64], others: NDArray[np.float64]) -> NDArray[np.bool_]:
    """For each of `points`, whether some row of `others` dominates it (all >=, one >)."""
    result = np.zeros(points.shape[0], dtype=bool)
    if others.shape[0] == 0:
        return result
    for start in range(0, points.shape[0], BLOCK):  # memory: BLOCK x others x objectives
        chunk = points[start : start + BLOCK, None, :]
        at_least = np.all(others[None, :, :] >= chunk, axis=2)
        better = np.any(others[None, :, :] > chunk, axis=2)
        result[start : start + BLOCK] = np.any(at_least & better, axis=1)
    return result


def calculate_pareto_front(
    values: NDArray[np.float64], maximise: Sequence[bool]
) -> NDArray[np.intp]:
    """Indices (ascending) of the rows of `values` (C, d) on the Pareto front; NaN counts as
    the worst value of its objective."""
    sign = np.where(np.asarray(maximise), 1.0, -1.0)
    goodness = np.nan_to_num(values * sign, nan=-np.inf)  # larger is better everywhere
    order = np.argsort(-goodness[:, 0], kind="stable")
    front: list[NDArray[np.intp]] = []
    front_points = np.zeros((0, goodness.shape[1]))
    for start in range(0, order.size, BLOCK):
        block = order[start : start + BLOCK]
        points = goodness[block]
        keep = ~_dominated_by(points, front_points)
        block, points = block[keep], points[keep]
        keep = ~_dominated_by(points, points)
        front.append(block[keep])
        front_points = np.concatenate([front_points, points[keep]])
    members = np.concatenate(front) if front else np.zeros(0, dtype=np.intp)
    final = ~_dominated_by(front_points, front_points)
    return np.sort(members[final])
