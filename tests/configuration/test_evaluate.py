"""Evaluate a configuration on the hand-worked toy region (see toy.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from openbook.configuration.evaluate import evaluate_configuration, evaluation_to_dict
from openbook.kernel.error import NotFoundError, OpenbookError
from tests.configuration.toy import U1, U2, U3, make_area


def test_nearest_open_unit_by_hand() -> None:
    result = evaluate_configuration(make_area(), [U2, U1])
    # A->U1 10, B->U1 20 (tie goes to the postcode that sorts first), C->U2 15, D->U1 (no one)
    assert result.open_units == (U1, U2)
    assert result.lsoa_unit.tolist() == [U1, U1, U2, U1]
    assert result.mean_time_min == pytest.approx((100 * 10 + 200 * 20 + 300 * 15) / 600)
    assert result.max_time_min == 20  # D's 90 minutes carry no patients
    assert (result.pct_within_30, result.pct_within_45, result.pct_within_60) == (100, 100, 100)
    assert dict(result.admissions_by_unit) == {U1: 300, U2: 300}
    assert result.units_below_minimum == (U1, U2)  # both inside, both under 600
    assert result.smallest_unit_admissions == 300


def test_forced_to_one_unit() -> None:
    result = evaluate_configuration(make_area(), [U1], forced=True, minimum_admissions=250)
    assert result.mean_time_min == pytest.approx((1000 + 4000 + 15000) / 600)
    assert result.max_time_min == 50
    assert result.pct_within_30 == pytest.approx(50)
    assert result.pct_within_45 == pytest.approx(50)
    assert result.pct_within_60 == 100
    assert result.units_below_minimum == ()


def test_minimum_applies_only_to_units_inside_the_region() -> None:
    result = evaluate_configuration(make_area(), [U2, U3], minimum_admissions=550)
    assert dict(result.admissions_by_unit) == {U2: 500, U3: 100}
    assert result.units_below_minimum == (U2,)
    assert result.smallest_unit_admissions == 500
    assert evaluate_configuration(make_area(), [U3]).smallest_unit_admissions is None


def test_no_route_is_counted_apart() -> None:
    times = [[10, math.inf], [math.inf, math.inf]]
    area = make_area(times, [100, 50], [True, True], ("AA11AA", "BB11BB"))
    result = evaluate_configuration(area, ["AA11AA", "BB11BB"])
    assert result.unreachable_admissions == 50
    assert result.mean_time_min == 10  # over the admissions with a route
    assert result.pct_within_60 == pytest.approx(100 * 100 / 150)
    assert result.lsoa_unit.tolist() == ["AA11AA", ""]
    assert evaluation_to_dict(result)["admissions_by_unit"] == {"AA11AA": 100, "BB11BB": 0}


def test_json_has_exactly_the_issue_keys() -> None:
    payload = evaluation_to_dict(evaluate_configuration(make_area(), [U1, U2]))
    assert list(payload) == [
        "region",
        "lsoas",
        "admissions_per_year",
        "mean_time_min",
        "max_time_min",
        "pct_within_30",
        "pct_within_45",
        "pct_within_60",
        "admissions_by_unit",
        "units_below_minimum",
    ]
    assert payload["mean_time_min"] == 15.8
    assert payload["units_below_minimum"] == [U1, U2]


def test_postcodes_are_normalised() -> None:
    area = make_area()
    assert np.array_equal(area.unit_columns(["bb1 1bb", "AA11AA", "aa11aa"]), [0, 1])


@pytest.mark.parametrize(
    ("units", "forced", "error", "message"),
    [
        (["XX99XX"], False, NotFoundError, "unknown stroke unit postcode(s): XX99XX"),
        ([], False, OpenbookError, "no units given"),
        (
            [U1, U2],
            True,
            OpenbookError,
            "forced sends every resident to one unit, but 2 were given",
        ),
    ],
)
def test_bad_requests(units: list[str], forced: bool, error: type, message: str) -> None:
    with pytest.raises(error) as raised:
        evaluate_configuration(make_area(), units, forced=forced)
    assert raised.value.message == message
