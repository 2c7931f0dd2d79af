"""The workforce pages: the passport register with search, a person's credentials and
eligibility with reasons, the rota grid (site colours, gaps, the rota in words), its workbook,
a person's iCalendar and the separate-or-shared comparison."""

from __future__ import annotations

from io import BytesIO

from fastapi import FastAPI
from openpyxl import load_workbook

from tests.web.conftest import signed_in


def test_the_register_page_lists_and_searches_people(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    page = client.get("/workforce")
    assert page.status_code == 200
    assert "SYNTHETIC" in page.text and "S12" in page.text and "C07" in page.text
    assert "als expired on 2018-03-20" in page.text
    assert "People on 02 April 2018" in page.text
    found = client.get("/workforce", params={"search": "cardiolog"})
    assert "C07" in found.text and 'href="/workforce/people/S12' not in found.text
    bad = client.get("/workforce", params={"on": "2018-02-30"})
    assert bad.status_code == 400
    csv = client.get("/workforce", params={"download": "people.csv"})
    assert csv.status_code == 200 and "S12" in csv.text


def test_a_persons_page_gives_every_reason(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    page = client.get("/workforce/people/S03", params={"on": "2018-04-16"})
    assert page.status_code == 200
    assert "thrombolysis expired on 2018-04-15" in page.text
    s04 = client.get("/workforce/people/S04", params={"on": "2018-04-02"}).text
    assert "employed by RBD; no agreement in force to work for RD3" in s04
    assert client.get("/workforce/people/S99").status_code == 404


def test_the_rota_grid_its_workbook_and_a_calendar(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    page = client.get("/workforce/rotas/stroke")
    assert page.status_code == 200
    text = page.text
    assert 'id="rota-grid"' in text and "openbook-rota__shift--DCH" in text
    assert "openbook-rota__shift--NET" in text and 'id="rota-text"' in text
    assert "S12 kept off" in text and "als expired on 2018-03-20" in text
    workbook = client.get("/workforce/rotas/stroke", params={"download": "xlsx"})
    sheets = load_workbook(BytesIO(workbook.content)).sheetnames
    assert sheets == ["Roster", "Assignments", "Gaps", "Summary"]
    ics = client.get("/workforce/rotas/stroke/people/S01.ics")
    assert ics.headers["content-type"].startswith("text/calendar")
    body = ics.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and "BEGIN:VTIMEZONE" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert client.get("/workforce/rotas/stroke/people/Z9.ics").status_code == 404
    assert client.get("/workforce/rotas/dentistry").status_code == 404


def test_the_comparison_page(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    page = client.get("/workforce/rotas/cardiology/compare")
    assert page.status_code == 200
    assert "three separate site rotas" in page.text and "one shared rota" in page.text
    assert 'id="table-weekends"' in page.text


def test_a_site_alone_shows_its_gaps(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    page = client.get("/workforce/rotas/stroke", params={"site": "DCH"})
    assert page.status_code == 200
    assert "DCH&#39;s separate site rota" in page.text or "DCH's separate site rota" in page.text
    assert 'class="openbook-rota__gap"' in page.text and "short by 1" in page.text
    assert "openbook-rota__shift--PGH" not in page.text.split('id="rota-grid"')[1]
    assert client.get("/workforce/rotas/stroke", params={"site": "XXX"}).status_code == 404
    workbook = client.get("/workforce/rotas/stroke", params={"site": "DCH", "download": "xlsx"})
    assert workbook.headers["content-disposition"].endswith('rota-stroke-DCH.xlsx"')
