"""Dorset's options from the seed on the real data, and where east + west stands."""

from __future__ import annotations

import pytest

from openbook.configuration.area import build_service_area, default_candidates
from openbook.configuration.data import StrokeData
from openbook.configuration.dorset import DORSET_OPTIONS, compare_dorset, evaluate_options
from openbook.configuration.evaluate import evaluation_to_dict
from openbook.configuration.search import Method, SearchRequest, search_configurations

# key: (mean, longest, % within 30, % within 60, units below 600)
EXPECTED = {
    "bournemouth": (30.3, 78.8, 66.2, 88.4, []),
    "dorchester": (37.1, 59.5, 22.1, 100.0, []),
    "east_west": (20.7, 56.3, 87.4, 100.0, ["DT12JY"]),
    "bournemouth_neighbours": (23.7, 53.1, 70.7, 100.0, []),
    "dorchester_neighbours": (33.1, 48.8, 25.4, 100.0, []),
    "east_west_neighbours": (19.6, 48.8, 90.4, 100.0, ["DT12JY"]),
}


def test_the_options_are_the_seeds() -> None:
    assert [o.units[:2] for o in DORSET_OPTIONS[:3]] == [
        ("BH77DW",),
        ("DT12JY",),
        ("BH77DW", "DT12JY"),
    ]
    assert [o.forced for o in DORSET_OPTIONS] == [True, True, False, False, False, False]


@pytest.fixture(scope="module")
def dorset(stroke_data: StrokeData):  # type: ignore[no-untyped-def]
    return build_service_area(stroke_data, "E38000045")


def test_options_evaluate(dorset) -> None:  # type: ignore[no-untyped-def]
    for option, evaluation in evaluate_options(dorset):
        payload = evaluation_to_dict(evaluation)
        assert payload["lsoas"] == 452
        assert payload["admissions_per_year"] == 1590.7
        figures = (
            payload["mean_time_min"],
            payload["max_time_min"],
            payload["pct_within_30"],
            payload["pct_within_60"],
            payload["units_below_minimum"],
        )
        assert figures == EXPECTED[option.key], option.key
    east_west = {o.key: e for o, e in evaluate_options(dorset)}["east_west"]
    assert evaluation_to_dict(east_west)["admissions_by_unit"] == {
        "BH77DW": 1106.7,
        "DT12JY": 484.0,
    }


def test_east_west_ranks_first_on_time_but_fails_the_size_rule(stroke_data, dorset) -> None:  # type: ignore[no-untyped-def]
    comparison = compare_dorset(dorset, default_candidates(dorset, stroke_data))
    assert comparison.two_unit.units.shape[0] == 45  # every pair of the 10 candidates, ranked
    assert comparison.two_unit.ranking.size == 45
    assert comparison.east_west_rank == 1
    assert comparison.best.rank_of(["BH77DW", "DT12JY"]) is None
    best_pair = next(i for i in comparison.best.ranking if comparison.best.n_units[i] == 2)
    assert comparison.best.configuration(int(best_pair)) == ("BA214AT", "BH77DW")
    assert comparison.explanation == (
        "East + west ranks 1 of 45 two-unit configurations by mean time (20.7 minutes, 87.4% "
        "within 30, longest 56.3); everyone is within 60 minutes, but it fails the size rule: "
        "Dorset's 1,591 admissions a year split BH77DW 1,107, DT12JY 484, so DT12JY 484 is "
        "below 600. The best two-unit configuration meeting both rules is BA214AT + BH77DW "
        "(23.9 minutes, 70.5% within 30)."
    )


def test_mip_agrees_with_enumeration_on_dorset(stroke_data, dorset) -> None:  # type: ignore[no-untyped-def]
    candidates = default_candidates(dorset, stroke_data)
    for k in (1, 2, 3):
        common = {"min_units": k, "within_min": 60.0, "min_admissions": 600.0}
        enumerated = search_configurations(
            dorset, SearchRequest(candidates, k, **common, rank_redundant=True)
        )
        solved = search_configurations(
            dorset, SearchRequest(candidates, k, **common, method=Method.mip)
        )
        assert solved.checks == ()
        assert solved.mean_time_min[solved.ranking[0]] == pytest.approx(
            enumerated.mean_time_min[enumerated.ranking[0]], abs=1e-4
        )
