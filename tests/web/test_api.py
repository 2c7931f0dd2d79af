"""The REST API as an analyst's script uses it: a personal token, JSON out, one error
shape; and a schemathesis run of every operation against the OpenAPI spec."""

from __future__ import annotations

from decimal import Decimal

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from openbook.accounts.account import authenticate, create_token
from openbook.demo.users import DEMO_PASSWORD
from openbook.kernel.database import Database
from tests.principals import principal
from tests.web.conftest import return_csv


def token_for(db: Database, username: str) -> str:
    text, _ = create_token(db, authenticate(db, username, DEMO_PASSWORD), "tests")
    return text


@pytest.fixture
def api(app: FastAPI) -> TestClient:
    return TestClient(app)


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_position_matches_the_dashboard_figures(
    api: TestClient, sqlite_demo_db: Database
) -> None:
    token = token_for(sqlite_demo_db, "rbd.viewer")
    response = api.get(
        "/api/v1/systems/QVV/position", params={"year": "2017/18", "month": 12}, headers=auth(token)
    )
    assert response.status_code == 200
    body = response.json()
    rd3 = next(o for o in body["organisations"] if o["org_code"] == "RD3")
    assert Decimal(rd3["gap"]) == Decimal("-1500000.00")  # the demo's RD3 story


def test_no_token_no_data_and_one_error_shape(api: TestClient) -> None:
    response = api.get("/api/v1/systems")
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["message"] and "Bearer" in error["hint"]
    bad = api.get("/api/v1/systems", headers=auth("obk_nothing_real"))
    assert bad.status_code == 401 and set(bad.json()) == {"error"}


def test_a_bad_return_lists_every_problem(api: TestClient, sqlite_demo_db: Database) -> None:
    token = token_for(sqlite_demo_db, "rbd.submitter")
    bad = return_csv(sqlite_demo_db).replace(b"RBD", b"RBX", 1).replace(b",12,", b",13,", 1)
    response = api.post("/api/v1/returns", files={"file": ("bad.csv", bad)}, headers=auth(token))
    assert response.status_code == 422
    assert len(response.json()["error"]["issues"]) >= 1


def test_a_submitter_submits_only_its_own_return(api: TestClient, sqlite_demo_db: Database) -> None:
    token = token_for(sqlite_demo_db, "rd3.submitter")
    good = return_csv(sqlite_demo_db, "RBD", forecast_change=100_000)
    response = api.post("/api/v1/returns", files={"file": ("rbd.csv", good)}, headers=auth(token))
    assert response.status_code == 403


def test_proposals_are_readable_and_decided_with_a_token(
    api: TestClient, sqlite_demo_db: Database
) -> None:
    from openbook.kernel.period import FinancialYear
    from openbook.rebalancing.solve import solve_transfers_from_store

    _, proposal = solve_transfers_from_store(
        sqlite_demo_db, "QVV", FinancialYear(2017), 12, propose_by=principal("system.lead")
    )
    assert proposal is not None
    token = token_for(sqlite_demo_db, "rd3.approver")
    listed = api.get("/api/v1/proposals", headers=auth(token)).json()
    assert [p["ref"] for p in listed] == [proposal.ref]
    decided = api.post(
        f"/api/v1/proposals/{proposal.ref}/decisions",
        json={"decision": "approve"},
        headers=auth(token),
    )
    assert decided.status_code == 200
    assert "RD3" not in decided.json()["awaiting"]


def test_every_operation_keeps_to_its_spec(app: FastAPI, sqlite_demo_db: Database) -> None:
    """schemathesis generates requests for every operation from /openapi.json; each
    response must keep to the spec (status, content type, body schema, no server error)."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    headers = auth(token_for(sqlite_demo_db, "rbd.submitter"))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def conforms(case: schemathesis.Case) -> None:
            # A schema-valid year such as 0000/00 is still refused by the domain (400), as it
            # should be; every other check (no server error, status, body, type) applies.
            case.call_and_validate(
                headers=headers, excluded_checks=[schemathesis.checks.positive_data_acceptance]
            )

        conforms()


def test_activity_escalations_and_decisions_for_scripts(
    api: TestClient, sqlite_demo_db: Database
) -> None:
    headers = auth(token_for(sqlite_demo_db, "rd3.viewer"))
    activity = api.get("/api/v1/systems/QVV/activity?year=2018/19&month=6", headers=headers)
    assert activity.status_code == 200
    body = activity.json()
    rd3_ae = next(r for r in body["activity"] if r["provider"] == "RD3" and r["pod"] == "E.M.6")
    assert len(rd3_ae["months"]) == 6 and rd3_ae["four_hour_pct"] is not None
    assert {m["provider"] for m in body["shadow_pbr"]} == {"RBD", "RD3", "RDZ"}
    escalations = api.get(
        "/api/v1/systems/QVV/escalations?status=open&body=ofrg", headers=headers
    ).json()
    assert "RD3 forecast £1,500k behind its control total" in [e["title"] for e in escalations]
    assert api.get("/api/v1/systems/QVV/decisions?q=anything", headers=headers).json() == []
    missing = api.get("/api/v1/systems/ZZZ/escalations", headers=headers)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_enactment_through_the_api_is_safe_to_retry(
    api: TestClient, sqlite_demo_db: Database
) -> None:
    from openbook.finance.position_report import get_system_position
    from openbook.kernel.period import FinancialYear
    from openbook.rebalancing.solve import solve_transfers_from_store

    _, proposal = solve_transfers_from_store(
        sqlite_demo_db, "QVV", FinancialYear(2017), 12, propose_by=principal("system.lead")
    )
    assert proposal is not None
    for username in [f"{org.lower()}.approver" for org in proposal.affected] + ["system.deputy"]:
        answer = api.post(
            f"/api/v1/proposals/{proposal.ref}/decisions",
            json={"decision": "approve"},
            headers=auth(token_for(sqlite_demo_db, username)),
        )
        assert answer.status_code == 200, answer.text
    lead = auth(token_for(sqlite_demo_db, "system.deputy"))
    viewer = auth(token_for(sqlite_demo_db, "rd3.approver"))
    path = f"/api/v1/proposals/{proposal.ref}/enactment"
    assert api.post(path, headers={**viewer, "Idempotency-Key": "retry-0001"}).status_code == 403
    first = api.post(path, headers={**lead, "Idempotency-Key": "retry-0001"})
    retry = api.post(path, headers={**lead, "Idempotency-Key": "retry-0001"})
    assert (first.status_code, retry.status_code) == (200, 200)
    assert first.json()["status"] == retry.json()["status"] == "enacted"
    again = api.post(path, headers=lead)
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    report = get_system_position(sqlite_demo_db, "QVV", FinancialYear(2017), 12)
    received = sum(p.transfers for p in report.organisations if p.transfers > 0)
    assert received == sum((t.amount for t in proposal.transfers), 0)


def test_solve_a_scenario_with_partners_limits(api: TestClient, sqlite_demo_db: Database) -> None:
    import json
    from pathlib import Path

    token = token_for(sqlite_demo_db, "rbd.viewer")
    examples = Path(__file__).parents[2] / "examples" / "scenarios"
    scenario = json.loads((examples / "transfers_dorset_2017_18.json").read_text())
    scenario["organisations"][4]["max_give"] = "700000"  # RDY
    response = api.post("/api/v1/rebalance/transfers", json=scenario, headers=auth(token))
    assert response.status_code == 200, response.text
    given = {t["from"]: float(t["amount"]) for t in response.json()["transfers"]}
    assert given["RDY"] <= 700000 and response.json()["materiality"] == "100000.00"
    scenario["rules"]["materiality"] = "-1"
    bad = api.post("/api/v1/rebalance/transfers", json=scenario, headers=auth(token))
    assert bad.status_code == 422 and "$.rules.materiality" in bad.text
    cts = json.loads((examples / "control_totals_dorset_2018_19.json").read_text())
    answer = api.post("/api/v1/rebalance/control-totals", json=cts, headers=auth(token))
    assert answer.status_code == 200 and answer.json()["status"] == "optimal"
