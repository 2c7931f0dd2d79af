"""The exact p-median MIP in HiGHS: choose k units among the candidates to minimise the
admissions-weighted mean travel time, with coverage and size constraints.

    y_j in {0,1}          unit j open;           sum_j y_j = k
    0 <= x_ij <= y_j      LSOA i sent to unit j; sum_j x_ij = 1 for every LSOA with patients
    coverage (within T):  sum_{j: t_ij <= T} y_j >= 1
    size (at least N):    sum_i a_i x_ij >= N y_j for every candidate inside the region
    closest assignment:   sum_{l ranked no later than j for i} x_il >= y_j
    minimise              sum_ij a_i t_ij x_ij / sum_i a_i

Patients go to their nearest open unit, whatever it does to unit sizes; without the
closest-assignment rows a solver would keep a unit big by sending patients past a nearer one.
Units are ranked for each LSOA by time, ties by column, exactly as the enumeration breaks
them, so with y integral x is forced and may stay continuous. Pairs with no route have no x.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from openbook.configuration.area import ServiceArea
from openbook.configuration.metric import SIZE_TOLERANCE

if TYPE_CHECKING:
    import highspy

DEFAULT_TIME_LIMIT_S = 60.0


@dataclass(frozen=True)
class MipSolution:
    k: int
    status: str  # "optimal", "infeasible", or HiGHS's word for a stop (e.g. "time limit")
    columns: tuple[int, ...]  # unit columns of the area that are open; () unless found
    mean_time_min: float | None  # the solver's objective
    proven_optimal: bool
    seconds: float


@contextmanager
def _stdout_silenced() -> Iterator[None]:
    """HiGHS prints a banner from C on a process's first model: keep it out of JSON output."""
    sys.stdout.flush()
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(devnull)
        os.close(saved)


class _Rows:
    """A row-wise sparse constraint matrix built a row at a time."""

    def __init__(self) -> None:
        self.start = [0]
        self.index: list[NDArray[np.intp]] = []
        self.value: list[NDArray[np.float64]] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def add(
        self, index: NDArray[np.intp], value: NDArray[np.float64], lo: float, hi: float
    ) -> None:
        self.index.append(index)
        self.value.append(value)
        self.start.append(self.start[-1] + index.size)
        self.lower.append(lo)
        self.upper.append(hi)


@dataclass(frozen=True, eq=False)
class PMedianModel:
    """Columns: y (one per candidate) then x (one per LSOA-unit pair with a route)."""

    candidates: NDArray[np.intp]
    cost: NDArray[np.float64]
    rows: _Rows


def build_p_median(
    area: ServiceArea,
    candidates: NDArray[np.intp],
    k: int,
    within_min: float | None = None,
    min_admissions: float = 0.0,
) -> PMedianModel | None:
    """The model, or None when some LSOA with patients has no route to any candidate."""
    rows = np.flatnonzero(area.admissions > 0)
    travel = area.travel_min[np.ix_(rows, candidates)]
    weights = area.admissions[rows]
    m = candidates.size
    if not np.isfinite(travel).any(axis=1).all():
        return None
    pair_row, pair_col = np.nonzero(np.isfinite(travel))  # the x variables, row-major
    x_of = np.full(travel.shape, -1, dtype=np.intp)
    x_of[pair_row, pair_col] = m + np.arange(pair_row.size)
    cost = np.concatenate(
        [np.zeros(m), weights[pair_row] * travel[pair_row, pair_col] / weights.sum()]
    )
    matrix = _Rows()
    matrix.add(np.arange(m), np.ones(m), k, k)
    sizes = min_admissions > 0 and bool(area.unit_in_area[candidates].any())
    for i in range(rows.size):
        xs = x_of[i][x_of[i] >= 0]
        matrix.add(xs, np.ones(xs.size), 1, 1)
        if within_min is not None:
            near = np.flatnonzero(travel[i] <= within_min + 1e-9)
            matrix.add(near, np.ones(near.size), 1, np.inf)
        ranked = [j for j in np.argsort(travel[i], kind="stable") if x_of[i, j] >= 0]
        for q, j in enumerate(ranked):
            matrix.add(np.array([x_of[i, j], j]), np.array([1.0, -1.0]), -np.inf, 0)
            if sizes:
                prefix = x_of[i, ranked[: q + 1]]
                matrix.add(np.append(prefix, j), np.append(np.ones(q + 1), -1.0), 0, np.inf)
    if sizes:
        for j in np.flatnonzero(area.unit_in_area[candidates]):
            assigned = np.flatnonzero(pair_col == j)
            coefficients = np.append(weights[pair_row[assigned]], -min_admissions)
            matrix.add(np.append(m + assigned, j), coefficients, -SIZE_TOLERANCE, np.inf)
    return PMedianModel(candidates, cost, matrix)


def _highs(model: PMedianModel, time_limit_s: float) -> highspy.Highs:
    import highspy

    m, rows = model.candidates.size, model.rows
    lp = highspy.HighsLp()
    lp.num_col_ = model.cost.size
    lp.num_row_ = len(rows.lower)
    lp.col_cost_ = model.cost
    lp.col_lower_ = np.zeros(model.cost.size)
    lp.col_upper_ = np.ones(model.cost.size)
    lp.row_lower_ = np.array(rows.lower)
    lp.row_upper_ = np.array(rows.upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(rows.start, dtype=np.int32)
    lp.a_matrix_.index_ = np.concatenate(rows.index).astype(np.int32)
    lp.a_matrix_.value_ = np.concatenate(rows.value)
    continuous = [highspy.HighsVarType.kContinuous] * (model.cost.size - m)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * m + continuous
    with _stdout_silenced():
        highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", float(time_limit_s))
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_feasibility_tolerance", 1e-9)
    highs.setOptionValue("primal_feasibility_tolerance", 1e-9)
    highs.passModel(lp)
    return highs


def solve_p_median(
    area: ServiceArea,
    candidates: NDArray[np.intp],
    k: int,
    *,
    within_min: float | None = None,
    min_admissions: float = 0.0,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
) -> MipSolution:
    """The best k of `candidates` (area columns); status 'infeasible' when no k-set meets the
    constraints."""
    import highspy

    started = time.perf_counter()
    model = (
        None
        if k > candidates.size
        else build_p_median(area, candidates, k, within_min, min_admissions)
    )
    if model is None:
        return MipSolution(k, "infeasible", (), None, True, time.perf_counter() - started)
    highs = _highs(model, time_limit_s)
    highs.run()
    status = highs.getModelStatus()
    seconds = time.perf_counter() - started
    if status == highspy.HighsModelStatus.kInfeasible:
        return MipSolution(k, "infeasible", (), None, True, seconds)
    values = np.asarray(highs.getSolution().col_value)
    word = highs.modelStatusToString(status).lower()
    if values.size != model.cost.size or highs.getInfo().primal_solution_status != 2:
        return MipSolution(k, word, (), None, False, seconds)
    m = candidates.size
    opened = tuple(int(candidates[j]) for j in np.flatnonzero(values[:m] > 0.5))
    optimal = status == highspy.HighsModelStatus.kOptimal
    objective = float(model.cost @ values)
    return MipSolution(k, "optimal" if optimal else word, opened, objective, optimal, seconds)
