"""The capital, cash and workforce return through the REST API, a commissioner's with its
allocation, programme spend and running costs: the same checks and versions as
`openbook regime submit`."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from openbook.accounts.account import authenticate, create_token
from openbook.demo.users import DEMO_PASSWORD
from openbook.kernel.database import Database
from tests.regime.ccw_sample import icb_return, sample_bytes, sample_return


def _auth(db: Database, username: str) -> dict[str, str]:
    token, _ = create_token(db, authenticate(db, username, DEMO_PASSWORD), "tests")
    return {"Authorization": f"Bearer {token}"}


def test_an_icb_submits_its_return_and_reads_it_back(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    api, headers = TestClient(app), _auth(sqlite_demo_db, "11j.submitter")
    data = sample_bytes(icb_return("11J", "2025/26", 6))
    first = api.post("/api/v1/ccw-returns", files={"file": ("11j.csv", data)}, headers=headers)
    assert first.status_code == 201, first.text
    assert first.json()["version"]["version"] == 1
    again = api.post("/api/v1/ccw-returns", files={"file": ("11j.csv", data)}, headers=headers)
    assert (again.status_code, again.json()["created"]) == (200, False)
    params = {"org_code": "11J", "year": "2025/26", "month": 6}
    (version,) = api.get("/api/v1/ccw-returns", params=params, headers=headers).json()
    assert version["lines"]["icb.allocation.running_costs"]["plan"] == "17340000.00"
    assert version["lines"]["icb.spend.running_costs"]["forecast_outturn"] == "17500000.00"


def test_every_problem_is_listed_and_only_its_submitter_submits(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    api = TestClient(app)
    without = sample_bytes(sample_return("11J", "2025/26", 6))
    response = api.post(
        "/api/v1/ccw-returns",
        files={"file": ("11j.csv", without)},
        headers=_auth(sqlite_demo_db, "11j.submitter"),
    )
    assert response.status_code == 422
    (issue,) = response.json()["error"]["issues"]
    assert issue["message"].startswith("11J is a commissioner: its return needs the ICB lines")
    forbidden = api.post(
        "/api/v1/ccw-returns",
        files={"file": ("11j.csv", sample_bytes(icb_return("11J", "2025/26", 6)))},
        headers=_auth(sqlite_demo_db, "rbd.submitter"),
    )
    assert forbidden.status_code == 403
