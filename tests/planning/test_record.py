"""Stored scenarios and assumption sets: versions append, every write is audited, bad
documents store nothing, and stored scenarios compare and calculate like files."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from openbook.kernel.audit import list_events, verify_chain
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, ForbiddenError, InvalidDataError, NotFoundError
from openbook.planning.query import (
    calculate_stored,
    compare_stored,
    get_scenario,
    list_assumption_sets,
    list_scenarios,
    scenario_history,
    tornado_stored,
)
from openbook.planning.record import (
    amend_assumptions,
    apply_assumption_set,
    copy_scenario,
    record_assumption_set,
    record_scenario,
)
from tests.principals import LEAD, principal

EXAMPLES = Path(__file__).parents[2] / "examples" / "planning"
NAME = "Dorset: flat cash in 2018/19, then +1% from 2019/20"


def example(name: str = "dorset_one_percent.json") -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text())


def test_a_scenario_is_stored_and_each_change_is_a_new_version(db: Database) -> None:
    first = record_scenario(db, LEAD, example(), "dorset_one_percent.json", "first draft")
    assert (first.name, first.version, first.recorded_by) == (NAME, 1, "system.lead")
    second = amend_assumptions(db, LEAD, NAME, {"pay_inflation_pct": 3.0}, "Agenda for Change")
    assert second.version == 2
    assert get_scenario(db, NAME, 1).document["assumptions"]["pay_inflation_pct"] == 2.1
    assert get_scenario(db, NAME).document["assumptions"]["pay_inflation_pct"] == 3
    assert [v.reason for v in scenario_history(db, NAME)] == ["first draft", "Agenda for Change"]
    with db.reading() as session:
        events = list_events(session, action="planning.scenario.assumptions_amended")
        assert verify_chain(session)[1] == []
    assert events[0].entity_id == f"{NAME} v2"
    assert json.loads(events[0].payload)["before"]["assumptions"]["pay_inflation_pct"] == 2.1


def test_a_copy_changes_independently_and_compares_side_by_side(db: Database) -> None:
    record_scenario(db, LEAD, example(), "dorset_one_percent.json")
    copy = copy_scenario(db, LEAD, NAME, "Flat cash throughout", "the worst case")
    assert (copy.version, copy.copied_from) == (1, f"{NAME} v1")
    amend_assumptions(db, LEAD, "Flat cash throughout", {"uplift_pct": 0})
    assert [s.name for s in list_scenarios(db)] == [NAME, "Flat cash throughout"]
    rows = compare_stored(db, "Flat cash throughout", NAME)["rows"]
    system = {r["financial_year"]: r for r in rows if r["name"] == "System"}
    assert system["2019/20"]["gap_change"] == "12970000.00"  # 1% of 1,297m of income
    assert calculate_stored(db, NAME)["version"] == 1
    bars = tornado_stored(db, NAME, Decimal(1))["bars"]
    assert bars[0]["assumption"] == "activity_growth_pct"


def test_an_assumption_set_is_versioned_and_applied(db: Database) -> None:
    record_scenario(db, LEAD, example(), "dorset_one_percent.json")
    rates = example()["assumptions"]
    document = {
        "name": "Planning guidance",
        "base_year": "2017/18",
        "years": 3,
        "assumptions": rates,
    }
    assert record_assumption_set(db, LEAD, document, "guidance").version == 1
    document["assumptions"] = {**rates, "activity_growth_pct": 2.5}
    assert record_assumption_set(db, LEAD, document, "guidance", "higher demand").version == 2
    assert [v.version for v in list_assumption_sets(db, "Planning guidance")] == [1, 2]
    applied = apply_assumption_set(db, LEAD, NAME, "Planning guidance")
    assert (applied.version, applied.basis) == (2, "Planning guidance v2")
    assert applied.document["assumptions"]["activity_growth_pct"] == 2.5
    short = {**document, "name": "Two years", "years": 2, "assumptions": {**rates, "uplift_pct": 0}}
    record_assumption_set(db, LEAD, short, "short")
    with pytest.raises(ConflictError, match="covers 2 years after 2017/18"):
        apply_assumption_set(db, LEAD, NAME, "Two years")


def test_a_bad_document_or_change_stores_nothing(db: Database) -> None:
    with pytest.raises(InvalidDataError) as raised:
        record_scenario(db, LEAD, example("bad_scenario.json"), "bad_scenario.json")
    assert len(raised.value.issues) == 9
    assert list_scenarios(db) == []
    record_scenario(db, LEAD, example(), "s.json")
    with pytest.raises(InvalidDataError) as raised:
        amend_assumptions(db, LEAD, NAME, {"uplift_pct": "one"})
    assert str(raised.value.issues[0]).endswith(
        '$.assumptions.uplift_pct: expected a number of per cent from -99 to 100, found "one"'
    )
    assert len(scenario_history(db, NAME)) == 1


def test_who_may_write_and_stale_versions(db: Database) -> None:
    with pytest.raises(ForbiddenError):
        record_scenario(db, principal("rd3.viewer"), example(), "s.json")
    record_scenario(db, principal("rd3.submitter"), example(), "s.json")
    with pytest.raises(ConflictError, match="version 1, not 0"):
        record_scenario(db, LEAD, example(), "s.json", expected_version=0)
    with pytest.raises(ConflictError, match="already a scenario"):
        copy_scenario(db, LEAD, NAME, NAME)
    with pytest.raises(NotFoundError):
        get_scenario(db, "nothing")
