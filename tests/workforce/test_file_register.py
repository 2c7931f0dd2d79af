"""The passport register and rota specification files: every problem at once, with its path."""

from __future__ import annotations

from pathlib import Path

import yaml

from openbook.workforce.dorset import data_path
from openbook.workforce.file.register import load_register, parse_register
from openbook.workforce.file.rota_spec import parse_rota_spec

REGISTER = """
synthetic: true
sites: [{site: DCH, org_code: RBD, name: Dorset County Hospital}]
people:
  - person_id: P1
    name: Dr One
    org_code: RBD
    role: stroke consultant
    credentials:
      - {check: als, kind: core_skill, issuer: RCUK, valid_from: 2016-01-01,
         valid_to: 2020-01-01, evidence: E1}
rules: [{org_code: RBD, site: DCH, service: stroke, requires: [als]}]
moves: []
"""


def messages(text: str) -> list[str]:
    register, issues = parse_register(yaml.safe_load(text), "reg.yaml")
    assert register is None
    return [str(i) for i in issues]


def test_a_good_register() -> None:
    register, issues = parse_register(yaml.safe_load(REGISTER), "reg.yaml")
    assert issues == [] and register is not None and register.synthetic
    assert register.credentials[0].check == "als"


def test_every_problem_in_a_register_at_once() -> None:
    bad = (
        REGISTER.replace("kind: core_skill", "kind: skill")
        .replace("valid_to: 2020-01-01", "valid_to: 2015-01-01")
        .replace("site: DCH, service", "site: PGH, service")
        .replace("moves: []", "moves: [{agreement: A1, person_id: P7, from_org: RBD, "
                 "to_org: RD3, start: 2018-04-01, end: 2018-03-01, recharge_percent: x}]")
    )  # fmt: skip
    assert messages(bad) == [
        "reg.yaml:$.people[0].credentials[0].kind: 'kind' is 'skill'; expected one of "
        "check, core_skill, competence",
        "reg.yaml:$.people[0].credentials[0].valid_to: 'valid_to' 2015-01-01 is before "
        "'valid_from' 2016-01-01",
        "reg.yaml:$.moves[0].recharge_percent: expected a percentage like 100 or 50.5",
        "reg.yaml:$.moves[0].end: 'end' 2018-03-01 is before 'start' 2018-04-01",
        "reg.yaml:$.rules[0].site: site 'PGH' is not listed",
    ]


def test_missing_fields_and_bad_dates() -> None:
    bad = REGISTER.replace("    name: Dr One\n", "").replace(
        "valid_from: 2016-01-01", "valid_from: soon"
    )
    assert messages(bad) == [
        "reg.yaml:$.people[0].name: 'name' is None; expected text",
        "reg.yaml:$.people[0].credentials[0].valid_from: 'valid_from' is 'soon'; expected a "
        "date like 2018-04-01",
    ]


def test_not_yaml(tmp_path: Path) -> None:
    path = tmp_path / "reg.yaml"
    path.write_text("people: [\n  - {", encoding="utf-8")
    register, issues = load_register(path)
    assert register is None and issues[0].message.startswith("is not valid YAML")


def test_a_rota_spec_with_problems() -> None:
    data = yaml.safe_load(data_path("dorset_stroke_rota.yaml").read_text(encoding="utf-8"))
    data["shifts"][1]["not_followed_by"] = ["Q"]
    data["shifts"][0]["start"] = "8am"
    data["requests"][0]["kind"] = "maybe"
    data["limits"]["max_shifts"]["Z"] = 3
    spec, issues = parse_rota_spec(data, "rota.yaml")
    assert spec is None
    assert [str(i) for i in issues] == [
        "rota.yaml:$.shifts[0].start: 'start' is '8am'; expected a time like \"08:00\"",
        "rota.yaml:$.shifts[1].not_followed_by: shift code 'Q' is not defined",
        "rota.yaml:$.requests[0].kind: 'kind' is 'maybe'; expected on or off",
        "rota.yaml:$.limits.max_shifts.Z: shift code 'Z' is not defined",
    ]
