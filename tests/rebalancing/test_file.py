"""Bad scenario files: every problem at once, each with its JSON path."""

from __future__ import annotations

from openbook.rebalancing.file import parse_control_total_scenario, parse_transfer_scenario


def messages(issues: list[object]) -> list[str]:
    return [str(issue) for issue in issues]


def test_transfer_scenario_problems_with_their_paths() -> None:
    scenario, issues = parse_transfer_scenario(
        {
            "financial_year": "2017-18",
            "organisations": [
                {"org_code": "RBD", "forecast_outturn": "-1,2OO", "control_total": "0"},
                {"org_code": "RBD", "control_total": "0", "can_give": "yes"},
                "RD3",
            ],
            "rules": {"min_transfer": "-5"},
        },
        "s.json",
    )
    assert scenario is None
    assert messages(issues) == [
        "s.json:$.financial_year: financial year '2017-18' is not like 2017/18",
        "s.json:$.organisations[2]: expected an object with org_code and amounts",
        "s.json:$.organisations[0].forecast_outturn: 'forecast_outturn' is '-1,2OO'; expected "
        'an amount of pounds like "-1200000.00"',
        "s.json:$.organisations[1].org_code: 'RBD' appears more than once",
        "s.json:$.organisations[1].forecast_outturn: 'forecast_outturn' is missing",
        "s.json:$.organisations[1].can_give: 'can_give' is 'yes'; expected true or false",
        "s.json:$.rules.min_transfer: must not be negative",
    ]


def test_not_a_scenario() -> None:
    assert messages(parse_transfer_scenario([1, 2], "s.json")[1]) == [
        "s.json:$: expected a JSON object with financial_year and organisations"
    ]
    assert messages(parse_transfer_scenario({"financial_year": "2017/18"}, "s.json")[1]) == [
        "s.json:$.organisations: expected a non-empty list of organisations"
    ]


def test_control_total_scenario_problems() -> None:
    _, issues = parse_control_total_scenario(
        {
            "financial_year": "2018/19",
            "organisations": [
                {
                    "org_code": "RD3",
                    "operating_expenditure": "0",
                    "underlying_position": "x",
                    "control_total": "1",
                    "max_cip_pct": "140",
                }
            ],
        },
        "c.json",
    )
    assert messages(issues) == [
        "c.json:$.organisations[0].underlying_position: 'underlying_position' is 'x'; "
        'expected an amount of pounds like "-1200000.00"',
        "c.json:$.organisations[0].operating_expenditure: must be more than zero",
        "c.json:$.organisations[0].max_cip_pct: is 140.00; expected a percentage from 0 to 100",
    ]
