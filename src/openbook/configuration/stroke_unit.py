"""The use cases, called alike by the CLI (and, later, the web pages and API): each takes
plain values and the cache folder, loads the data once per process, and returns results and
the data's issues that touch the region (never raising for those)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openbook.configuration.area import (
    DEFAULT_RADIUS_MIN,
    ServiceArea,
    build_service_area,
    check_area,
    default_candidates,
)
from openbook.configuration.data import StrokeData, StrokeUnit, load_stroke_data
from openbook.configuration.dorset import DORSET_REGION, DorsetComparison, compare_dorset
from openbook.configuration.evaluate import (
    DEFAULT_MINIMUM_ADMISSIONS,
    Evaluation,
    evaluate_configuration,
)
from openbook.configuration.search import Method, SearchRequest, SearchResult, search_configurations
from openbook.kernel.error import DataIssue


@dataclass(frozen=True, eq=False)
class RegionData:
    data: StrokeData
    area: ServiceArea
    issues: tuple[DataIssue, ...]

    @property
    def units(self) -> dict[str, StrokeUnit]:
        return {unit.postcode: unit for unit in self.data.units}


def load_region(region: str, cache_dir: Path | None = None) -> RegionData:
    data = load_stroke_data(cache_dir)
    area = build_service_area(data, region)
    return RegionData(data, area, tuple(check_area(data, area)))


def evaluate_stroke_units(
    region: str,
    units: Sequence[str],
    *,
    forced: bool = False,
    minimum_admissions: float = DEFAULT_MINIMUM_ADMISSIONS,
    cache_dir: Path | None = None,
) -> tuple[Evaluation, RegionData]:
    loaded = load_region(region, cache_dir)
    evaluation = evaluate_configuration(
        loaded.area, units, forced=forced, minimum_admissions=minimum_admissions
    )
    return evaluation, loaded


def search_stroke_units(
    region: str,
    *,
    max_units: int,
    candidates: Sequence[str] | None = None,
    radius_min: float = DEFAULT_RADIUS_MIN,
    min_units: int = 1,
    within_min: float | None = None,
    min_admissions: float = DEFAULT_MINIMUM_ADMISSIONS,
    method: Method = Method.enumerate,
    cache_dir: Path | None = None,
) -> tuple[SearchResult, RegionData]:
    """Every configuration of `min_units`..`max_units` among the candidates (default: the
    region's current units and every current unit within `radius_min` of a resident)."""
    loaded = load_region(region, cache_dir)
    chosen = (
        tuple(candidates)
        if candidates
        else default_candidates(loaded.area, loaded.data, radius_min)
    )
    request = SearchRequest(
        chosen,
        max_units,
        min_units=min_units,
        within_min=within_min,
        min_admissions=min_admissions,
        method=method,
    )
    return search_configurations(loaded.area, request), loaded


def compare_dorset_options(
    cache_dir: Path | None = None, max_units: int = 4, radius_min: float = DEFAULT_RADIUS_MIN
) -> tuple[DorsetComparison, RegionData]:
    """The seed's options and the search over Dorset's units and its neighbours'."""
    loaded = load_region(DORSET_REGION, cache_dir)
    candidates = default_candidates(loaded.area, loaded.data, radius_min)
    return compare_dorset(loaded.area, candidates, max_units), loaded


def draw_maps(
    evaluation: Evaluation,
    loaded: RegionData,
    *,
    travel_time: Path | None = None,
    catchment: Path | None = None,
    cache_dir: Path | None = None,
) -> list[tuple[Path, str]]:
    """Write the requested maps (.svg or .png); (path, text alternative) for each."""
    from openbook.configuration.geo import load_lsoa_shapes
    from openbook.configuration.map import catchment_map_spec, travel_time_map_spec, write_chart

    wanted = [
        (p, f)
        for p, f in ((travel_time, travel_time_map_spec), (catchment, catchment_map_spec))
        if p is not None
    ]
    if not wanted:
        return []
    shapes = load_lsoa_shapes(evaluation.lsoa_names.tolist(), cache_dir)
    written = []
    for path, build in wanted:
        spec = build(evaluation, shapes, loaded.units)
        written.append((write_chart(spec, path), str(spec["description"])))
    return written
