"""Every page agrees with itself: after the 2017/18 year-end transfer is enacted, each
organisation's income and expenditure statement (as its page downloads it) ends on the same
forecast as its position, month by month, and as the API gives it."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from fastapi import FastAPI
from fastapi.testclient import TestClient

from openbook.finance.model.account import CONTROL_TOTAL_LINE
from openbook.finance.position_report import get_system_position
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from openbook.rebalancing.enact import enact
from tests.principals import DEPUTY
from tests.rebalancing.test_proposal import approve_all, year_end_proposal
from tests.web.conftest import csrf_of, signed_in

Y1718 = FinancialYear.parse("2017/18")


def statement_forecast(app_client: TestClient, org: str, month: int) -> Decimal:
    url = f"/systems/QVV/organisations/{org}?year=2017/18&month={month}&download=lines.csv"
    rows = list(csv.reader(io.StringIO(app_client.get(url).text.lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    line = next(r for r in body if r[header.index("Code")] == CONTROL_TOTAL_LINE)
    return Decimal(line[header.index("Forecast outturn (£)")].replace(",", ""))


def test_the_statement_ends_on_the_position_for_every_organisation_and_month(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    proposal = year_end_proposal(sqlite_demo_db)
    approve_all(sqlite_demo_db, proposal.ref)
    enact(sqlite_demo_db, proposal.ref, DEPUTY)
    client = signed_in(app, "rd3.viewer")
    for month in (1, 6, 11, 12):
        report = get_system_position(sqlite_demo_db, "QVV", Y1718, month)
        for position in report.organisations:
            if not position.has_return:
                continue
            assert statement_forecast(client, position.code, month) == position.forecast_outturn, (
                position.code,
                month,
            )
    rd3 = {p.code: p for p in get_system_position(sqlite_demo_db, "QVV", Y1718, 12).organisations}
    assert rd3["RD3"].forecast_outturn == -3_300_000 and rd3["RD3"].transfers == 1_500_000


def test_the_lead_reopens_a_closed_month_on_the_months_page(app: FastAPI) -> None:
    viewer = signed_in(app, "rd3.viewer")
    page = viewer.get("/months?year=2017/18").text
    assert "Closed" in page.split('id="month-6"', 1)[1].split("</tr>", 1)[0]
    assert "Reopen" not in page
    lead = signed_in(app, "system.lead")
    token = csrf_of(lead, "/months?year=2017/18")
    form = {"csrf_token": token, "year": "2017/18", "month": "6", "action": "reopen"}
    refused = lead.post("/months", data={**form, "reason": " "})
    assert refused.status_code == 400 and "say why" in refused.text.lower()
    assert lead.post("/months", data={**form, "reason": "RD3's M6 was wrong"}).status_code == 303
    row = lead.get("/months?year=2017/18").text.split('id="month-6"', 1)[1].split("</tr>", 1)[0]
    assert "Open" in row
    bad = lead.post("/months", data={**form, "month": "13", "reason": "x"})
    assert bad.status_code == 400 and "m1 to m12" in bad.text.lower()
    assert (
        viewer.post(
            "/months", data={**form, "csrf_token": csrf_of(viewer, "/months"), "reason": "x"}
        ).status_code
        == 403
    )
