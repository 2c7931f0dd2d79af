"""Cath labs: sessions, the two policies, separate against pooled, the Dorset scenario."""

from __future__ import annotations

from dataclasses import replace

import pytest
import simpy

from openbook.capacity.cath_labs import compare_cath_labs
from openbook.capacity.file.cath_lab import dorset_cath_labs
from openbook.capacity.model.cath_lab import (
    CathLabScenario,
    CathLabSite,
    Demand,
    Policy,
    Procedure,
    Session,
)
from openbook.capacity.model.scenario import Lognormal
from openbook.capacity.request import InvalidRequestError
from openbook.capacity.simulation.cath_lab import Case, _Lists

WEEKDAYS = (Session((0, 1, 2, 3, 4), 9.0, 17.0),)
SMALL = CathLabScenario(
    name="two sites",
    sites=(CathLabSite("A", "busy", 1, WEEKDAYS), CathLabSite("B", "quiet", 1, WEEKDAYS)),
    procedures=(Procedure("angiography", Lognormal(45.0, 15.0)),),
    demand=(Demand("A", "angiography", 30.0, 8.0), Demand("B", "angiography", 10.0, 3.0)),
    weeks=12,
    warm_up_weeks=2,
    replications=3,
    seed=4,
)


def test_session_windows() -> None:
    site = CathLabSite("A", "A", 2, (Session((0, 2), 8.5, 17.0),))
    assert site.windows(24 * 8) == [(8.5, 17.0), (56.5, 65.0), (176.5, 185.0)]
    assert site.lab_hours_a_week == 2 * 2 * 8.5


def _case(arrival: float, site: str, urgent: bool, planned: float = 1.0) -> Case:
    target = 72.0 if urgent else 42 * 24.0
    return Case(arrival, site, urgent, planned, planned, arrival + target)


def test_priority_takes_urgent_first_and_deadline_the_earliest_due() -> None:
    old_elective = _case(0.0, "A", urgent=False)  # due at 1008 h
    fresh_urgent = _case(1000.0, "A", urgent=True)  # due at 1072 h
    for policy, first in ((Policy.PRIORITY, fresh_urgent), (Policy.DEADLINE, old_elective)):
        lists = _Lists(simpy.Environment(), policy)
        lists.add("A", old_elective)
        lists.add("A", fresh_urgent)
        assert lists.take("A", "A", room=8.0) is first


def test_a_case_starts_only_if_it_fits_and_pooled_lists_prefer_home() -> None:
    lists = _Lists(simpy.Environment(), Policy.PRIORITY)
    long_case, away, home = _case(0, "A", False, 3.0), _case(1, "B", False), _case(2, "A", False)
    for case in (long_case, away, home):
        lists.add("county", case)
    assert lists.take("county", "A", room=2.0) is home  # the long one does not fit; home first
    assert lists.take("county", "A", room=2.0) is away
    assert lists.take("county", "A", room=2.0) is None


@pytest.fixture(scope="module")
def small_result():  # type: ignore[no-untyped-def]
    return compare_cath_labs(SMALL)


def test_pooling_shares_the_quiet_site_with_the_busy_one(small_result) -> None:  # type: ignore[no-untyped-def]
    separate = small_result.value("separate", "elective_wait_days_mean", "A").mean
    pooled = small_result.value("pooled", "elective_wait_days_mean", "A").mean
    assert pooled < separate
    assert small_result.value("separate", "share_away_from_home").mean == 0.0
    assert 0.0 < small_result.value("pooled", "share_away_from_home", "A").mean < 1.0
    for configuration in ("separate", "pooled"):
        used = small_result.value(configuration, "utilisation").mean
        assert 0.3 < used < 1.0
        within = small_result.value(configuration, "urgent_within_target").mean
        assert 0.0 <= within <= 1.0


def test_result_json(small_result) -> None:  # type: ignore[no-untyped-def]
    body = small_result.to_dict()
    assert set(body) == {
        "scenario",
        "policy",
        "replications",
        "weeks",
        "planned_utilisation",
        "rows",
    }
    assert set(body["rows"][0]) == {"configuration", "site", "metric", "mean", "ci_low", "ci_high"}
    assert len(body["rows"]) == 2 * 3 * 9  # configurations × (all + 2 sites) × metrics
    assert body["planned_utilisation"]["A"] == pytest.approx(38 * 60 / 60 / 40)


def test_the_same_seed_gives_the_same_answer() -> None:
    quick = replace(SMALL, weeks=3, replications=2)
    assert compare_cath_labs(quick) == compare_cath_labs(quick, workers=2)


def test_the_dorset_scenario_is_synthetic_and_of_the_right_order() -> None:
    scenario = dorset_cath_labs()
    assert "SYNTHETIC" in scenario.name
    assert [s.code for s in scenario.sites] == ["RBD", "RD3", "RDZ"]
    cases_a_year = 52 * sum(d.elective_per_week + d.urgent_per_week for d in scenario.demand)
    assert 4000 < cases_a_year < 7000
    assert (
        0.7
        < scenario.planned_hours_a_week() / sum(s.lab_hours_a_week for s in scenario.sites)
        < 0.9
    )


def test_bad_cath_lab_requests() -> None:
    with pytest.raises(InvalidRequestError) as raised:
        compare_cath_labs(replace(SMALL, replications=1, weeks=0))
    assert [str(i) for i in raised.value.issues] == [
        "--replications: is 1; expected at least 2, for a confidence interval",
        "--weeks: is 0; expected a positive number of weeks to simulate",
    ]
