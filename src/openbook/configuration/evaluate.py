"""Evaluate one configuration: every resident LSOA goes to its nearest open unit, or all are
forced to one unit, and the region's figures follow, with each LSOA's time and unit for maps.

Unit sizes count the region's residents only. The minimum size (600 admissions a year by
default, the lower end of Allen et al.'s 600-2,000) is checked for open units inside the
region: a neighbour's size is set mostly by its own population, which this model does not
hold, so flagging Yeovil as "small" because few Dorset patients reach it would mislead.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from openbook.configuration.area import ServiceArea
from openbook.configuration.metric import SIZE_TOLERANCE, calculate_nearest, calculate_summary
from openbook.kernel.error import OpenbookError

DEFAULT_MINIMUM_ADMISSIONS = 600.0


@dataclass(frozen=True, eq=False)
class Evaluation:
    region: str
    region_name: str
    lsoas: int
    admissions_per_year: float
    open_units: tuple[str, ...]
    forced: bool
    minimum_admissions: float
    mean_time_min: float  # admissions-weighted, over admissions with a route
    max_time_min: float
    pct_within_30: float
    pct_within_45: float
    pct_within_60: float
    admissions_by_unit: Mapping[str, float]
    units_below_minimum: tuple[str, ...]  # open units inside the region below the minimum
    unreachable_admissions: float  # admissions with no route to any open unit
    lsoa_names: NDArray[np.str_]
    lsoa_admissions: NDArray[np.float64]
    lsoa_time_min: NDArray[np.float64]  # inf where there is no route
    lsoa_unit: NDArray[np.str_]  # postcode of the unit each LSOA goes to; "" for none
    units_in_region: frozenset[str] = frozenset()  # the open units the minimum applies to

    @property
    def smallest_unit_admissions(self) -> float | None:
        """The smallest open unit inside the region, or None when none is open there."""
        inside = [self.admissions_by_unit[p] for p in self.open_units if p in self.units_in_region]
        return min(inside) if inside else None


def evaluate_configuration(
    area: ServiceArea,
    units: Iterable[str],
    *,
    forced: bool = False,
    minimum_admissions: float = DEFAULT_MINIMUM_ADMISSIONS,
) -> Evaluation:
    """The figures of one configuration of open units (postcodes, inside or outside)."""
    columns = area.unit_columns(units)
    if columns.size == 0:
        raise OpenbookError("no units given", hint="give at least one unit postcode")
    if forced and columns.size != 1:
        raise OpenbookError(
            f"forced sends every resident to one unit, but {columns.size} were given",
            hint="give exactly one unit with --forced, or leave it out to use the nearest",
        )
    time, position = calculate_nearest(area.travel_min, columns[None, :])
    metrics = calculate_summary(time, position, area.admissions, columns.size)
    postcodes = tuple(area.unit_postcodes[c] for c in columns)
    by_unit = {p: float(a) for p, a in zip(postcodes, metrics.unit_admissions[0], strict=True)}
    inside = frozenset(p for p, c in zip(postcodes, columns, strict=True) if area.unit_in_area[c])
    lsoa_time = time[:, 0]
    return Evaluation(
        region=area.code,
        region_name=area.name,
        lsoas=area.lsoas,
        admissions_per_year=float(area.admissions.sum()),
        open_units=postcodes,
        forced=forced,
        minimum_admissions=minimum_admissions,
        mean_time_min=float(metrics.mean_time_min[0]),
        max_time_min=float(metrics.max_time_min[0]),
        pct_within_30=float(metrics.pct_within[0, 0]),
        pct_within_45=float(metrics.pct_within[0, 1]),
        pct_within_60=float(metrics.pct_within[0, 2]),
        admissions_by_unit=by_unit,
        units_below_minimum=tuple(
            p for p in postcodes if p in inside and by_unit[p] < minimum_admissions - SIZE_TOLERANCE
        ),
        unreachable_admissions=float(metrics.unreachable[0]),
        lsoa_names=area.lsoa_names,
        lsoa_admissions=area.admissions,
        lsoa_time_min=lsoa_time,
        lsoa_unit=np.where(np.isfinite(lsoa_time), np.array(postcodes)[position[:, 0]], ""),
        units_in_region=inside,
    )


def _rounded(value: float, places: int) -> float | None:
    return None if not math.isfinite(value) else round(value, places)


def evaluation_to_dict(evaluation: Evaluation) -> dict[str, object]:
    """The JSON of `openbook stroke-units evaluate`: times and admissions to 0.1, % to 0.1."""
    return {
        "region": evaluation.region,
        "lsoas": evaluation.lsoas,
        "admissions_per_year": _rounded(evaluation.admissions_per_year, 1),
        "mean_time_min": _rounded(evaluation.mean_time_min, 1),
        "max_time_min": _rounded(evaluation.max_time_min, 1),
        "pct_within_30": _rounded(evaluation.pct_within_30, 1),
        "pct_within_45": _rounded(evaluation.pct_within_45, 1),
        "pct_within_60": _rounded(evaluation.pct_within_60, 1),
        "admissions_by_unit": {p: _rounded(a, 1) for p, a in evaluation.admissions_by_unit.items()},
        "units_below_minimum": list(evaluation.units_below_minimum),
    }
