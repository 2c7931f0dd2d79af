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
CHUNK_CELLS = 4_000_000  # LSOA x configuration x unit cells per NumPy step (~32 MB)


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
    sub = travel[:, combos]  # (n, C, k)
    position = sub.argmin(axis=2)
    time = np.take_along_axis(sub, position[..., None], axis=2)[..., 0]
    return time, position


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
        mean = np.where(reached > 0, (admissions @ finite) / reached, np.nan)
    carries = (admissions > 0)[:, None] & reach
    maximum = np.where(carries, time, -np.inf).max(axis=0, initial=-np.inf)
    maximum = np.where(np.isneginf(maximum), np.nan, maximum)
    within = np.stack([admissions @ (reach & (time <= limit)) for limit in THRESHOLDS_MIN], axis=1)
    pct = within * (100.0 / total) if total > 0 else np.zeros_like(within)
    per_unit = np.stack([(weights * (position == j)).sum(axis=0) for j in range(k)], axis=1)
    return Metrics(mean, maximum, pct, per_unit, total - reached)


def calculate_metrics(
    travel: NDArray[np.float64], admissions: NDArray[np.float64], combos: NDArray[np.intp]
) -> Metrics:
    """Metrics of every configuration in `combos`, in chunks that bound the memory used."""
    count, k = combos.shape
    step = max(1, CHUNK_CELLS // max(1, travel.shape[0] * k))
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
