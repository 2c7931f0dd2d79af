"""The Making Data Count chart: the layers a reader expects, with the engine's numbers."""

from __future__ import annotations

import pandas as pd

from openbook.spc import spc
from openbook.spc.chart import render_svg, vega_lite_spec
from openbook.spc.label import COLOURS


def _result() -> pd.DataFrame:
    values = [10, 11, 9, 10, 12, 10, 11, 9, 10, 11, 10, 30, 11, 10, 9, 10]
    dates = pd.date_range("2018-04-01", periods=len(values), freq="MS")
    return pd.DataFrame({"date": dates, "value": values})


def test_mean_limits_target_and_coloured_special_cause() -> None:
    result = spc(_result(), target=12)
    spec = vega_lite_spec(result, title="Test")
    values = spec["data"]["values"]
    points = result.points
    assert [v["mean"] for v in values] == points["mean_col"].tolist()
    assert [v["upl"] for v in values] == points["upl"].tolist()
    fields = [layer["encoding"]["y"]["field"] for layer in spec["layer"] if "encoding" in layer]
    assert {"mean", "upl", "lpl", "target", "y"} <= set(fields)
    outlier = next(v for v in values if v["y"] == 30)
    assert outlier["point_type"] == "special_cause_improvement"
    colour_scale = next(
        layer["encoding"]["color"]["scale"]
        for layer in spec["layer"]
        if "color" in layer.get("encoding", {})
    )
    index = colour_scale["domain"].index("special_cause_improvement")
    assert colour_scale["range"][index] == COLOURS["special_cause_improvement"]
    assert "mean" in spec["description"] and "target 12" in spec["description"]


def test_the_chart_renders_to_svg() -> None:
    svg = render_svg(vega_lite_spec(spc(_result())))
    assert svg.startswith("<svg")
