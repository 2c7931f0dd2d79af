"""Use case: the stroke pathway's probability of delay against beds, unit by unit.

simulate_stroke_pathway(StrokePathwayRequest(published_parameters(), acute_beds=(9, …, 14),
                                             rehab_beds=(10, …, 16))) → StrokePathwayResult
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from openbook.capacity.model.result import BedsRow, fewest_beds, rounded
from openbook.capacity.model.scenario import PathwayMethod, StrokePathwayRequest
from openbook.capacity.model.statistics import (
    calculate_estimates,
    delay_from_occupancy,
    occupancy_within,
)
from openbook.capacity.request import check_horizon, check_positive, issue, raise_if
from openbook.capacity.simulation.replication import Progress, run_replications
from openbook.capacity.simulation.stroke import PathwayOutcome, simulate_occupancy, simulate_queue
from openbook.kernel.error import DataIssue

UNITS = ("acute", "rehab")


@dataclass(frozen=True)
class UnitResult:
    """One unit: its curve, its occupancy distribution, beds needed for each 1-in-N target."""

    unit: str
    offered_load: float
    rows: tuple[BedsRow, ...]
    occupancy_distribution: tuple[float, ...]  # share of audits finding 0, 1, 2, ... patients
    beds_needed: tuple[tuple[int, int | None], ...] = ()  # (N of "1 in N", beds)

    def to_dict(self) -> dict[str, object]:
        return {
            "unit": self.unit,
            "offered_load": rounded(self.offered_load),
            "rows": [row.to_dict() for row in self.rows],
            "beds_needed": [{"one_in": n, "beds": beds} for n, beds in self.beds_needed],
            "occupancy_distribution": [
                {"patients": n, "share": rounded(share)}
                for n, share in enumerate(self.occupancy_distribution)
            ],
        }


@dataclass(frozen=True)
class StrokePathwayResult:
    method: str
    replications: int
    units: tuple[UnitResult, ...]

    def unit(self, name: str) -> UnitResult:
        return next(u for u in self.units if u.unit == name)

    def to_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "replications": self.replications,
            "units": [unit.to_dict() for unit in self.units],
        }


def check_stroke_request(request: StrokePathwayRequest) -> list[DataIssue]:
    problems = check_horizon(request.horizon)
    for option, beds in (
        ("--acute-beds", request.acute_beds),
        ("--rehab-beds", request.rehab_beds),
    ):
        if not beds:
            problems.append(issue(option, "is empty; expected a number of beds or a range"))
    problems += check_positive(
        request.admissions_multiplier,
        "--admissions-multiplier",
        "multiplier, like 1.05 for 5% more admissions",
    )
    problems += check_positive(
        request.stay_multiplier, "--stay-multiplier", "multiplier, like 1.1 for stays 10% longer"
    )
    return problems


def _padded(distributions: Sequence[Sequence[float]]) -> np.ndarray:
    size = max(len(d) for d in distributions) + 1
    return np.array([np.pad(np.asarray(d), (0, size - len(d))) for d in distributions])


def _occupancy_unit(
    unit: str, load: float, beds: tuple[int, ...], table: np.ndarray, one_in: Sequence[int]
) -> UnitResult:
    """Rows read off the occupancy distribution of each replication (the published method)."""
    every = np.arange(1, table.shape[1] + 1)
    curve = np.mean([delay_from_occupancy(row, every) for row in table], axis=0)
    mean_curve = [BedsRow(int(c), float(p), 0.0) for c, p in zip(every, curve, strict=True)]
    p_delay = np.array([delay_from_occupancy(row, beds) for row in table])  # reps × beds
    busy = np.array([occupancy_within(row, beds) for row in table]).mean(axis=0)
    rows = tuple(
        BedsRow.from_estimate(c, estimate, float(o))
        for c, estimate, o in zip(beds, calculate_estimates(p_delay), busy, strict=True)
    )
    needed = tuple((n, fewest_beds(mean_curve, 1.0 / n)) for n in one_in)
    return UnitResult(unit, load, rows, tuple(table.mean(axis=0).tolist()), needed)


def _queue_unit(
    unit: str,
    load: float,
    beds: tuple[int, ...],
    outcomes: Sequence[PathwayOutcome],
    distribution: np.ndarray,
    one_in: Sequence[int],
) -> UnitResult:
    p_delay = [getattr(o, f"{unit}_p_delay") for o in outcomes]
    busy = np.mean([getattr(o, f"{unit}_occupancy") for o in outcomes], axis=0)
    rows = tuple(
        BedsRow.from_estimate(c, estimate, float(o))
        for c, estimate, o in zip(beds, calculate_estimates(p_delay), busy, strict=True)
    )
    needed = tuple((n, fewest_beds(rows, 1.0 / n)) for n in one_in)
    return UnitResult(unit, load, rows, tuple(distribution.tolist()), needed)


def simulate_stroke_pathway(
    request: StrokePathwayRequest,
    workers: int = 1,
    progress: Progress | None = None,
    one_in: Sequence[int] = (),
) -> StrokePathwayResult:
    """Both units' probability of delay against beds, with 95% confidence intervals.

    `one_in`: targets such as 50 for "1 in 50 admissions delayed"; each unit reports the fewest
    beds meeting each (for `occupancy`, over every bed count; for `queue`, within its range)."""
    raise_if(check_stroke_request(request))
    horizon = request.horizon
    task = simulate_occupancy if request.method is PathwayMethod.OCCUPANCY else simulate_queue
    outcomes = run_replications(
        task, request, horizon.replications, horizon.seed, workers, progress
    )
    params = request.parameters.scaled(request.admissions_multiplier, request.stay_multiplier)
    loads = {"acute": params.acute_offered_load(), "rehab": params.rehab_offered_load()}
    beds = {"acute": request.acute_beds, "rehab": request.rehab_beds}
    tables = {
        "acute": _padded([o.acute_distribution for o in outcomes]),
        "rehab": _padded([o.rehab_distribution for o in outcomes]),
    }
    if request.method is PathwayMethod.OCCUPANCY:
        units = tuple(_occupancy_unit(u, loads[u], beds[u], tables[u], one_in) for u in UNITS)
    else:
        units = tuple(
            _queue_unit(u, loads[u], beds[u], outcomes, tables[u].mean(axis=0), one_in)
            for u in UNITS
        )
    return StrokePathwayResult(request.method.value, horizon.replications, units)


@dataclass(frozen=True)
class SensitivityRow:
    stay_multiplier: float
    unit: str
    offered_load: float
    beds_needed: tuple[tuple[int, int | None], ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "stay_multiplier": self.stay_multiplier,
            "unit": self.unit,
            "offered_load": rounded(self.offered_load),
            "beds_needed": [{"one_in": n, "beds": beds} for n, beds in self.beds_needed],
        }


@dataclass(frozen=True)
class StaySensitivity:
    """`openbook capacity stay-sensitivity --format json`."""

    replications: int
    rows: tuple[SensitivityRow, ...]

    def to_dict(self) -> dict[str, object]:
        return {"replications": self.replications, "rows": [r.to_dict() for r in self.rows]}


def calculate_stay_sensitivity(
    request: StrokePathwayRequest,
    stay_multipliers: Sequence[float] = (0.9, 1.0, 1.1, 1.2),
    one_in: Sequence[int] = (10, 50),
    workers: int = 1,
    progress: Progress | None = None,
) -> tuple[SensitivityRow, ...]:
    """Beds needed for each 1-in-N target as every length of stay is scaled (occupancy
    method; the same seed, so every multiplier replays the same arrivals and routes).
    `progress(done, total)` counts replications over every multiplier."""
    rows = []
    each = request.horizon.replications
    for step, multiplier in enumerate(stay_multipliers):
        scaled = replace(request, method=PathwayMethod.OCCUPANCY, stay_multiplier=multiplier)

        def report(done: int, _total: int, step: int = step) -> None:
            if progress is not None:
                progress(step * each + done, each * len(stay_multipliers))

        result = simulate_stroke_pathway(scaled, workers, report, one_in=one_in)
        rows += [
            SensitivityRow(multiplier, u.unit, u.offered_load, u.beds_needed) for u in result.units
        ]
    return tuple(rows)
