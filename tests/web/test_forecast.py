"""The run-rate challenge on the overview and organisation pages and through the API: the
same figures as the use case, the CCG's break-even forecast at M11 2018/19 flagged."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from openbook.finance.run_rate import challenge_to_dict, get_run_rate_challenges
from openbook.governance.escalation_view import list_escalation_views
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from tests.web.conftest import signed_in
from tests.web.test_api import auth, token_for

PERIOD = {"year": "2018/19", "month": 11}


def test_the_api_gives_the_use_cases_figures(app: FastAPI, sqlite_demo_db: Database) -> None:
    response = TestClient(app).get(
        "/api/v1/systems/QVV/run-rate",
        params=PERIOD,
        headers=auth(token_for(sqlite_demo_db, "rbd.viewer")),
    )
    assert response.status_code == 200
    report = get_run_rate_challenges(sqlite_demo_db, "QVV", FinancialYear(2018), 11)
    assert response.json()["organisations"] == [challenge_to_dict(c) for c in report.challenges]
    flagged = [row["org_code"] for row in response.json()["organisations"] if row["flagged"]]
    assert "11J" in flagged and "RBD" not in flagged


def test_the_pages_show_the_challenge(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    overview = client.get("/systems/QVV", params=PERIOD)
    assert overview.status_code == 200
    assert "Run-rate challenge" in overview.text
    assert "NHS Dorset CCG (11J): the forecast of £0k needs each remaining month £3,212k" in (
        overview.text
    )
    ccg = client.get("/systems/QVV/organisations/11J", params=PERIOD)
    assert "Forecasts to challenge" in ccg.text and "(£2,944k)" in ccg.text
    rbd = client.get("/systems/QVV/organisations/RBD", params=PERIOD)
    assert "Run-rate challenge" in rbd.text and "Forecasts to challenge" not in rbd.text
    download = client.get("/systems/QVV", params={**PERIOD, "download": "run-rate.csv"})
    assert download.status_code == 200
    assert "Run-rate outturn (£)" in download.text and "-3211865.45" in download.text


def test_the_bridge_on_the_pages_and_the_api(app: FastAPI, sqlite_demo_db: Database) -> None:
    from openbook.finance.bridge import forecast_bridge_to_dict, get_forecast_bridge

    period = {"year": "2018/19", "month": 6}
    response = TestClient(app).get(
        "/api/v1/systems/QVV/bridge",
        params=period,
        headers=auth(token_for(sqlite_demo_db, "rbd.viewer")),
    )
    assert response.status_code == 200
    found = get_forecast_bridge(sqlite_demo_db, "QVV", FinancialYear(2018), 6)
    assert response.json() == forecast_bridge_to_dict(found)

    client = signed_in(app, "rbd.viewer")
    overview = client.get("/systems/QVV", params=period)
    assert "What moved the forecast" in overview.text
    assert "Forecast bridge by partner" in overview.text
    assert "Forecast bridge by line, the partners together" in overview.text
    rd3 = client.get("/systems/QVV/organisations/RD3", params=period)
    assert "Forecast bridge by line" in rd3.text and "Pay: agency staff" in rd3.text
    csv = client.get(
        "/systems/QVV/organisations/RD3", params={**period, "download": "bridge-lines.csv"}
    )
    assert csv.status_code == 200 and "-280000.00" in csv.text and "-5700000.00" in csv.text
    m1 = client.get("/systems/QVV", params={"year": "2018/19", "month": 1})
    assert m1.status_code == 200 and "no earlier month to bridge from" in m1.text


def test_the_ccg_is_escalated_for_its_run_rate_and_the_page_says_so(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    """The demo's escalation: raised with the operational finance body when the CCG's
    break-even forecast first needed more than its threshold (M10 2018/19), its detail
    carrying the M11 figures, cleared at M12 when the year was out."""
    views = list_escalation_views(sqlite_demo_db, "QVV", financial_year="2018/19")
    [ccg] = [v for v in views if v.rule == "forecast-beyond-run-rate"]
    assert (ccg.subject, ccg.body_code, ccg.month, ccg.status) == ("11J", "ofrg", 10, "cleared")
    assert ccg.title == "11J forecast needs £3,212k a month better than its run rate"
    assert "(£2,944k) year to date at M11" in ccg.detail
    assert "more than the £1,056k threshold" in ccg.detail
    assert [e.kind for e in ccg.events] == ["raised", "cleared"]
    page = signed_in(app, "rbd.viewer").get(f"/escalations/{ccg.ref}")
    assert page.status_code == 200
    assert "11J forecast needs £3,212k a month better than its run rate" in page.text
    assert "The condition no longer holds at M12 2018/19." in page.text
