"""The scenario file: every problem at once at its JSON path; nothing raised; round trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openbook.planning.file import load_scenario, parse_scenario, scenario_document
from tests.planning.strategies import scenarios
from tests.planning.test_scenario import HAND

EXAMPLES = Path(__file__).parents[2] / "examples" / "planning"


def problems(document: Any) -> list[str]:
    scenario, issues = parse_scenario(document, "s.json")
    assert scenario is None
    return [str(issue) for issue in issues]


def changed(path: str, value: Any) -> dict[str, Any]:
    """HAND with one value replaced, at a dotted path (list indexes as numbers)."""
    document = json.loads(json.dumps(HAND))
    *parents, last = path.split(".")
    target: Any = document
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value
    return document


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            "organisations.1.pay",
            12.5,
            "$.organisations[1].pay: expected a string of pounds, found 12.5",
        ),
        (
            "organisations.0.income",
            "12,5OO",
            "$.organisations[0].income: expected a string of pounds like "
            '"1200000.00", found "12,5OO"',
        ),
        (
            "organisations.0.non_pay",
            "-1.00",
            '$.organisations[0].non_pay: must not be negative, found "-1.00"',
        ),
        (
            "organisations.0.kind",
            "hospital",
            "$.organisations[0].kind: expected one of commissioner, acute, "
            'community-and-mental-health, ambulance, local-authority, found "hospital"',
        ),
        (
            "organisations.0.org_code",
            "B",
            "$.organisations[1].org_code: 'B' appears more than once",
        ),
        ("base_year", "2017/2018", "$.base_year: financial year '2017/2018' is not like 2017/18"),
        ("years", 0, "$.years: expected a whole number of years from 1 to 10, found 0"),
        ("years", True, "$.years: expected a whole number of years from 1 to 10, found true"),
        ("name", "", '$.name: expected the scenario\'s name, found ""'),
        (
            "assumptions.uplift_pct",
            "1%",
            '$.assumptions.uplift_pct: expected a number of per cent from -99 to 100, found "1%"',
        ),
        (
            "assumptions.cip_pct",
            -1,
            "$.assumptions.cip_pct: expected a number of per cent from 0 to 100, found -1",
        ),
        (
            "assumptions.pay_inflation_pct",
            {"2018/19": 2},
            "$.assumptions.pay_inflation_pct: has no value for 2019/20",
        ),
        (
            "assumptions.pay_inflation_pct",
            {"2018/19": 2, "2019/20": 2, "2021/22": 2},
            "$.assumptions.pay_inflation_pct.2021/22: is not a year of the plan (2018/19, 2019/20)",
        ),
        (
            "target",
            "balanced",
            '$.target: expected "breakeven" or an object of amounts by org_code, found "balanced"',
        ),
        ("target", {"XYZ": "0.00"}, "$.target.XYZ: 'XYZ' is not one of the organisations"),
        (
            "organisations",
            [],
            "$.organisations: expected a non-empty list of organisations, found []",
        ),
        (
            "organisations.0.mitigations",
            {"reconfig": "1.00"},
            "$.organisations[0].mitigations.reconfig: is not a key here; expected one of "
            "reconfiguration, programme_benefits, new_funding (did you mean 'reconfiguration'?)",
        ),
    ],
)
def test_each_bad_value_is_named_at_its_path(path: str, value: Any, message: str) -> None:
    assert problems(changed(path, value)) == [f"s.json:{message}"]


def test_a_missing_rate_and_an_unknown_key() -> None:
    document = changed(
        "assumptions",
        {
            "uplift_pct": 0,
            "pay_inflation_pct": 1,
            "activity_growth_pct": 0,
            "non_pay_inflaton_pct": 1,
        },
    )
    assert problems(document) == [
        "s.json:$.assumptions.non_pay_inflaton_pct: is not a key here; expected one of uplift_pct, "
        "pay_inflation_pct, non_pay_inflation_pct, activity_growth_pct, cip_pct, cip_recurrent_pct "
        "(did you mean 'non_pay_inflation_pct'?)",
        "s.json:$.assumptions.non_pay_inflation_pct: is missing; expected a number of per cent "
        "or an object of years",
    ]


def test_the_bad_example_reports_every_problem_at_once() -> None:
    scenario, issues = load_scenario(EXAMPLES / "bad_scenario.json")
    assert scenario is None
    assert len(issues) == 9
    assert "bad_scenario.json:$.organisations[2].pay: expected a string of pounds, found 12.5" in [
        str(i) for i in issues
    ]


def test_a_file_that_is_not_json_or_not_there(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": ')
    assert [str(i) for i in load_scenario(broken)[1]] == [
        "broken.json:1:10: not valid JSON: Expecting value"
    ]
    assert str(load_scenario(tmp_path / "gone.json")[1][0]).startswith("gone.json: cannot be read")


def test_the_examples_are_valid_and_the_packaged_dorset_file_is_the_example() -> None:
    for path in EXAMPLES.glob("dorset_*.json"):
        assert load_scenario(path)[1] == [], path
    packaged = Path(__file__).parents[2] / "src" / "openbook" / "planning" / "data"
    assert (packaged / "dorset_one_percent.json").read_text() == (
        EXAMPLES / "dorset_one_percent.json"
    ).read_text()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({}, optional=dict.fromkeys(HAND, json_values)) | json_values)
def test_nothing_is_raised_for_any_document(document: Any) -> None:
    scenario, issues = parse_scenario(document, "any.json")
    assert (scenario is None) == bool(issues)


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_a_scenario_survives_its_document(scenario) -> None:
    document = json.loads(json.dumps(scenario_document(scenario)))
    assert parse_scenario(document, "round.json") == (scenario, [])
