"""Options off by default: the Excel tool's rules, p-charts, targets and rebase per facet,
missing values, the warning threshold."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from openbook.spc import excel_method, spc
from openbook.spc.classify import SpcMethod

CASES = {
    case["name"]: case
    for case in json.loads((Path(__file__).parent / "reference_cases.json").read_text())["cases"]
}


def _frame(values: list[float], start: str = "2020-01-01", freq: str = "D") -> pd.DataFrame:
    dates = pd.date_range(start, periods=len(values), freq=freq)
    return pd.DataFrame({"value": values, "date": dates})


def _labels(result: object, column: str = "special_cause_type") -> list[str]:
    return result.points[column].astype(str).tolist()  # type: ignore[attr-defined]


ALTERNATING_THEN_SIX_ABOVE = [1.0, -1.0] * 4 + [0.5] * 6
ALTERNATING_THEN_SIX_RISING = [0.0, 0.5] * 4 + [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
LOW_THEN_RISING = [0.2, -0.1, 0.3, -0.2, 0.1, 0.0, -0.3, 0.2, -0.1, 0.1, 0.0, -0.2, 0.1, 0.2]
LOW_THEN_RISING += [-0.1, 0.0, 0.1, -0.1, 0.2, -0.2, -3.0, -2.0, -1.0, -0.5, -0.25, -0.125, -0.05]


def test_excel_method_is_the_documented_set() -> None:
    assert excel_method() == SpcMethod(False, 6, 6, 13, True)
    assert excel_method(7).shift_points == 7


def test_excel_does_not_screen_outliers() -> None:
    case = CASES["std_outlier_screened"]
    data = pd.DataFrame({"value": case["inputs"]["values"], "date": case["inputs"]["dates"]})
    unscreened = CASES["std_outlier_unscreened"]["expected"]["summary_per_group"][0]
    assert spc(data).summary["upl"][0] != pytest.approx(unscreened["upl"])
    excel = spc(data, excel_compatible=True).summary
    assert excel["upl"][0] == pytest.approx(unscreened["upl"], abs=1e-9)
    assert excel["lpl"][0] == pytest.approx(unscreened["lpl"], abs=1e-9)


def test_excel_six_point_shift() -> None:
    data = _frame(ALTERNATING_THEN_SIX_ABOVE)
    assert set(_labels(spc(data))) == {"Common Cause"}
    excel = _labels(spc(data, excel_compatible=True))
    assert excel == ["Common Cause"] * 8 + ["6 Points Above CL"] * 6
    assert set(_labels(spc(data, excel_compatible=True, excel_run_length=7))) == {"Common Cause"}


def test_excel_six_point_trend() -> None:
    data = _frame(ALTERNATING_THEN_SIX_RISING)
    assert set(_labels(spc(data))) == {"Common Cause"}
    excel = spc(data, excel_compatible=True)
    assert _labels(excel)[-6:] == ["6 Point Trend (Increasing)"] * 6
    assert _labels(excel, "point_type")[-1] == "special_cause_improvement"


def test_excel_limits_and_icons_only_from_13_points() -> None:
    data = _frame([1.0, 2.0, 1.5, 1.8, 1.2, 1.9, 1.1, 1.7, 1.3, 1.6, 1.4, 1.5])
    reference = spc(data, target=1.0)
    assert reference.points["upl"].notna().all()
    assert reference.icons["assurance_icon"][0] == "inconsistent"
    excel = spc(data, target=1.0, excel_compatible=True)
    assert excel.points[["lpl", "upl"]].isna().all().all()
    assert excel.points["mean_col"].notna().all()
    assert excel.icons[["variation_icon", "assurance_icon"]].isna().all().all()
    thirteen = spc(_frame([*data["value"], 1.5]), target=1.0, excel_compatible=True)
    assert thirteen.points["upl"].notna().all()
    assert thirteen.icons["variation_icon"][0] == "common_cause"


def test_excel_improvement_wins_over_concern() -> None:
    data = _frame(LOW_THEN_RISING)
    reference = spc(data)
    assert _labels(reference)[20:22] == ["Below LCL", "Below LCL"]
    assert _labels(reference, "point_type")[20] == "special_cause_concern"
    excel = spc(data, excel_compatible=True, excel_run_length=7)
    assert _labels(excel)[20:22] == ["7 Point Trend (Increasing)"] * 2
    assert _labels(excel, "point_type")[20] == "special_cause_improvement"


def test_warning_threshold_is_a_parameter() -> None:
    data = _frame(list(np.linspace(0, 1, 12)))
    assert spc(data).points["short_group_warning"].all()
    assert len(spc(data).warnings) == 1
    relaxed = spc(data, warning_threshold=12)
    assert not relaxed.points["short_group_warning"].any()
    assert relaxed.warnings == ()


def test_target_and_rebase_per_facet() -> None:
    data = pd.concat(
        [_frame([1.0, 2.0] * 10).assign(org="A"), _frame([3.0, 4.0] * 10).assign(org="B")]
    )
    result = spc(data, facet_col="org", target={"A": 1.5, "C": 9}, rebase={"B": ["2020-01-11"]})
    points = result.points
    assert points.loc[points["f"] == "A", "target"].eq(1.5).all()
    assert points.loc[points["f"] == "B", "target"].isna().all()
    assert points.loc[points["f"] == "A", "rebase_group"].eq(0).all()
    assert points.loc[points["f"] == "B", "rebase_group"].tolist() == [0] * 10 + [1] * 10
    assert result.summary[["f", "rebase_group"]].astype(str).values.tolist() == [
        ["A", "0"], ["B", "0"], ["B", "1"],
    ]  # fmt: skip
    assert result.summary["assurance_type"].astype(object).tolist()[0] == "inconsistent"
    assert "target given for facet 'C', which is not in the data; ignored" in result.warnings


def test_missing_values_as_the_reference() -> None:
    values = [1.0, 2.0, np.nan, 1.5, 1.8, 1.2, 1.9, 1.1, 1.7, 1.3, 1.6, 1.4, 1.5, np.nan]
    result = spc(_frame(values))
    points = result.points
    present = [v for v in values if not np.isnan(v)]
    assert points["mean_col"][0] == pytest.approx(np.mean(present))
    assert points["outside_limits"].isna().tolist() == [np.isnan(v) for v in values]
    assert points["relative_to_mean"].isna().tolist() == [np.isnan(v) for v in values]
    assert _labels(result)[2] == "Common Cause"
    assert result.icons["variation_icon"][0] == "common_cause"
    assert result.summary["n"][0] == len(values)


def test_missing_value_breaks_a_shift() -> None:
    values = [0.0, 0.1, -0.1] * 4 + [1.0] * 3 + [np.nan] + [1.0] * 4
    labels = _labels(spc(_frame(values)))
    assert "7 Points Above CL" not in labels


def test_p_chart_varying_denominators() -> None:
    data = _frame([90, 180, 95, 170, 92, 185] * 3).assign(n=[100, 200] * 9)
    result = spc(data, chart_type="p", denominator_col="n")
    points = result.points
    p_bar = data["value"].sum() / data["n"].sum()
    assert points["y"].tolist() == pytest.approx((data["value"] / data["n"]).tolist())
    assert points["mean_col"].eq(p_bar).all()
    sigma = np.sqrt(p_bar * (1 - p_bar) / data["n"].to_numpy())
    assert points["upl"].to_numpy() == pytest.approx(np.minimum(p_bar + 3 * sigma, 1))
    assert points["upl"][0] > points["upl"][1]  # a smaller denominator has wider limits


def test_p_prime_chart_widens_limits_for_overdispersion() -> None:
    rng = np.random.default_rng(3)
    n = np.full(24, 10_000)
    within = (rng.normal(0.9, 0.02, 24) * n).round()
    data = _frame(list(within)).assign(n=n)
    p_chart = spc(data, chart_type="p", denominator_col="n").points
    laney = spc(data, chart_type="p_prime", denominator_col="n").points
    assert (laney["upl"] - laney["lpl"]).gt(p_chart["upl"] - p_chart["lpl"]).all()
    assert laney["special_cause_flag"].sum() < p_chart["special_cause_flag"].sum()


def test_monthly_gap_is_a_warning() -> None:
    data = _frame([1.0] * 14, start="2020-01-01", freq="MS").drop(index=[5, 6])
    result = spc(data)
    assert "facet 'no facet': 2 month(s) missing between 2020-05-01 and 2020-08-01" in (
        result.warnings
    )
    assert all("missing" not in w for w in spc(_frame([1.0] * 14, freq="MS")).warnings)


def test_input_order_does_not_matter() -> None:
    data = _frame(list(np.sin(np.arange(30))))
    shuffled = data.sample(frac=1, random_state=4)
    pd.testing.assert_frame_equal(spc(shuffled).points, spc(data).points)
