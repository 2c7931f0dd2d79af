"""Search configurations: every set of k open units among the candidates, exactly.

Each configuration is evaluated as `evaluate.py` does (nearest open unit), thousands at a
time in NumPy (`metric.py`); it is feasible when every resident has a route, every resident
with patients is within `within_min` (when given) and every open unit inside the region has
at least `min_admissions` a year. Feasible ones are ranked by mean time (then maximum time,
% within 30 minutes, fewer units) and the Pareto front of (units fewer, mean time lower,
% within 30 higher, smallest unit larger) is found among them. A configuration with an
open unit that none of the region's patients reach is the same service as the one without
that unit (also enumerated): it is counted as redundant, not ranked. Enumeration stops at a cap
with an error; beyond it the `mip` method finds the best configuration for each k exactly,
and every MIP answer is re-evaluated here, independently of the solver, before it is shown.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from openbook.configuration.area import ServiceArea
from openbook.configuration.evaluate import DEFAULT_MINIMUM_ADMISSIONS
from openbook.configuration.metric import SIZE_TOLERANCE, Metrics, calculate_metrics
from openbook.configuration.mip import solve_p_median
from openbook.configuration.pareto import calculate_pareto_front
from openbook.kernel.error import OpenbookError

DEFAULT_CAP = 1_000_000  # configurations one enumeration may evaluate (about 10 s, 2 cores)
OBJECTIVE_TOLERANCE = 1e-4  # minutes: the solver's mean (within its feasibility tolerances)
# against the re-evaluated one


class Method(StrEnum):
    enumerate = "enumerate"
    mip = "mip"


@dataclass(frozen=True)
class SearchRequest:
    candidates: tuple[str, ...]
    max_units: int
    min_units: int = 1
    within_min: float | None = None
    min_admissions: float = DEFAULT_MINIMUM_ADMISSIONS
    method: Method = Method.enumerate
    cap: int = DEFAULT_CAP
    rank_redundant: bool = False  # also rank configurations with an open unit nobody reaches


@dataclass(frozen=True, eq=False)
class SearchResult:
    """Row c of every array is configuration c; `ranking` and `pareto` index those rows."""

    region: str
    region_name: str
    request: SearchRequest
    candidates: tuple[str, ...]  # postcodes, sorted
    unit_postcodes: tuple[str, ...]  # of the area: `units` holds columns into it
    units: NDArray[np.intp]  # (C, max_units) open unit columns, -1 padding
    n_units: NDArray[np.intp]
    unit_admissions: NDArray[np.float64]  # (C, max_units) a year, NaN padding
    mean_time_min: NDArray[np.float64]
    max_time_min: NDArray[np.float64]
    pct_within: NDArray[np.float64]  # (C, 3): 30, 45, 60 minutes
    smallest_unit_admissions: NDArray[np.float64]  # inside the region; inf when none is open
    unreachable: NDArray[np.float64]
    feasible: NDArray[np.bool_]
    redundant: NDArray[np.bool_]  # an open unit gets none of the region's admissions
    ranking: NDArray[np.intp]  # feasible (and not redundant) configurations, best first
    pareto: NDArray[np.intp]  # the Pareto front, by units then mean time
    checks: tuple[str, ...] = field(default=())  # problems the independent check found
    proven_optimal: bool = True

    def configuration(self, index: int) -> tuple[str, ...]:
        return tuple(self.unit_postcodes[c] for c in self.units[index] if c >= 0)

    def rank_of(self, postcodes: Sequence[str]) -> int | None:
        """1-based rank of a configuration among the feasible ones, None if not ranked."""
        wanted = frozenset(postcodes)
        for position, index in enumerate(self.ranking):
            if frozenset(self.configuration(int(index))) == wanted:
                return position + 1
        return None


def count_configurations(candidates: int, min_units: int, max_units: int) -> int:
    return sum(math.comb(candidates, k) for k in range(min_units, max_units + 1))


def _check_request(request: SearchRequest, candidates: int) -> None:
    if candidates == 0:
        raise OpenbookError("no candidate units", hint="give --candidates or a region with units")
    if request.max_units < 1 or request.min_units < 1 or request.min_units > request.max_units:
        raise OpenbookError(
            f"units from {request.min_units} to {request.max_units}: not a range",
            hint="--max-units must be at least 1",
        )
    if request.max_units > candidates:
        raise OpenbookError(
            f"--max-units {request.max_units} is more than the {candidates} candidates",
            hint=f"give --max-units {candidates} or fewer, or more --candidates",
        )
    count = count_configurations(candidates, request.min_units, request.max_units)
    if request.method is Method.enumerate and count > request.cap:
        raise OpenbookError(
            f"up to {request.max_units} units among {candidates} candidates is {count:,} "
            f"configurations, over the enumeration cap of {request.cap:,}",
            hint="lower --max-units, give fewer --candidates, or use --method mip",
        )


def search_configurations(area: ServiceArea, request: SearchRequest) -> SearchResult:
    columns = area.unit_columns(request.candidates)
    _check_request(request, columns.size)
    ks = range(request.min_units, request.max_units + 1)
    checks: list[str] = []
    proven = True
    if request.method is Method.enumerate:
        groups = [
            columns[np.array(list(itertools.combinations(range(columns.size), k)))] for k in ks
        ]
    else:
        groups = []
        for k in ks:
            solution = solve_p_median(
                area,
                columns,
                k,
                within_min=request.within_min,
                min_admissions=request.min_admissions,
            )
            proven &= solution.proven_optimal
            if solution.columns:
                groups.append(np.array([solution.columns], dtype=np.intp))
                checks += _check_solution(area, request, solution.columns, solution.mean_time_min)
            elif not solution.proven_optimal:
                checks.append(f"k={k}: the solver stopped ({solution.status}) with no answer")
    return _assemble(area, request, columns, groups, tuple(checks), proven)


def _check_solution(
    area: ServiceArea, request: SearchRequest, opened: tuple[int, ...], objective: float | None
) -> list[str]:
    """The solver's answer re-evaluated by the enumeration's arithmetic."""
    combos = np.array([opened], dtype=np.intp)
    metrics = calculate_metrics(area.travel_min, area.admissions, combos)
    feasible = _feasible(area, request, combos, metrics)[0]
    name = "+".join(area.unit_postcodes[c] for c in opened)
    problems = [] if feasible else [f"{name}: the solver's answer breaks a constraint"]
    mean = float(metrics.mean_time_min[0])
    if objective is None or abs(mean - objective) > OBJECTIVE_TOLERANCE:
        problems.append(f"{name}: the solver's mean {objective} is not the evaluated {mean}")
    return problems


def _home_admissions(
    area: ServiceArea, combos: NDArray[np.intp], metrics: Metrics
) -> NDArray[np.float64]:
    """Each open unit's admissions where it is inside the region, else NaN."""
    return np.where(area.unit_in_area[combos], metrics.unit_admissions, np.nan)


def _feasible(
    area: ServiceArea, request: SearchRequest, combos: NDArray[np.intp], metrics: Metrics
) -> NDArray[np.bool_]:
    ok = metrics.unreachable <= SIZE_TOLERANCE
    if request.within_min is not None:
        ok &= ~(metrics.max_time_min > request.within_min + 1e-9)
    if request.min_admissions > 0:
        home = _home_admissions(area, combos, metrics)
        small = home < request.min_admissions - SIZE_TOLERANCE  # NaN compares False
        ok &= ~small.any(axis=1)
    return ok


def _assemble(
    area: ServiceArea,
    request: SearchRequest,
    columns: NDArray[np.intp],
    groups: list[NDArray[np.intp]],
    checks: tuple[str, ...],
    proven: bool,
) -> SearchResult:
    width = request.max_units
    units, admissions, parts, feasible, smallest = [], [], [], [], []
    for combos in groups:
        metrics = calculate_metrics(area.travel_min, area.admissions, combos)
        pad = width - combos.shape[1]
        units.append(np.pad(combos, ((0, 0), (0, pad)), constant_values=-1))
        admissions.append(
            np.pad(metrics.unit_admissions, ((0, 0), (0, pad)), constant_values=np.nan)
        )
        home = _home_admissions(area, combos, metrics)
        smallest.append(np.where(np.isnan(home), np.inf, home).min(axis=1))
        feasible.append(_feasible(area, request, combos, metrics))
        parts.append(metrics)
    if not groups:
        units, admissions = [np.zeros((0, width), dtype=np.intp)], [np.zeros((0, width))]
        parts = [calculate_metrics(area.travel_min, area.admissions, units[0][:, :1])]
        smallest, feasible = [np.zeros(0)], [np.zeros(0, dtype=bool)]
    all_units = np.concatenate(units)
    n_units = (all_units >= 0).sum(axis=1)
    mean = np.concatenate([p.mean_time_min for p in parts])
    maximum = np.concatenate([p.max_time_min for p in parts])
    pct = np.concatenate([p.pct_within for p in parts])
    small = np.concatenate(smallest)
    ok = np.concatenate(feasible)
    all_admissions = np.concatenate(admissions)
    redundant: NDArray[np.bool_] = np.any(all_admissions <= SIZE_TOLERANCE, axis=1)  # NaN: False
    keep_redundant = request.rank_redundant or request.method is Method.mip  # k units asked
    chosen = np.flatnonzero(ok if keep_redundant else ok & ~redundant)
    ranking = chosen[np.lexsort((n_units[chosen], -pct[chosen, 0], maximum[chosen], mean[chosen]))]
    objectives = np.stack([n_units, mean, pct[:, 0], small], axis=1)[chosen]
    front = chosen[calculate_pareto_front(objectives, maximise=(False, False, True, True))]
    front = front[np.lexsort((mean[front], n_units[front]))]
    return SearchResult(
        region=area.code,
        region_name=area.name,
        request=request,
        candidates=tuple(area.unit_postcodes[c] for c in columns),
        unit_postcodes=area.unit_postcodes,
        units=all_units,
        n_units=n_units,
        unit_admissions=all_admissions,
        mean_time_min=mean,
        max_time_min=maximum,
        pct_within=pct,
        smallest_unit_admissions=small,
        unreachable=np.concatenate([p.unreachable for p in parts]),
        feasible=ok,
        redundant=redundant,
        ranking=ranking,
        pareto=front,
        checks=checks,
        proven_optimal=proven,
    )


def _number(value: float, places: int) -> float | None:
    return round(float(value), places) if math.isfinite(value) else None


def configuration_to_dict(result: SearchResult, index: int) -> dict[str, object]:
    units = result.configuration(index)
    ranks = np.flatnonzero(result.ranking == index)
    return {
        "rank": int(ranks[0]) + 1 if ranks.size else None,
        "units": list(units),
        "n_units": int(result.n_units[index]),
        "mean_time_min": _number(result.mean_time_min[index], 1),
        "max_time_min": _number(result.max_time_min[index], 1),
        "pct_within_30": _number(result.pct_within[index, 0], 1),
        "pct_within_45": _number(result.pct_within[index, 1], 1),
        "pct_within_60": _number(result.pct_within[index, 2], 1),
        "smallest_unit_admissions": _number(result.smallest_unit_admissions[index], 1),
        "admissions_by_unit": {
            postcode: _number(value, 1)
            for postcode, value in zip(units, result.unit_admissions[index], strict=False)
        },
    }


def search_to_dict(result: SearchResult, top: int = 10) -> dict[str, object]:
    """The JSON of `openbook stroke-units search`."""
    request = result.request
    return {
        "region": result.region,
        "region_name": result.region_name,
        "candidates": list(result.candidates),
        "max_units": request.max_units,
        "within_min": request.within_min,
        "min_admissions": request.min_admissions,
        "method": str(request.method),
        "configurations_evaluated": int(result.units.shape[0]),
        "feasible": int(result.feasible.sum()),
        "ranked": int(result.ranking.size),
        "proven_optimal": result.proven_optimal,
        "checks": list(result.checks),
        "best": [configuration_to_dict(result, int(i)) for i in result.ranking[:top]],
        "pareto_front": [configuration_to_dict(result, int(i)) for i in result.pareto],
    }
