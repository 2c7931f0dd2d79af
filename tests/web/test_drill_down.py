"""The drill-down: system → organisation → line → month, each figure a link to the level
below; the line page month by month with its trend, downloadable; the API gives the same."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from openbook.finance.line_history import get_line_history, line_history_to_dict
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from tests.web.conftest import signed_in
from tests.web.test_api import auth, token_for

PERIOD = {"year": "2018/19", "month": 6}
LINE = "/systems/QVV/organisations/RBD/lines/pay.agency?year=2018%2F19&amp;month=6"


def test_system_to_organisation_to_line_to_month(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    overview = client.get("/systems/QVV", params=PERIOD).text
    table = overview[overview.index('id="table-positions"') :]
    org = "/systems/QVV/organisations/RBD?year=2018%2F19&amp;month=6#table-lines"
    assert table.count(f'href="{org}"') == 3  # forecast, gap and YTD variance
    page = client.get("/systems/QVV/organisations/RBD", params=PERIOD).text
    lines = page[page.index('id="table-lines"') :]
    assert f'<a href="{LINE}">Pay: agency staff</a>' in lines
    assert lines.count(f'href="{LINE}"') == 5  # the name and four figures
    line = client.get(LINE.replace("&amp;", "&"))
    assert line.status_code == 200
    assert '<h1 class="nhsuk-heading-l">Pay: agency staff</h1>' in line.text
    months = line.text[line.text.index('id="table-months"') :]
    for month in range(1, 7):
        target = f"/systems/QVV/organisations/RBD?year=2018%2F19&amp;month={month}#table-lines"
        assert f'href="{target}"' in months
    assert "M7" not in months.split("</table>")[0]
    assert line.text.count('class="openbook-chart"') == 2


def test_linked_figures_download_as_numbers(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    csv = client.get(
        "/systems/QVV/organisations/RBD", params={**PERIOD, "download": "lines.csv"}
    ).text
    agency = next(row for row in csv.splitlines() if ",pay.agency," in row)
    assert re.search(r",\d+\.\d\d,", agency), agency  # pounds, not "£000" text
    months = client.get(
        "/systems/QVV/organisations/RBD/lines/pay.agency",
        params={**PERIOD, "download": "months.csv"},
    )
    assert months.status_code == 200 and "M6 (Sep)" in months.text


def test_the_api_gives_the_line_as_the_use_case(app: FastAPI, sqlite_demo_db: Database) -> None:
    response = TestClient(app).get(
        "/api/v1/organisations/RBD/lines/pay.agency",
        params=PERIOD,
        headers=auth(token_for(sqlite_demo_db, "rbd.viewer")),
    )
    assert response.status_code == 200
    expected = get_line_history(sqlite_demo_db, "RBD", FinancialYear(2018), "pay.agency", 6)
    assert response.json() == line_history_to_dict(expected)
    unknown = TestClient(app).get(
        "/api/v1/organisations/RBD/lines/nope",
        params=PERIOD,
        headers=auth(token_for(sqlite_demo_db, "rbd.viewer")),
    )
    assert unknown.status_code == 404
