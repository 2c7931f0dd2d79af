"""The capacity files: the shipped ones load; every bad input is reported with its JSON path."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from openbook.capacity.file.cath_lab import load_cath_lab_scenario, parse_cath_lab_scenario
from openbook.capacity.file.pooling import parse_pooling_scenario
from openbook.capacity.file.stroke import (
    load_stroke_parameters,
    parse_stroke_parameters,
    published_parameters,
)

DATA = resources.files("openbook.capacity") / "data"
SHARED = (
    next(
        (
            p / "shared"
            for p in Path(__file__).resolve().parents
            if (p / "shared" / "data").is_dir()
        ),
        Path("/nonexistent"),
    )
    / "data"
    / "capacity"
)


def _document(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _changed(name: str, change: Callable[[Any], object]) -> Any:
    document = copy.deepcopy(_document(name))
    change(document)
    return document


def test_published_parameters() -> None:
    params = published_parameters()
    assert params.acute_interarrival == {"stroke": 1.2, "tia": 9.3, "neuro": 3.6, "other": 3.2}
    assert set(params.rehab_interarrival) == {"stroke", "neuro", "other"}
    assert params.acute_stay_for("stroke", "esd").mean == 4.6
    assert params.rehab_stay_for("stroke", "other").mean == 28.4
    # the paper's rehab routing for "other" sums to 1.01 (rounding): normalised
    assert sum(params.rehab_routing["other"].probabilities) == pytest.approx(1.0)
    assert "Monks" in params.source


def test_the_shipped_copy_is_the_shared_file() -> None:
    shared = SHARED / "monks2016_parameters.json"
    if not shared.exists():
        pytest.skip("the shared data folder is not beside this checkout")
    assert json.loads(shared.read_text()) == _document("monks2016_parameters.json")


def _params(change: Callable[[dict[str, Any]], object]) -> list[str]:
    document = _changed("monks2016_parameters.json", lambda d: change(d["simulation_parameters"]))
    parameters, issues = parse_stroke_parameters(document, "params.json")
    assert parameters is None
    return [str(issue) for issue in issues]


P = "params.json:$.simulation_parameters"


def test_stroke_missing_distribution() -> None:
    assert _params(lambda p: p.pop("asu_arrival_tia")) == [
        f"{P}.asu_arrival_tia: is missing; expected an Exponential distribution"
    ]


def test_stroke_wrong_distribution() -> None:
    assert _params(lambda p: p["asu_los_tia"].update(class_name="Normal")) == [
        f"{P}.asu_los_tia.class_name: 'class_name' is 'Normal'; expected 'Lognormal'"
    ]


def test_stroke_negative_mean() -> None:
    assert _params(lambda p: p["asu_arrival_stroke"]["params"].update(mean=-1.2)) == [
        f"{P}.asu_arrival_stroke.params.mean: 'mean' is -1.2; expected a positive number of "
        "days between arrivals"
    ]


def test_stroke_text_instead_of_a_number() -> None:
    assert _params(lambda p: p["rehab_los_neuro"]["params"].update(stdev="28.4")) == [
        f"{P}.rehab_los_neuro.params.stdev: 'stdev' is '28.4'; expected a positive number of days"
    ]


def test_stroke_routing_that_does_not_sum_to_one() -> None:
    assert _params(lambda p: p["asu_routing_stroke"]["params"].update(freq=[0.5, 0.13, 0.63])) == [
        f"{P}.asu_routing_stroke.params.freq: frequencies sum to 1.26; expected 1 (within 0.02, "
        "for rounding)"
    ]


def test_stroke_unknown_destination() -> None:
    change = lambda p: p["asu_routing_tia"]["params"].update(values=["rehab", "esd", "home"])  # noqa: E731
    assert _params(change) == [
        f"{P}.asu_routing_tia.params.values: 'values' is ['rehab', 'esd', 'home']; expected a "
        "list drawn from rehab, esd, other"
    ]


def test_stroke_routing_frequencies_and_values_differ_in_length() -> None:
    assert _params(lambda p: p["rehab_routing_stroke"]["params"].update(freq=[1.0])) == [
        f"{P}.rehab_routing_stroke.params.freq: 'freq' is [1.0]; expected 2 frequencies of zero "
        "or more, one per value"
    ]


def test_stroke_misspelt_parameter() -> None:
    change = lambda p: p.update(asu_arrival_strok={"class_name": "Exponential"})  # noqa: E731
    [message] = _params(change)
    assert message.startswith(
        f"{P}.asu_arrival_strok: 'asu_arrival_strok' is not a setting "
        "here; expected one of asu_arrival_stroke, "
    )
    assert message.endswith("(did you mean 'asu_arrival_stroke'?)")


def test_stroke_every_problem_at_once() -> None:
    def change(p: dict[str, Any]) -> None:
        p["asu_arrival_stroke"]["params"]["mean"] = 0
        p["asu_los_other"]["params"].pop("stdev")

    assert _params(change) == [
        f"{P}.asu_arrival_stroke.params.mean: 'mean' is 0; expected a positive number of days "
        "between arrivals",
        f"{P}.asu_los_other.params.stdev: is missing; expected a positive number of days",
    ]


def test_stroke_without_its_top_level_key() -> None:
    assert [str(i) for i in parse_stroke_parameters({"parameters": {}}, "params.json")[1]] == [
        f"{P}: is missing; expected an object of named distributions"
    ]


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"simulation_parameters": {"a": 1,}}')
    assert [str(i) for i in load_stroke_parameters(path)[1]] == [
        "bad.json:1:35: not valid JSON: Expecting property name enclosed in double quotes"
    ]


def test_missing_file(tmp_path: Path) -> None:
    assert [str(i) for i in load_cath_lab_scenario(tmp_path / "none.json")[1]] == [
        "none.json: file not found"
    ]


def _cath(change: Callable[[Any], object]) -> list[str]:
    scenario, issues = parse_cath_lab_scenario(
        _changed("dorset_cath_labs.json", change), "labs.json"
    )
    assert scenario is None
    return [str(issue) for issue in issues]


def test_cath_lab_bad_time() -> None:
    assert _cath(lambda d: d["sites"][0]["sessions"][0].update(start="8.30")) == [
        "labs.json:$.sites[0].sessions[0].start: 'start' is '8.30'; expected a time like 08:30"
    ]


def test_cath_lab_session_ending_before_it_starts() -> None:
    assert _cath(lambda d: d["sites"][0]["sessions"][0].update(start="17:00", end="09:00")) == [
        "labs.json:$.sites[0].sessions[0].end: the session ends at 09:00, before it starts at "
        "17:00; expected a later time"
    ]


def test_cath_lab_bad_day() -> None:
    assert _cath(lambda d: d["sites"][1]["sessions"][0].update(days=["Monday"])) == [
        "labs.json:$.sites[1].sessions[0].days: 'days' is [\"Monday\"]; expected a list of Mon, "
        "Tue, Wed, Thu, Fri, Sat, Sun"
    ]


def test_cath_lab_no_labs() -> None:
    assert _cath(lambda d: d["sites"][2].update(labs=0)) == [
        "labs.json:$.sites[2].labs: 'labs' is 0; expected a whole number of labs, 1 or more"
    ]


def test_cath_lab_unknown_site() -> None:
    assert _cath(lambda d: d["demand"][0].update(site="RBX")) == [
        "labs.json:$.demand[0].site: 'site' is 'RBX'; expected one of 'RBD', 'RD3', 'RDZ'"
    ]


def test_cath_lab_unknown_procedure() -> None:
    assert _cath(lambda d: d["demand"][1].update(procedure="tavi")) == [
        "labs.json:$.demand[1].procedure: 'procedure' is 'tavi'; expected one of 'angiography', "
        "'device', 'pci'"
    ]


def test_cath_lab_negative_demand() -> None:
    assert _cath(lambda d: d["demand"][2].update(urgent_per_week=-1)) == [
        "labs.json:$.demand[2].urgent_per_week: 'urgent_per_week' is -1; expected a number of "
        "cases a week, 0 or more"
    ]


def test_cath_lab_zero_duration() -> None:
    assert _cath(lambda d: d["procedures"][0]["duration_minutes"].update(mean=0)) == [
        "labs.json:$.procedures[0].duration_minutes.mean: 'mean' is 0; expected a positive "
        "number of minutes"
    ]


def test_cath_lab_unknown_policy() -> None:
    assert _cath(lambda d: d.update(policy="fifo")) == [
        "labs.json:$.policy: 'policy' is 'fifo'; expected one of 'priority', 'deadline'"
    ]


def test_cath_lab_one_replication() -> None:
    assert _cath(lambda d: d.update(replications=1)) == [
        "labs.json:$.replications: 'replications' is 1; expected a whole number, 2 or more"
    ]


def test_cath_lab_no_sites() -> None:
    assert _cath(lambda d: d.update(sites=[])) == [
        "labs.json:$.sites: is []; expected a non-empty list of sites"
    ]


def test_cath_lab_misspelt_setting() -> None:
    [message] = _cath(lambda d: d.update(week=52))
    assert message.startswith("labs.json:$.week: 'week' is not a setting here; expected one of ")
    assert message.endswith("(did you mean 'weeks'?)")


def _pooling(change: Callable[[Any], object]) -> list[str]:
    scenario, issues = parse_pooling_scenario(
        _changed("dorset_stroke_units.json", change), "units.json"
    )
    assert scenario is None
    return [str(issue) for issue in issues]


def test_pooling_site_twice() -> None:
    assert _pooling(lambda d: d["sites"][1].update(code="RBD")) == [
        "units.json:$.sites: site 'RBD' appears more than once; expected each site once"
    ]


def test_pooling_target_of_one_in_one() -> None:
    assert _pooling(lambda d: d.update(target_one_in=1)) == [
        "units.json:$.target_one_in: 'target_one_in' is 1; expected a number above 1, like 50 "
        "for 1 in 50"
    ]


def test_pooling_missing_target() -> None:
    assert _pooling(lambda d: d.pop("target_one_in")) == [
        "units.json:$.target_one_in: is missing; expected a number above 1, like 50 for 1 in 50"
    ]


def test_pooling_simulation_is_not_a_pooling_method() -> None:
    assert _pooling(lambda d: d.update(method="simulation")) == [
        "units.json:$.method: 'method' is 'simulation'; expected one of 'erlang-b', 'erlang-c'"
    ]


def test_pooling_arrivals_with_a_comma() -> None:
    assert _pooling(lambda d: d["sites"][0].update(arrivals_per_day="1,3")) == [
        "units.json:$.sites[0].arrivals_per_day: 'arrivals_per_day' is '1,3'; expected a "
        "positive number of arrivals a day"
    ]


def test_pooling_no_beds() -> None:
    assert _pooling(lambda d: d["sites"][0].update(beds=0)) == [
        "units.json:$.sites[0].beds: 'beds' is 0; expected a whole number of beds, 1 or more"
    ]
