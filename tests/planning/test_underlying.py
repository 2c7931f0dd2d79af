"""Underlying and reported positions (issue 18, item 1 and 2): income by source, financing
held flat, CIP by recurrence and maturity, one-offs listed — each worked by hand."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from openbook.planning.file import parse_scenario, scenario_document
from openbook.planning.model.bridge import bridge_total
from openbook.planning.model.scenario import calculate_scenario
from openbook.planning.report import result_document

D = Decimal
FILE: dict[str, Any] = {
    "name": "underlying by hand",
    "base_year": "2017/18",
    "years": 2,
    "target": "breakeven",
    "assumptions": {
        "uplift_pct": 2,
        "pay_inflation_pct": 0,
        "non_pay_inflation_pct": 0,
        "activity_growth_pct": 0,
        "cip_pct": 4,
        "cip_recurrent_pct": 50,
    },
    "organisations": [
        {
            "org_code": "A",
            "kind": "acute",
            "income": "1000.00",
            "income_by_source": {"ICB contract": "800.00", "Other": "200.00"},
            "pay": "600.00",
            "non_pay": "400.00",
            "financing": "30.00",
            "non_recurrent": [{"year": "2018/19", "label": "Land sale", "amount": "15.00"}],
            "cip_maturity": {"in_delivery": 60, "identified": 25},
        },
        {
            "org_code": "B",
            "kind": "community-and-mental-health",
            "income": "500.00",
            "pay": "300.00",
            "non_pay": "150.00",
        },
    ],
}


def document() -> dict[str, Any]:
    scenario, issues = parse_scenario(FILE, "hand.json")
    assert issues == [] and scenario is not None
    return result_document(calculate_scenario(scenario))


def test_an_organisation_with_sources_financing_and_one_offs_by_hand() -> None:
    first, second = document()["organisations"][0]["years"]
    # Each source uplifted by 2% and rounded; income is their sum. Financing stays at 30.
    assert first["income_by_source"] == [
        {"source": "ICB contract", "amount": "816.00"},
        {"source": "Other", "amount": "204.00"},
    ]
    assert (first["income"], first["financing"]) == ("1020.00", "30.00")
    assert first["do_nothing_position"] == "-10.00"  # 1020 - 1000 - 30
    # CIP 4% of the 1,000 operating costs; half recurrent.
    assert (first["cip_in_year"], first["cip"], first["non_recurrent_cip"]) == (
        "40.00",
        "20.00",
        "20.00",
    )
    assert first["position"] == "10.00"  # underlying: do nothing + recurrent CIP
    assert first["non_recurrent_items"] == [{"label": "Land sale", "amount": "15.00"}]
    assert (first["non_recurrent"], first["reported_position"]) == ("35.00", "45.00")
    assert first["cip_maturity"] == {
        "in_delivery": "24.00",
        "identified": "10.00",
        "unidentified": "6.00",
    }
    assert first["bridge"] == [
        {"label": "Provider efficiencies (CIP)", "amount": "-20.00"},
        {"label": "Non-recurrent CIP", "amount": "-20.00"},
        {"label": "Non-recurrent: Land sale", "amount": "-15.00"},
        {"label": "Surplus over target after mitigations", "amount": "45.00"},
    ]
    # The second year: recurrent CIP carries (40), the one-off does not.
    assert second["income"] == "1040.40"  # 832.32 + 208.08
    assert (second["position"], second["reported_position"]) == ("50.40", "70.40")
    assert second["non_recurrent_items"] == []


def test_the_system_sums_and_lists_one_offs_by_organisation() -> None:
    system = document()["system"]["years"][0]
    assert (system["income"], system["financing"]) == ("1530.00", "30.00")
    assert system["non_recurrent_cip"] == "29.00"  # 20 + 9
    assert system["non_recurrent_items"] == [{"label": "A: Land sale", "amount": "15.00"}]
    assert system["reported_position"] == "123.00"  # (10 + 69) + 29 + 15
    # B lists no sources or maturity, so the total does not pretend to know them.
    assert system["income_by_source"] == [] and system["cip_maturity"] is None


def test_the_bridge_still_sums_to_the_gap() -> None:
    scenario, _ = parse_scenario(FILE, "hand.json")
    assert scenario is not None
    result = calculate_scenario(scenario)
    for plan in [*result.organisations, result.system]:
        for year in plan.years:
            assert bridge_total(year.bridge) == year.figures.gap


def test_a_plan_without_the_new_lines_is_unchanged() -> None:
    """Left out, financing is nil, CIP is all recurrent and nothing is one-off."""
    plain = json.loads(json.dumps(FILE))
    plain["assumptions"].pop("cip_recurrent_pct")
    for org in plain["organisations"]:
        for key in ("income_by_source", "financing", "non_recurrent", "cip_maturity"):
            org.pop(key, None)
    scenario, issues = parse_scenario(plain, "plain.json")
    assert issues == [] and scenario is not None
    year = result_document(calculate_scenario(scenario))["organisations"][0]["years"][0]
    assert (year["do_nothing_position"], year["cip"], year["position"]) == (
        "20.00",
        "40.00",
        "60.00",
    )
    assert year["reported_position"] == year["position"]
    assert "cip_recurrent_pct" not in scenario_document(scenario)["assumptions"]


def test_the_new_lines_round_trip() -> None:
    scenario, _ = parse_scenario(FILE, "hand.json")
    assert scenario is not None
    again, issues = parse_scenario(scenario_document(scenario), "again.json")
    assert issues == [] and again == scenario


def test_every_problem_with_the_new_lines_at_once() -> None:
    bad = json.loads(json.dumps(FILE))
    org = bad["organisations"][0]
    org["income_by_source"] = {"ICB contract": "800.00", "Other": "150.00"}
    org["financing"] = "-5.00"
    org["non_recurrent"] = [{"year": "2030/31", "label": "", "amount": 15}]
    org["cip_maturity"] = {"in_delivery": 70, "identified": {"2018/19": 40, "2019/20": 10}}
    bad["assumptions"]["cip_recurrent_pct"] = 120
    scenario, issues = parse_scenario(bad, "bad.json")
    assert scenario is None
    assert [str(issue) for issue in issues] == [
        "bad.json:$.assumptions.cip_recurrent_pct: expected a number of per cent from 0 to 100, "
        "found 120",
        'bad.json:$.organisations[0].financing: must not be negative, found "-5.00"',
        "bad.json:$.organisations[0].income_by_source: sums to 950.00, not the income 1000.00",
        "bad.json:$.organisations[0].non_recurrent[0].year: expected a year of the plan "
        '(2018/19, 2019/20), found "2030/31"',
        "bad.json:$.organisations[0].non_recurrent[0].label: expected what it is, 1 to 120 "
        'characters, found ""',
        "bad.json:$.organisations[0].non_recurrent[0].amount: expected a string of pounds, "
        "found 15",
        "bad.json:$.organisations[0].cip_maturity: in 2018/19 puts 110% of the CIP in delivery "
        "or identified; the two together cannot pass 100",
    ]
