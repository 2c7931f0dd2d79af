"""The submission tracker page: linked from the overview, the month's returns with their
deadline and the year at a glance; the system finance lead reminds late submitters."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from openbook.governance.notifications import list_notifications
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from tests.finance.test_return_tracker import add_year_without_returns
from tests.web.conftest import CSRF, signed_in
from tests.web.test_api import auth, token_for

PAGE = "/systems/QVV/returns/tracker"


def test_the_overview_links_to_the_tracker(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    overview = client.get("/systems/QVV", params={"year": "2018/19", "month": 6})
    assert f'href="{PAGE}?year=2018%2F19&amp;month=6"' in overview.text
    page = client.get(PAGE, params={"year": "2018/19", "month": 6})
    assert page.status_code == 200
    assert "due by <strong>Friday 19 October 2018</strong>, working day 15" in page.text
    assert page.text.count("Submitted late") >= 6
    assert 'id="tracker-year"' in page.text and "Remind late submitters" not in page.text
    download = client.get(PAGE, params={"year": "2018/19", "month": 6, "download": "returns.csv"})
    assert download.status_code == 200 and "Dorset County Hospital" in download.text


def test_the_lead_reminds_late_submitters_from_the_page(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    add_year_without_returns(sqlite_demo_db, FinancialYear.parse("2019/20"))
    client = signed_in(app, "system.lead")
    page = client.get(PAGE, params={"year": "2019/20", "month": 1})
    assert "Remind 11J, RBD, RD3, RDY, RDZ, RYF" in page.text
    token = CSRF.search(page.text)
    assert token
    form = {"csrf_token": token.group(1), "year": "2019/20", "month": "1"}
    sent = client.post(f"{PAGE}/remind", data=form)
    assert sent.status_code == 303
    after = client.get(sent.headers["location"])
    assert "Reminded the submitters of 11J, RBD, RD3, RDY, RDZ, RYF." in after.text
    assert 'id="nobody-to-remind"' in after.text
    assert len(list_notifications(sqlite_demo_db, "rdz.submitter")) == 1
    client.post(f"{PAGE}/remind", data=form)
    assert len(list_notifications(sqlite_demo_db, "rdz.submitter")) == 1


def test_the_api_reminds_and_refuses_a_viewer(app: FastAPI, sqlite_demo_db: Database) -> None:
    add_year_without_returns(sqlite_demo_db, FinancialYear.parse("2019/20"))
    api = TestClient(app)
    body = {"financial_year": "2019/20", "month": 1, "org_codes": ["ryf"]}
    refused = api.post(
        "/api/v1/systems/QVV/returns/reminders",
        json=body,
        headers=auth(token_for(sqlite_demo_db, "rbd.viewer")),
    )
    assert refused.status_code == 403
    lead = auth(token_for(sqlite_demo_db, "system.lead"))
    sent = api.post("/api/v1/systems/QVV/returns/reminders", json=body, headers=lead)
    assert sent.status_code == 200, sent.text
    assert sent.json()["reminded"] == ["RYF"]
    again = api.post("/api/v1/systems/QVV/returns/reminders", json=body, headers=lead)
    assert again.json()["reminded"] == [] and again.json()["already_reminded"] == ["RYF"]
