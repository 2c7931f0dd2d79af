"""Separate sites against one pooled service."""

from __future__ import annotations

import pytest

from openbook.capacity.file.pooling import DEMONSTRATIONS, dorset_pooling
from openbook.capacity.model.pooling import PoolingScenario, PoolingSite
from openbook.capacity.model.queueing import Method, erlang_b
from openbook.capacity.model.scenario import Horizon
from openbook.capacity.pooling import allocate, compare_pooling
from openbook.capacity.request import InvalidRequestError

TWO_SITES = PoolingScenario(
    "two",
    "beds",
    (PoolingSite("A", "A", 2.0, 3.0), PoolingSite("B", "B", 1.0, 3.0)),
    target_p_delay=0.02,
)


def test_pooling_needs_fewer_beds_for_the_same_target() -> None:
    result = compare_pooling(TWO_SITES)
    assert [s.separate_beds for s in result.sites] == [12, 8]  # at load 6 and 3
    assert result.pooled_beds == 15 and result.beds_saved == 5  # B(15, 9) ≤ 0.02 < B(14, 9)
    assert float(erlang_b(15, 9.0)) <= 0.02 < float(erlang_b(14, 9.0))
    assert sum(s.pooled_beds for s in result.sites) == 15
    assert result.pooled_p_delay == pytest.approx(float(erlang_b(15, 9.0)))
    assert result.simulated_share_away is None


def test_simulated_pooling_places_some_patients_away_from_home() -> None:
    result = compare_pooling(TWO_SITES, Horizon(100, 730, 4, seed=5))
    assert result.simulated_share_away is not None and result.simulated_pooled_p_delay
    assert 0.0 < result.simulated_share_away.mean < 0.5
    assert result.simulated_pooled_p_delay.ci_low is not None
    # one pooled unit delays like Erlang B of the total load, whatever the site it lands at
    assert result.simulated_pooled_p_delay.mean == pytest.approx(result.pooled_p_delay, abs=0.01)
    body = result.to_dict()
    assert body["beds_saved"] == 5 and set(body["simulated_share_away"]) == {
        "mean",
        "ci_low",
        "ci_high",
    }


@pytest.mark.parametrize("name", DEMONSTRATIONS)
def test_the_dorset_demonstrations_save_beds(name: str) -> None:
    scenario = dorset_pooling(name)
    result = compare_pooling(scenario)
    assert len(result.sites) == 3 and 0 < result.pooled_beds < result.separate_beds
    assert "SYNTHETIC" in scenario.name


def test_dorset_stroke_units_figures() -> None:
    result = compare_pooling(dorset_pooling())
    assert (result.separate_beds, result.pooled_beds) == (44, 34)


@pytest.mark.parametrize(
    ("total", "loads", "beds"),
    [(10, [1.0, 1.0], (5, 5)), (7, [6.0, 1.0, 0.01], (5, 1, 1)), (16, [6.0, 3.0], (11, 5))],
)
def test_allocate(total: int, loads: list[float], beds: tuple[int, ...]) -> None:
    assert allocate(total, loads) == beds


def test_bad_pooling_requests() -> None:
    with pytest.raises(InvalidRequestError) as raised:
        compare_pooling(
            PoolingScenario("x", "beds", TWO_SITES.sites, 1.5, Method.SIMULATION),
            Horizon(10, 100, 1),
        )
    assert [str(i) for i in raised.value.issues] == [
        "--replications: is 1; expected at least 2, for a confidence interval",
        "--target-one-in: is 0.666667; expected a number above 1, like 50 for 1 in 50",
        "--method: is simulation; expected erlang-b or erlang-c (add --replications to "
        "simulate as well)",
    ]
