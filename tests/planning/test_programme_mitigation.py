"""The bridge's "Programme benefits" filled from the stored programme's financial benefits:
by organisation and plan year, a new audited version, other organisations' kept."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from openbook.demo.planning import PLAN
from openbook.kernel.audit import list_events
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, InvalidDataError, NotFoundError
from openbook.kernel.period import FinancialYear
from openbook.planning.programme_mitigation import calculate_programme_mitigation
from openbook.planning.query import calculate_stored, get_scenario
from openbook.planning.record import fill_programme_benefits, record_scenario
from tests.principals import LEAD, principal

D = Decimal
SAVINGS = {"2017/18": D(300000), "2018/19": D(1000000)}


def _years(*labels: str) -> tuple[FinancialYear, ...]:
    return tuple(FinancialYear.parse(label) for label in labels)


def test_a_plan_year_takes_the_trajectorys_saving_and_keeps_the_last() -> None:
    assert calculate_programme_mitigation(SAVINGS, _years("2018/19", "2019/20", "2020/21")) == (
        D(1000000),
        D(1000000),
        D(1000000),
    )
    assert calculate_programme_mitigation(SAVINGS, _years("2016/17", "2017/18")) == (
        D(0),
        D(300000),
    )


def _bridge_step(result: dict[str, object], org: str, year: str, label: str) -> str:
    plan = next(o for o in result["organisations"] if o["org_code"] == org)  # type: ignore[attr-defined]
    found = next(y for y in plan["years"] if y["financial_year"] == year)
    return str(next(s["amount"] for s in found["bridge"] if s["label"] == label))


def test_the_scenario_takes_the_programmes_savings(demo_db: Database) -> None:
    before = get_scenario(demo_db, PLAN)
    stored = fill_programme_benefits(demo_db, LEAD, PLAN, "one-nhs-dorset", ("B01",))
    assert stored.version == before.version + 1
    plans = {o["org_code"]: o for o in stored.document["organisations"]}
    # RD3's agency pay: 10m baseline, 9m by 2018/19: £1m a year, held after the trajectory
    assert plans["RD3"]["mitigations"]["programme_benefits"] == "1000000.00"
    rdz = {o["org_code"]: o for o in before.document["organisations"]}["RDZ"]
    assert plans["RDZ"]["mitigations"] == rdz["mitigations"]  # not the programme's: kept
    result = calculate_stored(demo_db, PLAN)
    assert _bridge_step(result, "RD3", "2020/21", "Programme benefits") == "-1000000.00"
    with demo_db.reading() as session:
        [event] = list_events(session, action="planning.scenario.programme_benefits_filled")
    assert event.entity_id == f"{PLAN} v{stored.version}"
    assert json.loads(event.payload)["reason"] == "Programme benefits from one-nhs-dorset (B01)"
    every = fill_programme_benefits(demo_db, LEAD, PLAN, "one-nhs-dorset")
    rbd = {o["org_code"]: o for o in every.document["organisations"]}["RBD"]
    assert rbd["mitigations"]["programme_benefits"] == "1200000.00"  # CIP 7.2m on 6m


def test_refusals_name_what_is_wrong(demo_db: Database) -> None:
    with pytest.raises(NotFoundError, match="programme one-nhs-dorset has no benefit B99"):
        fill_programme_benefits(demo_db, LEAD, PLAN, "one-nhs-dorset", ("B99",))
    with pytest.raises(NotFoundError, match="there is no programme 'nope'"):
        fill_programme_benefits(demo_db, LEAD, PLAN, "nope")
    with pytest.raises(ForbiddenError):
        fill_programme_benefits(demo_db, principal("rbd.viewer"), PLAN, "one-nhs-dorset")


def test_a_programme_benefit_of_an_organisation_outside_the_scenario_is_refused(
    demo_db: Database,
) -> None:
    document = get_scenario(demo_db, PLAN).document
    kept = [o for o in document["organisations"] if o["org_code"] != "RD3"]
    target = {code: v for code, v in document["target"].items() if code != "RD3"}
    without = {**document, "organisations": kept, "target": target}
    record_scenario(demo_db, LEAD, without, "no-rd3.json")
    with pytest.raises(InvalidDataError) as refused:
        fill_programme_benefits(demo_db, LEAD, PLAN, "one-nhs-dorset", ("B01",))
    [issue] = refused.value.issues
    assert issue.message == f"benefits of RD3 are not in scenario {PLAN!r}"
