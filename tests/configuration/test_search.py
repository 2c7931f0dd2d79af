"""Exhaustive search on the toy region, worked by hand (see toy.py):

configuration  mean                      longest  % <=30  sizes (inside)
U1             20000/600 = 33.33          50       50     600
U2             12500/600 = 20.83          40       83.3   600
U3             33500/600 = 55.83          70       16.7   -
U1+U2           9500/600 = 15.83          20      100     300, 300
U1+U3          (1000+4000+15000)/600      50       50     600 (U3 gets only D: 0)
U2+U3          11000/600 = 18.33          25      100     500
"""

from __future__ import annotations

import numpy as np
import pytest

from openbook.configuration.search import (
    Method,
    SearchRequest,
    count_configurations,
    search_configurations,
    search_to_dict,
)
from openbook.kernel.error import OpenbookError
from tests.configuration.toy import U1, U2, U3, make_area

ALL = (U1, U2, U3)


def ranked(result) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return [result.configuration(int(i)) for i in result.ranking]


def test_every_configuration_is_evaluated() -> None:
    result = search_configurations(make_area(), SearchRequest(ALL, 2, min_admissions=0))
    assert [result.configuration(i) for i in range(6)] == [
        (U1,),
        (U2,),
        (U3,),
        (U1, U2),
        (U1, U3),
        (U2, U3),
    ]
    assert result.mean_time_min == pytest.approx(
        np.array([20000, 12500, 33500, 9500, 20000, 11000]) / 600
    )
    assert result.max_time_min.tolist() == [50, 40, 70, 20, 50, 25]
    assert result.redundant.tolist() == [False, False, False, False, True, False]
    assert ranked(result) == [(U1, U2), (U2, U3), (U2,), (U1,), (U3,)]  # U1+U3 is redundant


def test_constraints_filter() -> None:
    within = SearchRequest(ALL, 2, within_min=45, min_admissions=250)
    assert ranked(search_configurations(make_area(), within)) == [(U1, U2), (U2, U3), (U2,)]
    bigger = SearchRequest(ALL, 2, within_min=45, min_admissions=350)
    assert ranked(search_configurations(make_area(), bigger)) == [(U2, U3), (U2,)]


def test_pareto_front() -> None:
    result = search_configurations(
        make_area(), SearchRequest(ALL, 2, within_min=45, min_admissions=250)
    )
    front = [result.configuration(int(i)) for i in result.pareto]
    # U2 has fewest units; U1+U2 the lowest mean; U2+U3 a larger smallest unit than U1+U2
    assert front == [(U2,), (U1, U2), (U2, U3)]


def test_rank_of_and_json() -> None:
    result = search_configurations(
        make_area(), SearchRequest(ALL, 2, within_min=45, min_admissions=250)
    )
    assert result.rank_of([U2, U1]) == 1
    assert result.rank_of([U1]) is None
    payload = search_to_dict(result, top=1)
    assert payload["configurations_evaluated"] == 6
    assert payload["feasible"] == 3
    assert payload["best"] == [
        {
            "rank": 1,
            "units": [U1, U2],
            "n_units": 2,
            "mean_time_min": 15.8,
            "max_time_min": 20.0,
            "pct_within_30": 100.0,
            "pct_within_45": 100.0,
            "pct_within_60": 100.0,
            "smallest_unit_admissions": 300.0,
            "admissions_by_unit": {U1: 300.0, U2: 300.0},
        }
    ]
    assert [c["units"] for c in payload["pareto_front"]] == [[U2], [U1, U2], [U2, U3]]


def test_mip_method_gives_the_best_for_each_k() -> None:
    request = SearchRequest(ALL, 2, within_min=45, min_admissions=250, method=Method.mip)
    result = search_configurations(make_area(), request)
    assert ranked(result) == [(U1, U2), (U2,)]
    assert result.checks == ()
    assert result.proven_optimal


def test_count_configurations() -> None:
    assert count_configurations(20, 1, 4) == 20 + 190 + 1140 + 4845


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (SearchRequest(ALL, 4), "--max-units 4 is more than the 3 candidates"),
        (SearchRequest(ALL, 0), "units from 1 to 0: not a range"),
        (SearchRequest((), 1), "no candidate units"),
        (
            SearchRequest(ALL, 3, cap=6),
            "up to 3 units among 3 candidates is 7 configurations, over the enumeration cap of 6",
        ),
    ],
)
def test_bad_requests(request_: SearchRequest, message: str) -> None:
    with pytest.raises(OpenbookError) as raised:
        search_configurations(make_area(), request_)
    assert raised.value.message == message
