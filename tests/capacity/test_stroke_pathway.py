"""The published stroke pathway model: the paper's figures, Erlang B, the finite-bed queue."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from openbook.capacity.file.stroke import published_parameters
from openbook.capacity.model.queueing import erlang_b
from openbook.capacity.model.scenario import Horizon, PathwayMethod, StrokePathwayRequest
from openbook.capacity.stroke_pathway import calculate_stay_sensitivity, simulate_stroke_pathway

REFERENCE = json.loads((Path(__file__).parent / "monks2016_reference.json").read_text())
PAPER_HORIZON = Horizon(3 * 365, 5 * 365, 30)  # the paper: 3 years' warm-up, 5 years' audit


@pytest.fixture(scope="module")
def published() -> StrokePathwayRequest:
    return StrokePathwayRequest(
        published_parameters(), tuple(range(9, 15)), tuple(range(10, 17)), horizon=PAPER_HORIZON
    )


def _p_delay(request: StrokePathwayRequest, unit: str) -> dict[int, float]:
    result = simulate_stroke_pathway(request)
    return {row.beds: row.p_delay for row in result.unit(unit).rows}


def test_offered_loads_of_the_published_parameters(published: StrokePathwayRequest) -> None:
    assert published.parameters.acute_offered_load() == pytest.approx(8.1455, abs=1e-4)
    assert published.parameters.rehab_offered_load() == pytest.approx(9.7182, abs=1e-4)


def test_reproduces_the_headline_1_in_7_at_10_beds_and_1_in_50_at_14(
    published: StrokePathwayRequest,
) -> None:
    p_delay = _p_delay(published, "acute")
    tolerance = REFERENCE["tolerance"]["headline"]
    for beds, expected in REFERENCE["headline"]["acute"].items():
        assert p_delay[int(beds)] == pytest.approx(expected, abs=tolerance)


@pytest.mark.parametrize("unit", ["acute", "rehab"])
@pytest.mark.parametrize(("column", "admissions"), [("current", 1.0), ("five_percent_more", 1.05)])
def test_reproduces_table_2(
    published: StrokePathwayRequest, unit: str, column: str, admissions: float
) -> None:
    p_delay = _p_delay(replace(published, admissions_multiplier=admissions), unit)
    tolerance = REFERENCE["tolerance"]["table_2"]
    for beds, expected in REFERENCE["table_2"][unit][column].items():
        assert p_delay[int(beds)] == pytest.approx(expected, abs=tolerance), beds


def test_the_acute_unit_is_erlang_b_within_its_confidence_interval(
    published: StrokePathwayRequest,
) -> None:
    """Poisson arrivals into an unlimited unit: the published method is Erlang B of the
    unit's offered load whatever the stay distribution (insensitivity)."""
    result = simulate_stroke_pathway(published)
    acute = result.unit("acute")
    for row in acute.rows:
        exact = float(erlang_b(row.beds, acute.offered_load))
        assert row.ci_low is not None and row.ci_high is not None
        assert row.ci_low <= exact <= row.ci_high


def test_beds_needed_and_occupancy_distribution(published: StrokePathwayRequest) -> None:
    result = simulate_stroke_pathway(published, one_in=(7, 50))
    acute = result.unit("acute")
    assert acute.beds_needed == ((7, 10), (50, 14))
    assert sum(acute.occupancy_distribution) == pytest.approx(1.0)
    mean_patients = sum(n * s for n, s in enumerate(acute.occupancy_distribution))
    assert mean_patients == pytest.approx(acute.offered_load, rel=0.03)


def test_the_same_seed_gives_the_same_answer_on_one_core_or_two() -> None:
    request = StrokePathwayRequest(
        published_parameters(), (10, 12), (14,), horizon=Horizon(100, 365, 4, seed=7)
    )
    assert simulate_stroke_pathway(request, workers=1) == simulate_stroke_pathway(
        request, workers=2
    )
    other = replace(request, horizon=Horizon(100, 365, 4, seed=8))
    assert simulate_stroke_pathway(other) != simulate_stroke_pathway(request)


def test_progress_is_reported_for_every_replication() -> None:
    request = StrokePathwayRequest(
        published_parameters(), (10,), (14,), horizon=Horizon(30, 100, 3)
    )
    seen: list[tuple[int, int]] = []
    simulate_stroke_pathway(request, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


QUEUE = Horizon(120, 365, 3, seed=11)


def _queue(acute: tuple[int, ...], rehab: tuple[int, ...]) -> StrokePathwayRequest:
    return StrokePathwayRequest(published_parameters(), acute, rehab, PathwayMethod.QUEUE, QUEUE)


def test_queue_method_more_beds_fewer_delays() -> None:
    acute = simulate_stroke_pathway(_queue((10, 12, 14), (16,))).unit("acute").rows
    assert acute[0].p_delay > acute[1].p_delay > acute[2].p_delay  # same patients each time
    assert all(0 < row.occupancy <= 1 for row in acute)


def test_queue_method_a_full_rehab_unit_blocks_acute_beds() -> None:
    short = simulate_stroke_pathway(_queue((12,), (7,))).unit("acute").rows[0]
    ample = simulate_stroke_pathway(_queue((12,), (30,))).unit("acute").rows[0]
    assert short.p_delay > ample.p_delay
    assert short.occupancy > ample.occupancy  # blocked patients keep their acute beds


def test_queue_method_with_beds_to_spare_matches_the_unlimited_unit() -> None:
    result = simulate_stroke_pathway(_queue((60,), (80,)))
    for unit in result.units:
        row = unit.rows[0]
        assert row.p_delay == 0.0
        mean_patients = sum(n * s for n, s in enumerate(unit.occupancy_distribution))
        assert row.occupancy * row.beds == pytest.approx(mean_patients, rel=0.05)


def test_longer_stays_need_more_beds() -> None:
    request = StrokePathwayRequest(
        published_parameters(), (10,), (14,), horizon=Horizon(365, 3 * 365, 5)
    )
    rows = calculate_stay_sensitivity(request, (0.9, 1.0, 1.2), one_in=(50,))
    acute = [r for r in rows if r.unit == "acute"]
    needed = [r.beds_needed[0][1] for r in acute]
    assert needed == sorted(needed) and needed[0] < needed[-1]
    assert acute[1].to_dict()["beds_needed"] == [{"one_in": 50, "beds": 14}]
