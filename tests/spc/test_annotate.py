"""Notes on a chart: annotations as labelled rules (a period as a band), rebases where the
limits split, both in the text alternative; none drawn outside the chart's months."""

from __future__ import annotations

from datetime import date

import pandas as pd

from openbook.kernel.chart_note import ChartNote
from openbook.spc import spc
from openbook.spc.chart import render_svg, vega_lite_spec

VALUES = [10, 11, 9, 10, 12, 10, 11, 9, 10, 11, 10, 12, 15, 16, 15, 17, 16, 15, 16, 17]


def _data() -> pd.DataFrame:
    dates = pd.date_range("2018-04-01", periods=len(VALUES), freq="MS")
    return pd.DataFrame({"date": dates, "value": VALUES})


def _marks(spec: dict[str, object], kind: str) -> list[dict[str, object]]:
    layers = spec["layer"]
    assert isinstance(layers, list)
    return [
        v
        for layer in layers
        if layer.get("mark", {}).get("type") == kind
        for v in layer["data"]["values"]
    ]


def test_annotations_are_labelled_rules_and_a_period_a_band() -> None:
    notes = [
        ChartNote("N-1", "x", "annotation", date(2019, 4, 1), "New pathway", "why"),
        ChartNote(
            "N-2", "x", "annotation", date(2018, 6, 1), "Winter plan", "", until=date(2018, 9, 1)
        ),
        ChartNote("N-3", "x", "annotation", date(2015, 1, 1), "Long ago"),
    ]
    spec = vega_lite_spec(spc(_data()), notes=notes)
    assert [m["label"] for m in _marks(spec, "rule")] == ["New pathway", "Winter plan"]
    assert _marks(spec, "rect") == [
        {"day": "2018-06-01", "until": "2018-09-01", "label": "Winter plan"}
    ]
    assert "note April 2019: New pathway" in spec["description"]
    assert "note June 2018 to September 2018: Winter plan" in spec["description"]
    assert "Long ago" not in str(spec)
    assert "New pathway" in render_svg(spec)


def test_a_rebase_splits_the_limits_and_says_so() -> None:
    result = spc(_data(), rebase=[pd.Timestamp("2019-04-01")])
    spec = vega_lite_spec(result)
    assert [m["day"] for m in _marks(spec, "rule")] == ["2019-04-01"]
    assert "limits recalculated from April 2019" in spec["description"]
    values = spec["data"]["values"]
    assert len({v["upl"] for v in values[:12]}) == 1 and len({v["upl"] for v in values[12:]}) == 1
    assert values[0]["upl"] != values[12]["upl"]
    assert _marks(vega_lite_spec(spc(_data())), "rule") == []
