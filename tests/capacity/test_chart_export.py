"""Curves as Vega-Lite (rendered to SVG) and results as XLSX."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from openbook.capacity.beds import calculate_beds
from openbook.capacity.chart import (
    delay_curve_spec,
    describe_curve,
    occupancy_histogram_spec,
    write_chart,
)
from openbook.capacity.export import beds_xlsx, pooling_xlsx
from openbook.capacity.file.pooling import dorset_pooling
from openbook.capacity.model.queueing import Method
from openbook.capacity.model.result import BedsRow
from openbook.capacity.model.scenario import BedsRequest
from openbook.capacity.pooling import compare_pooling

ROWS = (BedsRow(10, 0.128, 0.71, 0.12, 0.14), BedsRow(14, 0.0192, 0.57))


def test_delay_curve_spec() -> None:
    spec = delay_curve_spec([("acute unit", ROWS)], target_p_delay=0.02)
    assert spec["description"] == "acute unit: 1 in 8 delayed with 10 beds, 1 in 52 with 14"
    assert [v["beds"] for v in spec["data"]["values"]] == [10, 14]
    assert spec["layer"][-1]["data"]["values"] == [{"target": 0.02}]
    assert describe_curve([("a", ())]) == ""


def test_charts_render(tmp_path) -> None:  # type: ignore[no-untyped-def]
    curve = write_chart(delay_curve_spec([("acute unit", ROWS)]), tmp_path / "curve.svg")
    assert curve.read_text().startswith("<svg")
    histogram = occupancy_histogram_spec([0.1, 0.5, 0.3, 0.1], beds=2)
    assert histogram["description"] == "most often 1 patients; up to 3 seen"
    png = write_chart(histogram, tmp_path / "occupancy.png")
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_beds_xlsx() -> None:
    result = calculate_beds(BedsRequest(1.5, 5.0, (9, 10), method=Method.ERLANG_B))
    sheet = load_workbook(io.BytesIO(beds_xlsx(result))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "method",
        "offered_load",
        "beds",
        "p_delay",
        "one_in",
        "occupancy",
        "ci_low",
        "ci_high",
    )
    assert rows[1][:3] == ("erlang-b", 7.5, 9)
    assert rows[1][3] == pytest.approx(result.rows[0].p_delay)
    assert sheet["D2"].number_format == "0.00%"


def test_pooling_xlsx() -> None:
    sheet = load_workbook(io.BytesIO(pooling_xlsx(compare_pooling(dorset_pooling())))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows] == ["site", "RBD", "RD3", "RDZ", "all"]
    assert rows[-1][3:5] == (44, 34)


def test_a_site_named_like_a_formula_stays_text_in_the_workbook() -> None:
    from openbook.capacity.export import render_workbook

    typed = '=HYPERLINK("http://evil.example","x")'
    data = render_workbook([("pooling", ["site", "beds"], [[typed, 12], ["-7", -7]], {})])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert (sheet["A2"].data_type, sheet["A2"].value) == ("s", typed)
    assert sheet["B2"].value == 12 and sheet["B3"].value == -7
    assert sheet["A3"].value == "-7"  # a number as text stays as typed
