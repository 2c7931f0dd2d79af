"""Eligibility computed with reasons as of a date; moves; expiry warnings; pool shortfall."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from openbook.workforce.model.passport import (
    AcceptanceRule,
    Credential,
    CredentialKind,
    MoveAgreement,
    Person,
    Place,
    Register,
    Site,
    calculate_pool,
    check_eligibility,
    list_expiry_warnings,
    required_checks,
)

STROKE_DCH = Place("RBD", "DCH", "stroke")


def credential(check: str, start: date, end: date | None, who: str = "P1") -> Credential:
    return Credential(who, check, CredentialKind.CHECK, "issuer", start, end, f"EV-{check}")


@pytest.fixture
def register() -> Register:
    return Register(
        sites=(Site("DCH", "RBD", "Dorset County Hospital"), Site("PGH", "RD3", "Poole")),
        people=(
            Person("P1", "Dr One", "RBD", "stroke consultant", manager="M1"),
            Person("P2", "Dr Two", "RD3", "stroke consultant", manager="M2"),
        ),
        credentials=(
            credential("gmc_registration", date(2005, 8, 1), None),
            credential("als", date(2014, 4, 1), date(2018, 3, 31)),
            credential("als", date(2018, 4, 10), date(2022, 4, 9)),
            credential("thrombolysis", date(2016, 5, 1), date(2018, 5, 31)),
            credential("gmc_registration", date(2005, 8, 1), None, who="P2"),
            credential("als", date(2017, 1, 1), date(2021, 1, 1), who="P2"),
        ),
        rules=(
            AcceptanceRule("RBD", ("gmc_registration",)),
            AcceptanceRule("RBD", ("als", "thrombolysis"), site="DCH", service="stroke"),
            AcceptanceRule("RBD", ("paediatric_life_support",), site="DCH", service="paediatrics"),
        ),
        moves=(
            MoveAgreement(
                "LTA-1", "P2", "RD3", "RBD", date(2018, 4, 1), date(2018, 6, 30), Decimal(100)
            ),
        ),
    )


def test_rules_of_the_organisation_site_and_service_add_up(register: Register) -> None:
    assert required_checks(register, STROKE_DCH) == ("gmc_registration", "als", "thrombolysis")


@pytest.mark.parametrize(
    ("person", "on", "reasons"),
    [
        ("P1", date(2018, 3, 31), ()),
        ("P1", date(2018, 4, 5), ("als expired on 2018-03-31",)),
        ("P1", date(2018, 4, 10), ()),
        ("P1", date(2018, 6, 1), ("thrombolysis expired on 2018-05-31",)),
        ("P2", date(2018, 4, 2), ("no thrombolysis on record",)),
        (
            "P2",
            date(2018, 7, 1),
            ("employed by RD3; no agreement in force to work for RBD", "no thrombolysis on record"),
        ),
        ("P9", date(2018, 4, 2), ("'P9' is not in the register",)),
    ],
)
def test_eligibility_with_reasons(
    register: Register, person: str, on: date, reasons: tuple[str, ...]
) -> None:
    verdict = check_eligibility(register, person, STROKE_DCH, on)
    assert verdict.reasons == reasons and verdict.eligible is (not reasons)


def test_a_credential_not_yet_valid(register: Register) -> None:
    later = (credential("gmc_registration", date(2019, 1, 1), None),)
    early = Register(register.sites, register.people[:1], later, register.rules[:1])
    verdict = check_eligibility(early, "P1", STROKE_DCH, date(2018, 4, 2))
    assert verdict.reasons == ("gmc_registration valid only from 2019-01-01",)


def test_expiry_warnings_go_to_the_manager_and_skip_renewed(register: Register) -> None:
    warnings = list_expiry_warnings(register, date(2018, 3, 1), within_days=92)
    # ALS lapses on 31 March but is renewed from 10 April only: a gap, so it is warned.
    assert [w.message for w in warnings] == [
        "P1: als expires in 30 days (2018-03-31)",
        "P1: thrombolysis expires in 91 days (2018-05-31)",
    ]
    assert {w.manager for w in warnings} == {"M1"}
    renewed = list_expiry_warnings(register, date(2021, 1, 1), within_days=1)
    assert [w.message for w in renewed] == ["P2: als expires today (2021-01-01)"]


def test_pool_shortfall_for_an_escalation_rule(register: Register) -> None:
    pool = calculate_pool(register, STROKE_DCH, date(2018, 4, 5), needed=2)
    assert (pool.eligible, pool.needed, pool.shortfall) == (0, 2, 2)
    assert calculate_pool(register, STROKE_DCH, date(2018, 4, 12), needed=1).shortfall == 0


def test_credential_kinds_have_labels() -> None:
    assert CredentialKind.COMPETENCE.label == "clinical competence"
