"""The stored passport: a register loaded whole or not at all (every problem with its line
and YAML path), each change a new version with the earlier ones readable, every load audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from openbook.kernel.audit import head_sequence
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, InvalidDataError, NotFoundError
from openbook.workforce.dorset import REGISTER, data_path, load_dorset_register
from openbook.workforce.query import (
    expiry_warnings,
    get_passport,
    list_passport_versions,
    person_passport,
)
from openbook.workforce.record import load_passport
from openbook.workforce.tables import PassportVersionRow
from tests.principals import ADMIN, LEAD, principal

SMALL = """\
synthetic: true
sites:
  - {site: DCH, org_code: RBD, name: Dorset County Hospital}
people:
  - person_id: S01
    name: Dr One (synthetic)
    org_code: RBD
    role: stroke consultant
    manager: CD-RBD
    credentials:
      - {check: als, kind: core_skill, issuer: RCUK, valid_from: 2016-05-01,
         valid_to: 2018-04-20, evidence: ALS-1}
      - {check: thrombolysis, kind: competence, issuer: RBD, valid_from: 2017-01-01,
         valid_to: null, evidence: T-1}
rules:
  - {org_code: RBD, site: DCH, service: stroke, requires: [als, thrombolysis]}
"""

BROKEN = """\
sites:
  - {site: DCH, org_code: RBD, name: Dorset County Hospital}
people:
  - person_id: S01
    name: Dr One
    org_code: RBD
    role: stroke consultant
    credentials:
      - {check: als, kind: skill, issuer: RCUK, valid_from: 2016-05-01,
         valid_to: 2018-04-20, evidence: ALS-1}
      - {check: thrombolysis, kind: competence, issuer: RBD, valid_from: 1st May 2017,
         evidence: T-1}
rules:
  - {org_code: RBD, site: XXX, service: stroke, requires: [als]}
"""


def versions(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(PassportVersionRow)) or 0


def test_a_register_is_stored_and_read_back_exactly(db: Database) -> None:
    register = load_dorset_register()
    data = data_path(REGISTER).read_bytes()
    loaded = load_passport(db, data, REGISTER, ADMIN)
    assert (loaded.version, loaded.created) == (1, True)
    stored = get_passport(db)
    assert stored.register == register
    assert stored.version.synthetic and stored.version.loaded_by == "admin"


def test_a_changed_register_is_a_new_version_and_the_old_one_stays(db: Database) -> None:
    load_passport(db, SMALL.encode(), "small.yaml", LEAD)
    again = load_passport(db, SMALL.encode(), "small.yaml", LEAD)
    assert (again.version, again.created) == (1, False)
    renewed = SMALL.replace("valid_to: 2018-04-20", "valid_to: 2021-04-20")
    second = load_passport(db, renewed.encode(), "small-v2.yaml", LEAD)
    assert (second.version, second.created) == (2, True)
    assert [v.version for v in list_passport_versions(db)] == [1, 2]
    first = get_passport(db, version=1).register.credentials[0].valid_to
    assert first == date(2018, 4, 20)
    assert get_passport(db).register.credentials[0].valid_to == date(2021, 4, 20)


def test_every_problem_is_reported_with_its_line_and_nothing_is_stored(db: Database) -> None:
    before = head_sequence(db.engine)
    with pytest.raises(InvalidDataError) as raised:
        load_passport(db, BROKEN.encode(), "bad.yaml", ADMIN)
    assert [str(i) for i in raised.value.issues] == [
        "bad.yaml:9:$.people[0].credentials[0].kind: 'kind' is 'skill'; expected one of "
        "check, core_skill, competence",
        "bad.yaml:11:$.people[0].credentials[1].valid_from: 'valid_from' is '1st May 2017'; "
        "expected a date like 2018-04-01",
        "bad.yaml:14:$.rules[0].site: site 'XXX' is not listed",
    ]
    assert versions(db) == 0 and head_sequence(db.engine) == before


def test_only_an_administrator_or_the_system_lead_loads_it(db: Database) -> None:
    with pytest.raises(ForbiddenError):
        load_passport(db, SMALL.encode(), "small.yaml", principal("rbd.submitter"))
    assert versions(db) == 0


def test_a_load_is_audited(db: Database) -> None:
    before = head_sequence(db.engine)
    load_passport(db, SMALL.encode(), "small.yaml", ADMIN)
    assert head_sequence(db.engine) == before + 1


def test_a_person_their_eligibility_and_warnings_come_from_the_stored_register(
    db: Database,
) -> None:
    load_passport(db, SMALL.encode(), "small.yaml", ADMIN)
    view = person_passport(db, "S01", date(2018, 4, 1))
    assert [e.eligible for e in view.eligibility] == [True]
    assert [w.check for w in view.warnings] == ["als"]
    later = person_passport(db, "S01", date(2018, 4, 21))
    assert later.eligibility[0].reasons == ("als expired on 2018-04-20",)
    assert [w.days_left for w in expiry_warnings(db, date(2018, 4, 1), 30)] == [19]
    assert expiry_warnings(db, date(2018, 3, 1), 30) == []
    with pytest.raises(NotFoundError):
        person_passport(db, "S99", date(2018, 4, 1))


def test_no_register_stored_is_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError):
        get_passport(db)


def test_the_demonstration_holds_the_synthetic_dorset_register(demo_db: Database) -> None:
    stored = get_passport(demo_db)
    assert stored.register == load_dorset_register()
    assert stored.version.synthetic and "SYNTHETIC" in stored.version.source
