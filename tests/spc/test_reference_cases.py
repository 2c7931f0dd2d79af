"""The 62 reference cases, one test each.

`reference_cases.json` (a copy of `shared/data/spc_reference_cases.json`) holds cases ported
from the test suite of the NHS-R community's R package NHSRplotthedots v0.2.2 (commit 050b07d,
MIT licence, (c) NHS-R community); the expected values were produced by running that package's
R code. See tests/spc/README.md.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from openbook.spc import (
    assurance_type,
    part_of_seven_trend,
    part_of_two_in_three,
    seven_point_one_side_mean,
    seven_point_trend,
    spc,
    special_cause_type,
    trend_direction,
    two_in_three,
)
from openbook.spc.label import ASSURANCE_ICONS
from openbook.spc.summary import facet_assurance

CASES = json.loads((Path(__file__).parent / "reference_cases.json").read_text())["cases"]
TOLERANCE = 1e-9
NUMERIC = {"fix_y", "mean_col", "lpl", "upl", "relative_to_mean", "target", "rebase_group", "n"}
ASSURANCE_FILE = {
    "consistent_pass": "pass",
    "consistent_fail": "fail",
    "inconsistent": "inconsistent",
}


def _cases(kind: str) -> list[Any]:
    return [pytest.param(case, id=case["name"]) for case in CASES if case["kind"] == kind]


def test_there_are_62_cases() -> None:
    kinds = [case["kind"] for case in CASES]
    assert (kinds.count("end_to_end"), kinds.count("rule_helper")) == (19, 32)
    assert kinds.count("assurance_helper") == 11


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _same(column: str, actual: Any, expected: Any) -> bool:
    if _missing(expected) or _missing(actual):
        return _missing(expected) and _missing(actual)
    if column in NUMERIC:
        return abs(float(actual) - float(expected)) <= TOLERANCE
    return bool(actual == expected)


def _assert_column(column: str, actual: list[Any], expected: list[Any]) -> None:
    assert len(actual) == len(expected), column
    wrong = [
        i for i, (a, e) in enumerate(zip(actual, expected, strict=True)) if not _same(column, a, e)
    ]
    got, want = [actual[i] for i in wrong], [expected[i] for i in wrong]
    assert not wrong, f"{column} differs at rows {wrong}: {got} vs {want}"


def _run(case: dict[str, Any]) -> Any:
    inputs, options = case["inputs"], dict(case["inputs"]["options"])
    data = pd.DataFrame({"value": inputs["values"], "date": inputs["dates"]})
    facet_col = None
    if "facet_field" in options:
        facet_col = options.pop("facet_field")
        data[facet_col] = inputs["facet"]
    rebase = options.pop("rebase", None)
    threshold = options.pop("ptd_spc.warning_threshold", 13)
    return spc(
        data,
        facet_col=facet_col,
        rebase=None if rebase is None else [rebase],
        warning_threshold=threshold,
        **options,
    )


def _as_list(series: pd.Series) -> list[Any]:
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return [day.strftime("%Y-%m-%d") for day in series]
    return series.astype(object).tolist()


def _icons(result: Any) -> list[tuple[Any, str, str]]:
    rows = []
    for row in result.icons.itertuples(index=False):
        rows.append((row.f, "variation", f"variation/{row.variation_icon}.svg"))
        if not _missing(row.assurance_icon):
            rows.append((row.f, "assurance", f"assurance/{ASSURANCE_FILE[row.assurance_icon]}.svg"))
    return sorted(rows, key=str)


@pytest.mark.parametrize("case", _cases("end_to_end"))
def test_whole_series(case: dict[str, Any]) -> None:
    result = _run(case)
    expected = case["expected"]
    for column, values in expected["per_point"].items():
        _assert_column(column, _as_list(result.points[column]), values)
    assert len(result.summary) == len(expected["summary_per_group"])
    for (_, row), want in zip(
        result.summary.iterrows(), expected["summary_per_group"], strict=True
    ):
        for column, value in want.items():
            assert _same(column, row[column], value), (column, row[column], value)
    wanted_icons = [(i["f"], i["type"], i["icon"]) for i in expected["icons"]]
    assert _icons(result) == sorted(wanted_icons, key=str)
    assurance = dict(zip(result.icons["f"], result.icons["assurance_icon"], strict=True))
    if expected["assurance_type"] is None:
        assert all(_missing(value) for value in assurance.values())
    else:
        for row in expected["assurance_type"]:
            assert _same("assurance", assurance[row["f"]], row["assurance_type"])
    assert list(result.warnings) == expected["warnings"]


def _rule(case: dict[str, Any]) -> list[int] | list[str]:
    name, args = case["function"], case["args"]
    if name == "seven_point_one_side_mean":
        return seven_point_one_side_mean(args[0]).astype(int).tolist()
    if name == "part_of_seven_trend":
        return part_of_seven_trend(args[0]).astype(int).tolist()
    if name == "seven_point_trend":
        return seven_point_trend(args[0]).tolist()
    if name == "two_in_three":
        return two_in_three(args[0], args[1]).astype(int).tolist()
    if name.startswith("part_of_two_in_three"):
        close, side = args
        return part_of_two_in_three(two_in_three(close, side), close).astype(int).tolist()
    # special_cause_type with the sub-rules given ("mocked" upstream)
    trend = args["mocked_part_of_seven_trend"]
    codes = special_cause_type(
        args["relative_to_mean"],
        args["outside_limits"],
        trend,
        trend_direction(args["y"], trend),
        args["mocked_part_of_two_in_three"],
        args["mocked_part_of_seven_one_side"],
    )
    from openbook.spc.label import special_cause_labels

    labels = special_cause_labels()
    return [labels[code] for code in codes]


@pytest.mark.parametrize("case", _cases("rule_helper"))
def test_rule(case: dict[str, Any]) -> None:
    assert _rule(case) == case["expected"]


@pytest.mark.parametrize("case", _cases("assurance_helper"))
def test_assurance(case: dict[str, Any]) -> None:
    inputs = case["inputs"]
    direction = inputs["improvement_direction"]
    if "rows_in_order" in inputs:
        facets = inputs["rows_in_order"]
        rows = [row for facet in facets for row in facet]
        facet_starts = np.array([i == 0 for facet in facets for i in range(len(facet))])
        codes = facet_assurance(
            np.array([row["lpl"] for row in rows], dtype=float),
            np.array([row["upl"] for row in rows], dtype=float),
            facet_starts,
            np.full(len(facets), float(inputs["target"])),
            direction,
        )
        assert [ASSURANCE_ICONS[code] for code in codes] == case["expected"]
    else:
        lpl, upl = inputs.get("lpl", 1.0), inputs.get("upl", 3.0)
        assert assurance_type(lpl, upl, inputs["target"], direction) == case["expected"]
