"""Confidence intervals and the published method's probability of delay from occupancy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openbook.capacity.model.queueing import erlang_b
from openbook.capacity.model.statistics import (
    calculate_estimate,
    delay_from_occupancy,
    occupancy_within,
    t_quantile,
)


@pytest.mark.parametrize(
    ("df", "t"),
    [
        (1, 12.7062),
        (9, 2.2622),
        (29, 2.0452),
        (30, 2.0423),
        (60, 2.0003),
        (120, 1.9799),
        (10_000, 1.9602),
    ],
)
def test_t_quantile(df: int, t: float) -> None:
    assert t_quantile(df) == pytest.approx(t, abs=1e-4)


def test_estimate() -> None:
    estimate = calculate_estimate([1.0, 2.0, 3.0, float("nan")])
    assert estimate.mean == 2.0 and estimate.replications == 3
    assert estimate.ci_low == pytest.approx(2.0 - 4.302653 / math.sqrt(3))
    single = calculate_estimate([0.5])
    assert single.ci_low is None and single.ci_high is None


def test_delay_from_occupancy_worked_example() -> None:
    # Heather's worked example: shares 0.2, 0.3, 0.4, 0.1 of 0..3 patients
    shares = [0.2, 0.3, 0.4, 0.1]
    assert delay_from_occupancy(shares, [0, 1, 2, 3]).tolist() == pytest.approx(
        [1.0, 0.6, 0.4444444, 0.1]
    )
    assert delay_from_occupancy(shares, [4, 9]).tolist() == [0.0, 0.0]  # never that full


@settings(max_examples=40, deadline=None)
@given(load=st.floats(min_value=0.5, max_value=60.0), c=st.integers(min_value=1, max_value=80))
def test_delay_from_a_poisson_occupancy_is_erlang_b(load: float, c: int) -> None:
    """An unlimited unit with Poisson arrivals holds Poisson(A) patients (any stay
    distribution): reading its occupancy the published way gives exactly Erlang B."""
    n = np.arange(0, 400)
    logs = n * math.log(load) - np.array([math.lgamma(k + 1) for k in n]) - load
    poisson = np.exp(logs)
    assert float(delay_from_occupancy(poisson, c)) == pytest.approx(
        float(erlang_b(c, load)), rel=1e-9
    )
    busy = float(occupancy_within(poisson, c)) * c
    assert busy == pytest.approx(load * (1 - float(erlang_b(c, load))), rel=1e-9)
