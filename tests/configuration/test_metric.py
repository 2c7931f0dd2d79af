"""The three ways of finding the nearest open unit agree, ties and missing routes included."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openbook.configuration import metric


def plain(travel: np.ndarray, combos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    sub = travel[:, combos]  # (n, C, k): argmin takes the first of equal times
    position = sub.argmin(axis=2)
    return np.take_along_axis(sub, position[..., None], axis=2)[..., 0], position


@st.composite
def cases(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n, m = draw(st.integers(1, 6)), draw(st.integers(1, 12))
    cell = st.one_of(st.integers(1, 4).map(float), st.just(math.inf))  # many ties
    travel = np.array([[draw(cell) for _ in range(m)] for _ in range(n)])
    k = draw(st.integers(1, m))
    count = draw(st.integers(1, 12))
    combos = np.array([sorted(draw(st.permutations(range(m)))[:k]) for _ in range(count)])
    return travel, combos


@pytest.mark.parametrize(("long", "many"), [(8, 8), (0, 10**9), (0, 1)])
@settings(max_examples=200, deadline=None)
@given(cases())
def test_paths_agree(long: int, many: int, case: tuple[np.ndarray, np.ndarray]) -> None:
    travel, combos = case
    old = metric.LONG_CONFIGURATION, metric.MANY_LONG_CONFIGURATIONS
    metric.LONG_CONFIGURATION, metric.MANY_LONG_CONFIGURATIONS = long, many
    try:
        time, position = metric.calculate_nearest(travel, combos)
    finally:
        metric.LONG_CONFIGURATION, metric.MANY_LONG_CONFIGURATIONS = old
    expected_time, expected_position = plain(travel, combos)
    assert np.array_equal(time, expected_time)
    reachable = np.isfinite(expected_time)  # with no route the position means nothing
    assert np.array_equal(position[reachable], expected_position[reachable])
