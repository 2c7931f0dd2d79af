"""The p-median MIP: by hand, and against exhaustive enumeration on random small regions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openbook.configuration.area import ServiceArea
from openbook.configuration.mip import solve_p_median
from openbook.configuration.search import Method, SearchRequest, search_configurations
from tests.configuration.toy import U1, U2, make_area


def test_best_pair_by_hand() -> None:
    area = make_area()
    solution = solve_p_median(area, np.array([0, 1, 2]), 2, within_min=45, min_admissions=350)
    assert solution.status == "optimal"
    assert [area.unit_postcodes[c] for c in solution.columns] == [U2, "ZZ11ZZ"]
    assert solution.mean_time_min == pytest.approx(11000 / 600)


def test_patients_go_to_the_nearest_unit_even_if_it_leaves_one_small() -> None:
    # Sending one LSOA a minute further would make both units >= 100; patients go nearest.
    times = [[5, 6], [5, 6], [5, 6], [50, 5]]
    area = make_area(times, [100, 100, 100, 50], [True, True], (U1, U2))
    solution = solve_p_median(area, np.array([0, 1]), 2, min_admissions=100)
    assert solution.status == "infeasible"
    assert solve_p_median(area, np.array([0, 1]), 2, min_admissions=50).status == "optimal"


@st.composite
def regions(draw: st.DrawFn) -> tuple[ServiceArea, int, float | None, float]:
    n, m = draw(st.integers(1, 7)), draw(st.integers(1, 5))
    cell = st.one_of(st.integers(1, 60).map(float), st.just(math.inf))
    times = [[draw(cell) for _ in range(m)] for _ in range(n)]
    admissions = [float(draw(st.integers(0, 40))) for _ in range(n)]
    admissions[0] += 1  # someone has a stroke
    inside = [draw(st.booleans()) for _ in range(m)]
    within = draw(st.one_of(st.none(), st.integers(5, 60).map(float)))
    minimum = draw(st.sampled_from([0.0, 10.0, 30.0, 60.0]))
    area = make_area(times, admissions, inside, tuple(f"U{j:02d}" for j in range(m)))
    return area, draw(st.integers(1, m)), within, minimum


@settings(max_examples=150, deadline=None)
@given(regions())
def test_mip_equals_enumeration(case: tuple[ServiceArea, int, float | None, float]) -> None:
    area, k, within, minimum = case
    candidates = area.unit_postcodes
    enumerated = search_configurations(
        area,
        SearchRequest(
            candidates,
            k,
            min_units=k,
            within_min=within,
            min_admissions=minimum,
            rank_redundant=True,
        ),
    )
    solution = solve_p_median(
        area, np.arange(len(candidates)), k, within_min=within, min_admissions=minimum
    )
    if enumerated.ranking.size == 0:
        assert solution.status == "infeasible"
        return
    best = float(enumerated.mean_time_min[enumerated.ranking[0]])
    assert solution.status == "optimal"
    assert solution.mean_time_min is not None
    assert math.isclose(
        solution.mean_time_min, best, rel_tol=1e-9, abs_tol=1e-4
    )  # HiGHS's tolerances
    checked = search_configurations(
        area,
        SearchRequest(
            candidates, k, min_units=k, within_min=within, min_admissions=minimum, method=Method.mip
        ),
    )
    assert checked.checks == ()
