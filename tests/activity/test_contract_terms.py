"""Aligned payment terms and elective targets as stored: each change a new version, every
version kept and audited, bad terms refused with every problem named, only the system lead
may set them. On SQLite, and on PostgreSQL when OPENBOOK_TEST_DATABASE_URL is set."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from openbook.activity.contract_terms import (
    list_contract_terms,
    record_contract_terms,
    record_elective_target,
)
from openbook.activity.model.aligned_payment import ContractTerms
from openbook.activity.store import get_elective_target, list_terms_versions
from openbook.kernel.audit_log import list_audit_events, verify_audit_log
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, InvalidDataError, NotFoundError
from openbook.kernel.period import FinancialYear
from tests.principals import LEAD, principal

YEAR = FinancialYear.parse("2018/19")
# In the demonstration, RYF's 2018/19 contract with 11J is aligned payment (£38m).
TERMS = ContractTerms("11J", "RYF", YEAR, Decimal("38000000.00"), Decimal("1200000.00"))


def test_terms_are_versioned_and_audited(demo_db: Database) -> None:
    first = record_contract_terms(demo_db, TERMS, "agreed at contract signature", LEAD)
    changed = ContractTerms(
        "11J", "RYF", YEAR, Decimal("38000000.00"), Decimal("1500000.00"), Decimal(75)
    )
    second = record_contract_terms(demo_db, changed, "baseline revised at M6", LEAD)
    assert (first.version, second.version) == (1, 2)
    assert list_contract_terms(demo_db, YEAR, "RYF") == [second]
    with demo_db.reading() as session:
        versions = list_terms_versions(session, "11J", "RYF", YEAR)
    assert [(t.elective_baseline, reason) for t, reason, _, _ in versions] == [
        (Decimal("1200000.00"), "agreed at contract signature"),
        (Decimal("1500000.00"), "baseline revised at M6"),
    ]
    events = list_audit_events(demo_db, action="activity.contract_terms.recorded")
    latest = next(e for e in events if e.entity_id == "11J-RYF 2018/19/v2")
    payload = json.loads(latest.payload)
    assert payload["before"]["elective_baseline"] == "1200000.00"
    assert payload["after"]["variable_rate"] == "75"
    assert verify_audit_log(demo_db)[1] == []


def test_bad_terms_are_refused_whole(demo_db: Database) -> None:
    bad = ContractTerms("11J", "RYF", YEAR, Decimal(-5), Decimal(10), Decimal(150))
    with pytest.raises(InvalidDataError) as raised:
        record_contract_terms(demo_db, bad, " ", LEAD)
    assert [i.message for i in raised.value.issues] == [
        "fixed_element is -5; expected pounds of 0 or more",
        "variable_rate is 150; expected a % from 0 to 100",
        "elective_baseline 10 is more than the fixed element -5; the fixed element funds the"
        " baseline",
        "reason is empty; say why the terms are set or changed",
    ]
    assert raised.value.issues[0].source == "11J-RYF 2018/19"
    assert list_contract_terms(demo_db, YEAR) == []


def test_terms_need_an_aligned_payment_contract_and_the_lead(demo_db: Database) -> None:
    block = ContractTerms("11J", "RBD", YEAR, Decimal(1_000_000), Decimal(0))
    with pytest.raises(InvalidDataError, match="is block, not aligned payment"):
        record_contract_terms(demo_db, block, "try", LEAD)
    none = ContractTerms("11X", "RYF", YEAR, Decimal(1_000_000), Decimal(0))
    with pytest.raises(NotFoundError, match="no contract 11X-RYF 2018/19 is held"):
        record_contract_terms(demo_db, none, "try", LEAD)
    with pytest.raises(ForbiddenError):
        record_contract_terms(demo_db, TERMS, "try", principal("ryf.approver"))
    assert list_contract_terms(demo_db, YEAR) == []


def test_elective_targets_are_versioned(demo_db: Database) -> None:
    year = FinancialYear.parse("2025/26")
    assert record_elective_target(demo_db, "QVV", year, Decimal(108), "Dorset plan", LEAD) == 1
    assert record_elective_target(demo_db, "QVV", year, Decimal(110), "revised", LEAD) == 2
    with demo_db.reading() as session:
        assert get_elective_target(session, "QVV", year) == (Decimal("110.0"), "revised")
    with pytest.raises(InvalidDataError) as raised:
        record_elective_target(demo_db, "QVV", year, Decimal(0), "", LEAD)
    assert [i.message for i in raised.value.issues] == [
        "target is 0%; expected a % above 0 and at most 200",
        "source is empty; name the plan or guidance the target comes from",
    ]
    with pytest.raises(NotFoundError, match="there is no system XYZ"):
        record_elective_target(demo_db, "XYZ", year, Decimal(100), "x", LEAD)
