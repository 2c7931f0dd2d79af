"""The Pareto front against a plain double loop, on hand cases and random ones."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from openbook.configuration import pareto
from openbook.configuration.pareto import calculate_pareto_front


def brute_force(values: np.ndarray, maximise: tuple[bool, ...]) -> list[int]:
    good = values * np.where(maximise, 1, -1)
    return [
        i
        for i in range(len(good))
        if not any(
            (good[j] >= good[i]).all() and (good[j] > good[i]).any() for j in range(len(good))
        )
    ]


def test_hand_case() -> None:
    # (units, mean): fewer and lower are better
    values = np.array([[1, 30.0], [2, 20.0], [2, 25.0], [3, 20.0], [1, 30.0]])
    assert calculate_pareto_front(values, (False, False)).tolist() == [0, 1, 4]


@settings(max_examples=200, deadline=None)
@given(
    arrays(
        np.float64, st.tuples(st.integers(0, 60), st.just(3)), elements=st.integers(0, 4).map(float)
    ),
    st.tuples(st.booleans(), st.booleans(), st.booleans()),
)
def test_matches_the_double_loop(values: np.ndarray, maximise: tuple[bool, bool, bool]) -> None:
    old = pareto.BLOCK
    pareto.BLOCK = 7  # many blocks, ties across their edges
    try:
        assert calculate_pareto_front(values, maximise).tolist() == brute_force(values, maximise)
    finally:
        pareto.BLOCK = old
