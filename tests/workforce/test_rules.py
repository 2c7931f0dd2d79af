"""The workforce escalation rules: a shared rota's eligible pool below the cover it needs
(`rota-pool-below-need`), and a credential lapsing with no renewal (a notice to the person's
organisation, `passport-credential-expiring`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from openbook.governance.escalation_view import list_escalation_views
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import ProviderSettings
from openbook.workforce.dorset import load_dorset_register, load_dorset_rota
from openbook.workforce.model.passport import Register
from openbook.workforce.record import store_passport
from openbook.workforce.rota.pool import StaffNeed, calculate_need, smallest_pool
from openbook.workforce.rules import (
    CREDENTIAL_EXPIRING,
    EXPIRY_DAYS,
    POOL_BELOW_NEED,
    WorkforceRules,
    find_expiring,
    find_pool_shortfalls,
)

APRIL = (date(2018, 4, 1), date(2018, 4, 30))
MEMBERS = {"RBD", "RD3", "RDZ"}
SETTINGS = ProviderSettings({EXPIRY_DAYS: WorkforceRules.settings[0].default})


def without(register: Register, person_id: str, check: str) -> Register:
    kept = tuple(
        c for c in register.credentials if not (c.person_id == person_id and c.check == check)
    )
    return replace(register, credentials=kept)


def twelve(_spec: object, _register: object) -> StaffNeed:
    return StaffNeed(12, proven=True)


def test_the_stroke_pool_is_the_people_allowed_at_every_site() -> None:
    register = load_dorset_register()
    pool = smallest_pool(load_dorset_rota("stroke"), register, [date(2018, 4, 14)])
    assert pool is not None and len(pool.eligible) == 13
    kept = dict(pool.kept_off)
    assert kept["S12"].startswith("DCH: als expired on 2018-03-20")
    assert "employed by RBD; no agreement in force to work for RD3" in kept["S04"]
    later = smallest_pool(load_dorset_rota("stroke"), register, [date(2018, 4, 16)])
    assert later is not None and len(later.eligible) == 12 and "S03" in dict(later.kept_off)


def test_the_shared_stroke_rota_needs_twelve() -> None:
    need = calculate_need(load_dorset_rota("stroke"), load_dorset_register(), time_limit=20)
    assert need == StaffNeed(12, proven=True)


def test_dorset_as_shipped_has_just_enough_and_one_lapse_more_is_raised() -> None:
    register, rotas = load_dorset_register(), [load_dorset_rota("stroke")]
    assert find_pool_shortfalls(register, rotas, MEMBERS, *APRIL, twelve, "QVV") == []
    short = without(register, "S01", "als")
    [found] = find_pool_shortfalls(short, rotas, MEMBERS, *APRIL, twelve, "QVV")
    assert (found.rule, found.subject, found.extra) == (POOL_BELOW_NEED, "QVV", "stroke")
    assert found.title.endswith("11 eligible, 12 needed")
    assert "On 16 April 2018 only 11 people" in found.detail
    assert "S01 (DCH: no als on record" in found.detail
    assert find_pool_shortfalls(short, rotas, {"RBD"}, *APRIL, twelve, "QVV") == []


def test_a_lapsing_credential_is_a_notice_to_the_persons_organisation() -> None:
    found = find_expiring(load_dorset_register(), MEMBERS, date(2018, 4, 1), 30)
    s03 = next(c for c in found if "S03" in c.extra)
    assert (s03.rule, s03.subject) == (CREDENTIAL_EXPIRING, "RBD")
    assert s03.title == "RBD: S03's thrombolysis lapses on 15 April 2018"
    assert "Required for: stroke at DCH, stroke at PGH, stroke at RBH." in s03.detail
    assert not [c for c in found if "C07" in c.extra]  # 9 May: beyond 30 days
    assert find_expiring(load_dorset_register(), {"RD3"}, date(2018, 4, 1), 30) == [
        c for c in found if c.subject == "RD3"
    ]


def test_the_provider_reads_the_stored_register(sqlite_demo_db: Database) -> None:
    rules = WorkforceRules(need_of=twelve)
    april = rules.find(sqlite_demo_db, "QVV", FinancialYear(2018), 1, SETTINGS)
    assert POOL_BELOW_NEED not in {c.rule for c in april}
    with sqlite_demo_db.transaction() as session:
        short = without(load_dorset_register(), "S01", "als")
        store_passport(session, short, "short.yaml", "admin", sqlite_demo_db.clock.now())
    april = rules.find(sqlite_demo_db, "QVV", FinancialYear(2018), 1, SETTINGS)
    assert [c.extra for c in april if c.rule == POOL_BELOW_NEED] == ["stroke"]


def test_the_demonstration_raised_the_notices(sqlite_demo_db: Database) -> None:
    raised = list_escalation_views(sqlite_demo_db, "QVV")
    notices = {e.subject for e in raised if e.rule == CREDENTIAL_EXPIRING}
    assert "RBD" in notices
