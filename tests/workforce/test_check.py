"""The independent checker: one hand-made roster per broken hard rule, with its exact message."""

from __future__ import annotations

from dataclasses import replace

import pytest

from openbook.workforce.rota.check import HardRule, calculate_objective, check_roster
from openbook.workforce.rota.model import RotaDefinition
from tests.workforce.conftest import VALID, person, roster


def messages(rota: RotaDefinition, *worked: tuple[int, str]) -> list[str]:
    return [str(v) for v in check_roster(rota, roster(*worked))]


def test_the_valid_roster_breaks_nothing(rota: RotaDefinition) -> None:
    assert messages(rota, *VALID) == []


def test_runs_touching_either_end_of_the_horizon_are_exempt_from_the_minimums(
    rota: RotaDefinition,
) -> None:
    worked = ((0, "E"), (3, "E"), (4, "E"), (7, "E"), (8, "E"), (13, "E"))
    assert messages(rota, *worked) == []


def test_one_shift_a_day(rota: RotaDefinition) -> None:
    assert messages(rota, *VALID, (3, "L")) == [
        "A works 2 shifts on day 3 (E, L); at most one a day"
    ]


def test_day_off(rota: RotaDefinition) -> None:
    worked = ((1, "E"), (2, "E"), (3, "E"), (8, "E"), (9, "E"))
    assert messages(rota, *worked) == ["A works E on day 9, a day off"]


def test_passport_eligibility(rota: RotaDefinition) -> None:
    worked = ((1, "E"), (2, "E"), (3, "E"), (7, "E"), (8, "L"))
    assert messages(rota, *worked) == [
        "A works L on day 8 but is not eligible: als expired on 2018-03-20"
    ]


def test_cannot_follow(rota: RotaDefinition) -> None:
    worked = ((1, "E"), (2, "L"), (3, "E"), (7, "E"), (8, "E"))
    assert messages(rota, *worked) == ["A works E on day 3 after L on day 2; E cannot follow L"]


def test_max_shifts_of_a_type(rota: RotaDefinition) -> None:
    worked = ((1, "L"), (2, "L"), (3, "L"), (6, "L"), (7, "L"))
    assert messages(rota, *worked) == ["A works 5 L shifts; at most 3"]


def test_max_minutes(rota: RotaDefinition) -> None:
    tight = replace(rota, staff=(person(max_minutes=2000),))
    assert messages(tight, *VALID) == ["A works 2400 minutes; at most 2000"]


def test_min_minutes(rota: RotaDefinition) -> None:
    tight = replace(rota, staff=(person(min_minutes=2880),))
    assert messages(tight, *VALID) == ["A works 2400 minutes; at least 2880"]


def test_max_consecutive_shifts(rota: RotaDefinition) -> None:
    assert messages(rota, *VALID, (4, "E")) == ["A works 4 days in a row from day 1; at most 3"]


def test_min_consecutive_shifts(rota: RotaDefinition) -> None:
    worked = ((1, "E"), (2, "E"), (3, "E"), (7, "E"))
    assert messages(rota, *worked) == ["A works 1 day in a row from day 7; at least 2"]


def test_min_consecutive_days_off(rota: RotaDefinition) -> None:
    worked = ((1, "E"), (2, "E"), (3, "E"), (5, "E"), (6, "E"))
    assert messages(rota, *worked) == ["A has 1 day off in a row from day 4; at least 2"]


def test_max_weekends(rota: RotaDefinition) -> None:
    worked = ((3, "E"), (4, "E"), (5, "E"), (10, "E"), (11, "E"))
    none_allowed = replace(rota, staff=(person(max_weekends=0),))
    assert messages(none_allowed, *worked) == ["A works 1 weekend; at most 0"]


def test_unknown_employee_shift_and_day(rota: RotaDefinition) -> None:
    found = check_roster(rota, roster(*VALID) + roster((1, "E"), employee="Z"))
    found += check_roster(rota, roster((20, "E"), (4, "X")))
    assert [v.rule for v in found[:3]] == [HardRule.UNKNOWN] * 3
    assert [str(v) for v in found[:3]] == [
        "Z on day 1: unknown employee",
        "A on day 4: unknown shift 'X'",
        "A on day 20: day outside the horizon 0-13",
    ]


@pytest.mark.parametrize("rule", list(HardRule))
def test_every_rule_has_a_label(rule: HardRule) -> None:
    assert rule.label


def test_objective_recomputed_from_the_roster(rota: RotaDefinition) -> None:
    breakdown = calculate_objective(rota, roster(*VALID))
    # day 1 E needs 2 (1 short: 100); on-request day 10 unmet (3); off-request day 1 met (2)
    assert (breakdown.under_cover, breakdown.on_requests, breakdown.off_requests) == (100, 3, 2)
    assert breakdown.over_cover == 0 and breakdown.total == 105
    assert breakdown.unmet_requests == 2 and breakdown.shortfall == 1
    assert calculate_objective(rota, roster(*VALID, (2, "L"))).over_cover == 1
