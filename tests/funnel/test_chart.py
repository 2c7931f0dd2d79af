"""The funnel chart: curves for the limits, points coloured beyond 99.8%, the system's own
providers highlighted and labelled, a text alternative, SVG and PNG."""

from __future__ import annotations

from openbook.funnel import Funnel, FunnelMethod, Kind, Overdispersion, funnel
from openbook.funnel.chart import (
    COLOURS,
    curve_denominators,
    describe,
    point_class,
    render_png,
    render_svg,
    vega_lite_spec,
)

GROUPS = ["RBD", "RD3", "RDZ", "R0A", "R1F", "RA4"]
SEEN = [430, 590, 700, 1000, 300, 980]
CASES = [500, 700, 800, 1200, 400, 1000]


def _funnel(overdispersion: Overdispersion = Overdispersion.NONE) -> Funnel:
    return funnel(GROUPS, SEEN, CASES, FunnelMethod(Kind.PROPORTION, overdispersion))


def _layers(spec: dict) -> tuple[list[dict], list[dict]]:  # type: ignore[type-arg]
    curves, points = spec["layer"]
    return curves["layer"], points["layer"]


def test_limits_are_curves_over_the_range_of_denominators() -> None:
    result = _funnel()
    spec = vega_lite_spec(result, ["RBD"])
    lines, _ = _layers(spec)
    assert [layer["encoding"]["y"]["field"] for layer in lines] == [
        "target", "ll998", "ul998", "ll95", "ul95",
    ]  # fmt: skip
    curve = spec["layer"][0]["data"]["values"]
    assert curve[0]["x"] < min(CASES) and curve[-1]["x"] > max(CASES)
    assert curve[0]["ul95"] > curve[-1]["ul95"]  # the funnel narrows
    assert len(curve_denominators(result)) == 200


def test_points_beyond_998_are_coloured_by_direction() -> None:
    result = _funnel()
    by_name = {g.group: g for g in result.groups}
    assert by_name["RA4"].outside == "ul998" and by_name["R1F"].outside == "ll998"
    assert point_class(by_name["RA4"], "increase") == "improvement"
    assert point_class(by_name["R1F"], "increase") == "concern"
    assert point_class(by_name["R1F"], "decrease") == "improvement"
    assert point_class(by_name["RA4"]) == "neutral"
    assert point_class(by_name["RBD"], "increase") == "common_cause"
    spec = vega_lite_spec(result, improvement_direction="increase")
    values = {v["group"]: v for v in spec["layer"][1]["data"]["values"]}
    assert values["RA4"]["class"] == "improvement"
    _, points = _layers(spec)
    scale = points[0]["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True)) == COLOURS


def test_highlighted_providers_are_labelled() -> None:
    spec = vega_lite_spec(_funnel(), ["RBD", "RD3", "RDZ"])
    values = spec["layer"][1]["data"]["values"]
    assert [v["group"] for v in values if v["highlight"]] == ["RBD", "RD3", "RDZ"]
    _, points = _layers(spec)
    label = points[2]
    assert label["mark"]["type"] == "text" and label["transform"] == [{"filter": "datum.highlight"}]


def test_text_alternative_says_what_the_chart_shows() -> None:
    result = _funnel()
    text = describe(result, ["RBD", "ZZZ"], "Seen within 4 hours")
    assert text.startswith("Seen within 4 hours: 6 groups against a target of 87.0%")
    assert "exact binomial limits" in text
    assert "1 above and 2 below the 99.8% limits" in text
    assert "RBD 86.0% of 500, within the limits" in text and "ZZZ" not in text
    assert vega_lite_spec(result, ["RBD"])["description"].startswith("Funnel plot: 6 groups")


def test_the_chart_renders_to_svg_and_png() -> None:
    spec = vega_lite_spec(_funnel(Overdispersion.ADDITIVE), ["RBD", "RD3", "RDZ"], title="A&E")
    svg = render_svg(spec)
    assert svg.startswith("<svg") and "RBD" in svg and "RDZ" in svg
    assert render_png(spec, scale=1)[:8] == b"\x89PNG\r\n\x1a\n"


def test_ratio_charts_have_a_plain_axis() -> None:
    result = funnel(["a", "b", "c"], [10, 20, 30], [12, 18, 33], FunnelMethod(Kind.RATIO))
    spec = vega_lite_spec(result)
    _, points = _layers(spec)
    assert points[0]["encoding"]["y"]["axis"] == {}
    assert points[0]["encoding"]["y"]["title"] == "indirectly standardised ratio"
