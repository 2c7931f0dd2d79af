"""Maps: Vega-Lite geoshape specs with text alternatives, rendered offline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from openbook.configuration.area import build_service_area
from openbook.configuration.data import StrokeData, StrokeUnit
from openbook.configuration.evaluate import evaluate_configuration
from openbook.configuration.geo import load_lsoa_shapes, simplify_ring
from openbook.configuration.map import (
    catchment_map_spec,
    describe_travel_times,
    pareto_chart_spec,
    time_band,
    travel_time_map_spec,
    write_chart,
)
from openbook.configuration.search import SearchRequest, search_configurations
from openbook.kernel.error import OpenbookError
from tests.configuration.toy import U1, U2, U3, make_area

SQUARE = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]  # anticlockwise


def _shapes() -> dict[str, dict[str, object]]:
    return {
        f"LSOA {letter}": {
            "type": "Polygon",
            "coordinates": [[[x + i, y] for x, y in SQUARE[::-1]]],
        }
        for i, letter in enumerate("ABCD")
    }


UNITS = {
    U1: StrokeUnit(U1, "Unit one", "TOY", "England", True, False, 0.5, 0.5),
    U2: StrokeUnit(U2, "Unit two", "TOY", "England", True, False, 0.5, 2.5),
    U3: StrokeUnit(U3, "Far unit", "X", "England", True, False, 50.0, 50.0),
}


def test_rings_are_snapped_and_clockwise() -> None:
    ring = simplify_ring(
        [[0.00001, 0.0], [0.001, 0.00001], [0.001, 0.001], [0, 0.001], [0.00001, 0.0]], outer=True
    )
    assert ring == [[0.0, 0.0], [0.0, 0.001], [0.001, 0.001], [0.001, 0.0], [0.0, 0.0]]
    tiny = [[0, 0], [0.00005, 0], [0.00005, 0.00005], [0, 0]]
    assert simplify_ring(tiny, outer=False) == [[0, 0], [0.00005, 0], [0.00005, 0.00005], [0, 0]]


@pytest.mark.parametrize(
    ("minutes", "band"),
    [
        (30, "up to 30 min"),
        (30.1, "30 to 45 min"),
        (60, "45 to 60 min"),
        (61, "over 60 min"),
        (np.inf, "no route"),
    ],
)
def test_bands(minutes: float, band: str) -> None:
    assert time_band(minutes) == band


def test_toy_maps(tmp_path: Path) -> None:
    evaluation = evaluate_configuration(make_area(), [U1, U2, U3])
    spec = travel_time_map_spec(evaluation, _shapes(), UNITS)
    features = spec["layer"][0]["data"]["values"]
    assert [f["properties"]["band"] for f in features] == ["up to 30 min"] * 4
    assert [p["postcode"] for p in spec["layer"][1]["data"]["values"]] == [U1, U2]  # U3 is off
    assert spec["description"] == describe_travel_times(evaluation, UNITS)
    assert (
        "Unit one (AA11AA) 300; Unit two (BB11BB) 300; Far unit (ZZ11ZZ) 0" in spec["description"]
    )
    catchments = catchment_map_spec(evaluation, _shapes(), UNITS)
    assert [f["properties"]["unit"] for f in catchments["layer"][0]["data"]["values"]] == [
        U1,
        U1,
        U2,
        U3,
    ]
    svg = write_chart(catchments, tmp_path / "toy.svg").read_text()
    assert svg.startswith("<svg") and "LSOA C" in svg
    with pytest.raises(OpenbookError) as raised:
        write_chart(spec, tmp_path / "toy.pdf")
    assert raised.value.message == "cannot draw toy.pdf"


def test_pareto_chart() -> None:
    result = search_configurations(make_area(), SearchRequest((U1, U2, U3), 2, min_admissions=0))
    spec = pareto_chart_spec(result)
    assert len(spec["layer"][1]["data"]["values"]) == result.pareto.size
    assert spec["description"].startswith("6 configurations of Toy region searched, 6 meet")


def test_dorset_map_renders_offline(
    stroke_data: StrokeData, stroke_var: Path, tmp_path: Path
) -> None:
    area = build_service_area(stroke_data, "E38000045")
    evaluation = evaluate_configuration(area, ["BH77DW", "DT12JY"])
    shapes = load_lsoa_shapes(area.lsoa_names.tolist(), stroke_var / "cache")
    assert len(shapes) == 452
    units = {u.postcode: u for u in stroke_data.units}
    png = write_chart(travel_time_map_spec(evaluation, shapes, units), tmp_path / "dorset.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again = load_lsoa_shapes(["Bournemouth 011D", "Not an LSOA"], stroke_var / "cache")
    assert list(again) == ["Bournemouth 011D"]
