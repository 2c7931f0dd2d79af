"""The Dorset cases (SYNTHETIC people): an expired credential takes a person out of
eligibility and out of the solver's answer, with the reason; pooling needs fewer staff."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from openbook.workforce.dorset import load_dorset_register, load_dorset_rota
from openbook.workforce.model.passport import Credential, CredentialKind, check_eligibility
from openbook.workforce.rota.calendar import render_ics
from openbook.workforce.rota.check import check_roster
from openbook.workforce.rota.compare import compare_rotas
from openbook.workforce.rota.shared import build_rota, describe_exclusions
from openbook.workforce.rota.solve import solve


def test_the_register_is_synthetic_and_valid() -> None:
    register = load_dorset_register()
    assert register.synthetic
    assert all("(synthetic)" in p.name for p in register.people)
    assert {s.org_code for s in register.sites} == {"RBD", "RD3", "RDZ"}


def test_an_expired_credential_removes_a_person_from_eligibility_and_the_rota() -> None:
    register, spec = load_dorset_register(), load_dorset_rota("stroke")
    place = register.place("DCH", "stroke")
    assert place is not None
    verdict = check_eligibility(register, "S12", place, date(2018, 4, 2))
    assert verdict.reasons == ("als expired on 2018-03-20",)

    rota = build_rota(spec, register)
    result = solve(rota, time_limit=20, num_workers=2)
    assert result.roster is not None and check_roster(rota, result.roster) == []
    assert not [a for a in result.roster.assignments if a.employee == "S12"]
    # S03's thrombolysis competence lapses on 15 April (day 13): no stroke shift after it.
    assert not [a for a in result.roster.assignments if a.employee == "S03" and a.day >= 14]
    reasons = describe_exclusions(rota)
    assert (
        "S12 kept off DCH-D, PGH-D, RBH-D on days 0-27 (2018-04-02 to 2018-04-29): "
        "als expired on 2018-03-20"
    ) in reasons
    assert any(
        line.startswith("S03 kept off DCH-D, PGH-D, RBH-D on days 14-27") for line in reasons
    )


def test_renewing_the_credential_puts_the_person_back() -> None:
    register = load_dorset_register()
    renewed = Credential("S12", "als", CredentialKind.CORE_SKILL, "Resuscitation Council UK",
                         date(2018, 3, 21), date(2022, 3, 20), "RCUK-ALS-S12-2018")  # fmt: skip
    register = replace(register, credentials=(*register.credentials, renewed))
    rota = build_rota(load_dorset_rota("stroke"), register)
    assert not [x for x in rota.exclusions if x.employee == "S12"]


def test_one_shared_cardiology_rota_needs_fewer_staff_than_three() -> None:
    comparison = compare_rotas(
        load_dorset_rota("cardiology"), load_dorset_register(), time_limit=10
    )
    separate, shared = comparison.separate.as_dict(), comparison.shared.as_dict()
    assert separate["staff_needed"] == 12 and shared["staff_needed"] == 4
    assert separate["staff_needed_proven"] and shared["staff_needed_proven"]
    assert shared["cover_shortfall"] == 0
    assert shared["unmet_requests"] <= separate["unmet_requests"]


@pytest.mark.parametrize("name", ["stroke", "cardiology"])
def test_the_shipped_rotas_build(name: str) -> None:
    rota = build_rota(load_dorset_rota(name), load_dorset_register())
    assert rota.start_date == date(2018, 4, 2) and rota.horizon == 28
    assert len(rota.staff) == 15


def test_a_persons_shifts_as_icalendar() -> None:
    rota = build_rota(load_dorset_rota("cardiology"), load_dorset_register())
    result = solve(rota, time_limit=10, num_workers=2)
    assert result.roster is not None
    person = result.roster.assignments[0].employee
    text = render_ics(rota, result.roster, person, date(2018, 4, 2))
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    events = text.count("BEGIN:VEVENT")
    assert events == sum(1 for a in result.roster.assignments if a.employee == person)
