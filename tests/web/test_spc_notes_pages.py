"""The notes page and API: annotate, propose, agree (a second person), withdraw; the API's
JSON is the CLI's; a viewer reads but cannot write."""

from __future__ import annotations

import json

from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from openbook.cli import app as cli_app
from openbook.kernel.database import Database
from tests.web.conftest import csrf_of, signed_in
from tests.web.test_api import auth, token_for

PAGE = "/spc/notes"


def test_the_page_annotates_proposes_and_agrees(app: FastAPI) -> None:
    lead = signed_in(app, "system.lead")
    token = csrf_of(lead, PAGE)
    made = lead.post(
        PAGE,
        data={
            "csrf_token": token,
            "kind": "annotation",
            "chart": "ae-4h/RBD",
            "day": "2017-10",
            "label": "Front-door streaming",
        },
    )
    assert made.status_code == 303 and made.headers["location"] == f"{PAGE}?chart=ae-4h/RBD"
    proposed = lead.post(
        PAGE,
        data={
            "csrf_token": token,
            "kind": "rebase",
            "chart": "ae-4h/RBD",
            "day": "2017-10",
            "reason": "streaming began",
        },
    )
    assert proposed.status_code == 303
    page = lead.get(PAGE, params={"chart": "ae-4h/RBD", "year": "2018/19", "month": "12"})
    assert "N-QVV-0002" in page.text and "Proposed (not applied)" in page.text
    assert "agree-N-QVV-0002" not in page.text  # not for the one who proposed it
    assert "note October 2017: Front-door streaming" in page.text  # the chart, with its note
    assert "limits recalculated" not in page.text
    deputy = signed_in(app, "system.deputy")
    page = deputy.get(PAGE)
    assert 'id="agree-N-QVV-0002"' in page.text
    agreed = deputy.post(
        f"{PAGE}/N-QVV-0002/agree", data={"csrf_token": csrf_of(deputy, PAGE), "reason": "seen it"}
    )
    assert agreed.status_code == 303
    page = deputy.get(PAGE, params={"chart": "ae-4h/RBD", "year": "2018/19", "month": "12"})
    assert "Agreed (applied)" in page.text and "limits recalculated from October 2017" in page.text
    withdrawn = lead.post(
        f"{PAGE}/N-QVV-0001/withdraw",
        data={"csrf_token": csrf_of(lead, PAGE), "reason": "wrong date"},
    )
    assert withdrawn.status_code == 303 and "Withdrawn" in lead.get(PAGE).text


def test_a_viewer_sees_no_forms(app: FastAPI) -> None:
    page = signed_in(app, "rd3.viewer").get(PAGE)
    assert page.status_code == 200 and 'id="note-form"' not in page.text


def test_the_api_writes_and_answers_as_the_cli_does(
    app: FastAPI, sqlite_demo_db: Database, monkeypatch: object
) -> None:
    monkeypatch.setenv("OPENBOOK_DATABASE_URL", str(sqlite_demo_db.engine.url))  # type: ignore[attr-defined]
    api = TestClient(app)
    lead = auth(token_for(sqlite_demo_db, "system.lead"))
    base = "/api/v1/systems/QVV/spc-notes"
    made = api.post(
        base,
        headers=lead,
        json={
            "kind": "rebase",
            "chart": "quality/*/mortality",
            "day": "2018-04",
            "reason": "new coding",
        },
    )
    assert made.status_code == 201 and made.json()["status"] == "proposed"
    again = api.post(f"{base}/N-QVV-0001/agreement", headers=lead, json={})
    assert again.status_code == 403
    deputy = auth(token_for(sqlite_demo_db, "system.deputy"))
    agreed = api.post(f"{base}/N-QVV-0001/agreement", headers=deputy, json={"reason": "yes"})
    assert agreed.status_code == 200 and agreed.json()["agreed_by"] == "system.deputy"
    bad = api.post(base, headers=lead, json={"kind": "rebase", "chart": "x", "day": "2018-04-02"})
    assert bad.status_code == 400 and "a rebase starts a month" in bad.text
    listed = api.get(base, headers=auth(token_for(sqlite_demo_db, "rd3.viewer")))
    result = CliRunner().invoke(cli_app, ["spc", "annotations", "--system", "QVV", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert listed.json() == json.loads(result.stdout)
    assert [n["ref"] for n in listed.json()["notes"]] == ["N-QVV-0001"]


def test_the_activity_and_quality_charts_show_notes_and_link_to_them(app: FastAPI) -> None:
    lead = signed_in(app, "system.lead")
    token = csrf_of(lead, PAGE)
    for chart in ("ae-4h/RD3", "quality/RD3/stroke_swallow_72h", "activity/RBD/E.M.6"):
        made = lead.post(
            PAGE,
            data={
                "csrf_token": token,
                "kind": "annotation",
                "chart": chart,
                "day": "2018-07",
                "label": f"Note on {chart}",
            },
        )
        assert made.status_code == 303
    period = {"year": "2018/19", "month": "12"}
    activity = lead.get("/activity", params=period).text
    assert "note July 2018: Note on ae-4h/RD3" in activity
    assert "/spc/notes?chart=ae-4h/RD3&amp;year=2018/19&amp;month=12" in activity
    quality = lead.get("/quality", params={**period, "measure": "stroke_swallow_72h"}).text
    assert "note July 2018: Note on quality/RD3/stroke_swallow_72h" in quality
    assert "/spc/notes?chart=quality/RD3/stroke_swallow_72h" in quality
    series = lead.get("/activity", params={**period, "provider": "RBD", "pod": "E.M.6"}).text
    assert "note July 2018: Note on activity/RBD/E.M.6" in series
    assert "/spc/notes?chart=activity/RBD/E.M.6" in series
