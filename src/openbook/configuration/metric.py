"""The arithmetic of many configurations at once: nearest open unit and the summary figures.

A batch is `combos`, a (C, k) array of unit columns (each row one configuration, columns
ascending). Everything is admissions-weighted over the region's residents: the mean and
maximum travel time of the admissions that have a route, the share of all admissions within
each threshold, and each open unit's admissions a year. LSOAs with no admissions carry no
patients, so they set no maximum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

THRESHOLDS_MIN = (30, 45, 60)
SIZE_TOLERANCE = 1e-6  # admissions: 600 from thirds (199.666... x 3) still counts as 600
CHUNK_CELLS = 4_000_000  # cells per NumPy step (~32 MB an array)
LONG_CONFIGURATION = 8  # units in a configuration beyond which one argmin beats a loop
MANY_LONG_CONFIGURATIONS = 8  # long configurations beyond which ranking once pays


@dataclass(frozen=True, eq=False)
class Metrics:
    """Row c describes configuration c."""

    mean_time_min: NDArray[np.float64]  # (C,) over admissions with a route
    max_time_min: NDArray[np.float64]  # (C,) over admissions with a route
    pct_within: NDArray[np.float64]  # (C, len(THRESHOLDS_MIN)) % of all admissions
    unit_admissions: NDArray[np.float64]  # (C, k) admissions a year of each open unit
    unreachable: NDArray[np.float64]  # (C,) admissions with no route to any open unit


def calculate_nearest(
    travel: NDArray[np.float64], combos: NDArray[np.intp]
) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    """(time, position in the configuration) of each LSOA's nearest open unit: (n, C) each.
    Ties go to the first column (the postcode that sorts first)."""
    if combos.shape[1] > LONG_CONFIGURATION:
        if combos.shape[0] >= MANY_LONG_CONFIGURATIONS:
            return _nearest_by_ranking(travel, combos)
        rows = np.arange(travel.shape[0])  # a few long ones: argmin along each (n, k) copy
        time = np.empty((travel.shape[0], combos.shape[0]))
        position = np.empty(time.shape, dtype=np.intp)
        for c, columns in enumerate(combos):
            sub = travel[:, columns]
            position[:, c] = sub.argmin(axis=1)
            time[:, c] = sub[rows, position[:, c]]
        return time, position
    # A few units each: one pass per unit over (n, C), faster than argmin on a short axis.
    time = travel[:, combos[:, 0]]
    position = np.zeros(time.shape, dtype=np.intp)
    for j in range(1, combos.shape[1]):
        candidate = travel[:, combos[:, j]]
        nearer = candidate < time  # strict: a tie stays with the earlier column
        np.copyto(time, candidate, where=nearer)
        position[nearer] = j
    return time, position


def _nearest_by_ranking(
    travel: NDArray[np.float64], combos: NDArray[np.intp]
) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    """Many long configurations (e.g. each unit closed in turn): rank every LSOA's units once;
    a configuration's nearest open unit is then the first open one in that ranking, found in
    a pass over bytes instead of a copy of floats."""
    union = np.unique(combos)
    sub = travel[:, union]
    order = np.argsort(sub, axis=1, kind="stable")  # stable: ties keep column order
    ranked_time = np.take_along_axis(sub, order, axis=1)
    rows = np.arange(travel.shape[0])
    time = np.empty((travel.shape[0], combos.shape[0]))
    position = np.empty(time.shape, dtype=np.intp)
    for c, columns in enumerate(combos):
        slot = np.full(union.size, -1, dtype=np.intp)
        slot[np.searchsorted(union, columns)] = np.arange(columns.size)
        first = (slot[order] >= 0).argmax(axis=1)
        time[:, c] = ranked_time[rows, first]
        position[:, c] = slot[order[rows, first]]
    return time, position


def _weighted_sum(
    admissions: NDArray[np.float64], values: NDArray[np.float64] | NDArray[np.bool_]
) -> NDArray[np.float64]:
    """admissions @ values, column by column, without BLAS: its threads cost more than they
    give on these shapes when the cores are shared."""
    return np.asarray(np.einsum("i,ij->j", admissions, values, optimize=False), dtype=np.float64)


def calculate_summary(
    time: NDArray[np.float64], position: NDArray[np.intp], admissions: NDArray[np.float64], k: int
) -> Metrics:
    """The figures of each configuration (column) from its LSOAs' times and units."""
    reach = np.isfinite(time)
    weights = admissions[:, None] * reach  # (n, C)
    reached = weights.sum(axis=0)
    total = float(admissions.sum())
    finite = np.where(reach, time, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(reached > 0, _weighted_sum(admissions, finite) / reached, np.nan)
    carries = (admissions > 0)[:, None] & reach
    maximum = np.where(carries, time, -np.inf).max(axis=0, initial=-np.inf)
    maximum = np.where(np.isneginf(maximum), np.nan, maximum)
    within = np.stack(  # inf is never within
        [_weighted_sum(admissions, time <= limit) for limit in THRESHOLDS_MIN], axis=1
    )
    pct = within * (100.0 / total) if total > 0 else np.zeros_like(within)
    count = time.shape[1]
    slot = position * count + np.arange(count)  # (unit position, configuration) as one index
    sums = np.bincount(slot.ravel(), weights=weights.ravel(), minlength=k * count)
    per_unit: NDArray[np.float64] = np.asarray(sums, dtype=np.float64).reshape(k, count).T
    return Metrics(mean, maximum, pct, per_unit, total - reached)


def calculate_metrics(
    travel: NDArray[np.float64], admissions: NDArray[np.float64], combos: NDArray[np.intp]
) -> Metrics:
    """Metrics of every configuration in `combos`, in chunks that bound the memory used."""
    count, k = combos.shape
    step = max(1, CHUNK_CELLS // max(1, travel.shape[0]))
    if k > LONG_CONFIGURATION:
        step = count  # one chunk, so the units are ranked once (memory: n x units, twice)
    parts = []
    for start in range(0, count, step):
        time, position = calculate_nearest(travel, combos[start : start + step])
        parts.append(calculate_summary(time, position, admissions, k))
    if not parts:
        empty = np.zeros(0)
        return Metrics(empty, empty, np.zeros((0, len(THRESHOLDS_MIN))), np.zeros((0, k)), empty)
    return Metrics(
        *(np.concatenate([getattr(p, name) for p in parts]) for name in Metrics.__annotations__)
    )
