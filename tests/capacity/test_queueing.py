"""Erlang B and C: textbook values, stability for many servers, and their invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openbook.capacity.model.queueing import (
    Method,
    beds_needed,
    erlang_b,
    erlang_b_all,
    erlang_c,
    erlang_c_mean_wait,
    occupancy,
)


def erlang_b_by_logs(servers: int, load: float) -> float:
    """The textbook formula A^c/c! / Σ A^k/k!, summed in log space (slow, independent)."""
    logs = [k * math.log(load) - math.lgamma(k + 1) for k in range(servers + 1)]
    top = max(logs)
    return math.exp(logs[-1] - top) / sum(math.exp(v - top) for v in logs)


@pytest.mark.parametrize(
    ("servers", "load", "expected"),
    [
        (1, 1.0, 0.5),  # B(1, A) = A / (1 + A)
        (2, 1.0, 0.2),  # (1/2) / (1 + 1 + 1/2)
        (5, 3.0, 0.110054),
        (10, 8.145493, 0.128273),  # the published acute stroke unit's load
        (14, 8.145493, 0.019213),
    ],
)
def test_erlang_b_known_values(servers: int, load: float, expected: float) -> None:
    assert erlang_b(servers, load) == pytest.approx(expected, abs=1e-6)


def test_erlang_c_known_values() -> None:
    # M/M/2 with load 1: C = 1/3; mean wait = C / (c - A) × stay = 1/3 × 1
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    assert erlang_c_mean_wait(2, 1.0, 1.0) == pytest.approx(1 / 3)
    assert erlang_c(5, 3.0) == pytest.approx(0.236152, abs=1e-6)  # 5·B/(5 − 3(1 − B))
    assert erlang_c(3, 3.0) == 1.0 and erlang_c(2, 3.0) == 1.0  # unstable: everyone waits
    assert math.isinf(float(erlang_c_mean_wait(3, 3.0, 1.0)))


def test_hundreds_of_servers_stay_finite_and_exact() -> None:
    servers = np.arange(1, 1001)
    result = erlang_b(servers, 800.0)
    assert np.all(np.isfinite(result)) and np.all((result >= 0) & (result <= 1))
    for c in (200, 799, 850, 1000):
        assert result[c - 1] == pytest.approx(erlang_b_by_logs(c, 800.0), rel=1e-9)
    assert np.all(np.isfinite(erlang_c(servers, 800.0)))


def test_vectorised_over_servers_and_loads() -> None:
    table = erlang_b(np.array([[5], [10]]), np.array([3.0, 8.0, 12.0]))
    assert table.shape == (2, 3)
    assert table[1, 1] == pytest.approx(float(erlang_b(10, 8.0)))
    all_servers = erlang_b_all(20, np.array([3.0, 8.0]))
    assert all_servers.shape == (21, 2)
    assert all_servers[10, 1] == pytest.approx(float(erlang_b(10, 8.0)))


def test_beds_needed_for_the_published_headline() -> None:
    # 1 in 50 at the published acute unit's load needs 14 beds (Monks et al. 2016)
    assert int(beds_needed(Method.ERLANG_B, 8.145493, 1 / 50)) == 14
    # Erlang C: load 1 needs 4 (3 gives 0.091); load 8 needs 14 (13 gives 0.076)
    assert beds_needed(Method.ERLANG_C, np.array([1.0, 8.0]), 0.05).tolist() == [4, 14]


def test_occupancy() -> None:
    assert occupancy(Method.ERLANG_C, 10, 8.0) == pytest.approx(0.8)
    assert occupancy(Method.ERLANG_C, 4, 8.0) == 1.0
    assert occupancy(Method.ERLANG_B, 10, 8.0) == pytest.approx(8.0 * (1 - erlang_b(10, 8.0)) / 10)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="servers must be whole numbers"):
        erlang_b(-1, 2.0)
    with pytest.raises(ValueError, match="offered load must be a finite number"):
        erlang_b(3, -2.0)
    with pytest.raises(ValueError, match="between 0 and 1"):
        beds_needed(Method.ERLANG_B, 3.0, 1.5)


loads = st.floats(min_value=0.01, max_value=300.0, allow_nan=False)
servers = st.integers(min_value=1, max_value=400)


@settings(max_examples=60, deadline=None)
@given(load=loads, c=servers)
def test_erlang_b_falls_as_servers_rise(load: float, c: int) -> None:
    assert erlang_b(c + 1, load) <= erlang_b(c, load)


@settings(max_examples=60, deadline=None)
@given(load=loads, c=servers)
def test_erlang_c_is_at_least_erlang_b(load: float, c: int) -> None:
    assert erlang_c(c, load) >= erlang_b(c, load) - 1e-12


@settings(max_examples=40, deadline=None)
@given(
    load=loads,
    more=st.floats(min_value=0.0, max_value=50.0),
    target=st.floats(min_value=0.001, max_value=0.5),
    method=st.sampled_from([Method.ERLANG_B, Method.ERLANG_C]),
)
def test_beds_needed_is_monotone(load: float, more: float, target: float, method: Method) -> None:
    assert beds_needed(method, load + more, target) >= beds_needed(method, load, target)
    assert beds_needed(method, load, target / 2) >= beds_needed(method, load, target)
    needed = int(beds_needed(method, load, target))
    assert (
        float(erlang_b(needed, load) if method is Method.ERLANG_B else erlang_c(needed, load))
        <= target
    )


def test_streaming_path_agrees_with_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    from openbook.capacity.model import queueing

    servers, loads = np.array([1, 7, 30, 30]), np.array([0.5, 6.0, 25.0, 31.0])
    tabled = erlang_b(servers, loads)
    monkeypatch.setattr(queueing, "TABLE_CELLS", 0)
    assert erlang_b(servers, loads) == pytest.approx(tabled, rel=1e-12)
    many = np.linspace(1.0, 40.0, 50)  # more than 16 loads: the NumPy recursion
    assert erlang_b_all(30, many)[30] == pytest.approx(erlang_b(30, many), rel=1e-12)
