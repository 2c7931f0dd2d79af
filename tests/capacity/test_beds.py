"""One unit: analytic answers, and the simulation cross-checked against Erlang."""

from __future__ import annotations

import pytest

from openbook.capacity.beds import calculate_beds
from openbook.capacity.model.queueing import Method, erlang_b, erlang_c
from openbook.capacity.model.scenario import BedsRequest, Horizon, WhenFull
from openbook.capacity.request import InvalidRequestError

CROSS_CHECK = Horizon(warm_up_days=200, run_days=1000, replications=10, seed=2016)


def test_analytic_rows_are_the_issues_json() -> None:
    result = calculate_beds(BedsRequest(1.5, 5.0, (9, 10), method=Method.ERLANG_B))
    body = result.to_dict()
    assert list(body) == ["method", "offered_load", "rows"]
    assert body["method"] == "erlang-b" and body["offered_load"] == 7.5
    assert body["rows"][0] == {
        "beds": 9,
        "p_delay": round(float(erlang_b(9, 7.5)), 6),
        "occupancy": round(7.5 * (1 - float(erlang_b(9, 7.5))) / 9, 6),
        "ci_low": None,
        "ci_high": None,
    }


@pytest.mark.parametrize(
    ("when_full", "formula"), [(WhenFull.WAIT, erlang_c), (WhenFull.TURN_AWAY, erlang_b)]
)
def test_simulation_with_exponential_stays_is_within_its_ci_of_erlang(when_full, formula) -> None:  # type: ignore[no-untyped-def]
    """2 arrivals a day staying 3 days (load 6): patients who wait match Erlang C, patients
    placed elsewhere match Erlang B, each bed count inside its 95% interval."""
    request = BedsRequest(
        2.0, 3.0, (7, 8, 10), Method.SIMULATION, when_full=when_full, horizon=CROSS_CHECK
    )
    for row in calculate_beds(request).rows:
        exact = float(formula(row.beds, 6.0))
        assert row.ci_low is not None and row.ci_high is not None
        assert row.ci_low <= exact <= row.ci_high, (row, exact)
        expected_occupancy = (
            6.0 / row.beds
            if when_full is WhenFull.WAIT
            else (6.0 * (1 - float(erlang_b(row.beds, 6.0))) / row.beds)
        )
        assert row.occupancy == pytest.approx(expected_occupancy, rel=0.03)


def test_simulation_rows_fall_with_beds_on_common_random_numbers() -> None:
    request = BedsRequest(2.0, 3.0, (6, 7, 8, 9), Method.SIMULATION, horizon=Horizon(50, 300, 3))
    p_delay = [row.p_delay for row in calculate_beds(request).rows]
    assert p_delay == sorted(p_delay, reverse=True)


def test_lognormal_stays_change_erlang_c_but_not_erlang_b() -> None:
    horizon = Horizon(200, 1000, 8, seed=3)
    steady = BedsRequest(
        2.0,
        3.0,
        (8,),
        Method.SIMULATION,
        stay_sd_days=1.0,
        when_full=WhenFull.TURN_AWAY,
        horizon=horizon,
    )
    row = calculate_beds(steady).rows[0]
    assert row.ci_low is not None and row.ci_high is not None
    assert row.ci_low <= float(erlang_b(8, 6.0)) <= row.ci_high  # insensitivity


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (
            BedsRequest(0.0, 5.0, (9,)),
            "--arrivals-per-day: is 0; expected a positive number of arrivals a day",
        ),
        (
            BedsRequest(1.0, -2.0, (9,)),
            "--mean-stay-days: is -2; expected a positive number of days",
        ),
        (BedsRequest(1.0, 2.0, ()), "--beds: is empty; expected a number of beds or a range"),
        (
            BedsRequest(1.0, 2.0, (3,), Method.SIMULATION, horizon=Horizon(10, 100, 1)),
            "--replications: is 1; expected at least 2, for a confidence interval",
        ),
        (
            BedsRequest(1.0, 2.0, (3,), Method.SIMULATION, horizon=Horizon(-1, 100, 5)),
            "--warm-up-days: is -1; expected 0 or more days",
        ),
        (
            BedsRequest(1.0, 2.0, (3,), Method.SIMULATION, horizon=Horizon(1, 0, 5)),
            "--days: is 0; expected a positive number of days to simulate",
        ),
        (
            BedsRequest(1.0, 2.0, (3,), Method.SIMULATION, stay_sd_days=0.0),
            "--stay-sd-days: is 0; expected a positive number of days",
        ),
    ],
)
def test_bad_requests(request_: BedsRequest, message: str) -> None:
    with pytest.raises(InvalidRequestError) as raised:
        calculate_beds(request_)
    assert [str(issue) for issue in raised.value.issues] == [message]
