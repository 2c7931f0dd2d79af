"""Governance in the dashboard: bodies, escalations worked through their forms, the
decisions log, notifications and the packs for each meeting."""

from __future__ import annotations

import hashlib
import io

from fastapi import FastAPI
from fastapi.testclient import TestClient
from pypdf import PdfReader

from openbook.kernel.database import Database
from tests.web.conftest import csrf_of, signed_in
from tests.web.test_api import token_for


def test_bodies_and_a_body_page_with_its_packs(app: FastAPI) -> None:
    client = signed_in(app, "rd3.viewer")
    page = client.get("/governance")
    assert page.status_code == 200
    for name in (
        "Partnership board",
        "System leadership team",
        "Operational finance reference group",
        "Clinical reference group",
        "Quality surveillance group",
    ):
        assert name in page.text
    assert "Upload and check" not in page.text  # only the lead and administrators
    body = client.get("/governance/ofrg")
    assert "System leadership team → Partnership board" in body.text
    assert "/governance/ofrg/pack/2019-03-15.pdf" in body.text
    pdf = client.get("/governance/ofrg/pack/2018-04-20.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "M12 2017/18" in text and "(1,500)" in text
    html = client.get("/governance/ofrg/pack/2018-04-20.html")
    assert "style-src 'unsafe-inline'" in html.headers["content-security-policy"]
    assert "default-src 'self'" not in html.headers["content-security-policy"]
    assert client.get("/governance/ofrg/pack/2018-04-20.doc").status_code == 400


def test_escalations_list_raise_and_work_one(app: FastAPI) -> None:
    client = signed_in(app, "rbd.approver")
    listing = client.get("/escalations?status=open&body=ofrg")
    assert "RD3 forecast £1,500k behind its control total" in listing.text
    token = csrf_of(client, "/escalations")
    raised = client.post(
        "/escalations",
        data={
            "csrf_token": token,
            "title": "Agency nurse spend over the cap",
            "detail": "£0.4m",
            "remit": "workforce",
            "subject": "RBD",
            "month": "6",
        },
    )
    assert raised.status_code == 303
    ref = raised.headers["location"].rsplit("/", 1)[1]
    page = client.get(f"/escalations/{ref}")
    assert "Agency nurse spend over the cap" in page.text and "slt" in page.text
    # rbd.approver sits on the SLT, so may work it.
    added = client.post(
        f"/escalations/{ref}/action",
        data={
            "csrf_token": token,
            "description": "Agency review",
            "owner": "rbd.approver",
            "due": "2018-11-30",
        },
    )
    assert added.status_code == 303
    bad = client.post(
        f"/escalations/{ref}/action",
        data={"csrf_token": token, "description": "x", "owner": "y", "due": "soon"},
    )
    assert bad.status_code == 400 and "The due date must be a date" in bad.text
    up = client.post(
        f"/escalations/{ref}/escalate", data={"csrf_token": token, "reason": "Needs the board"}
    )
    assert up.status_code == 303
    assert "escalated" in client.get(f"/escalations/{ref}").text
    viewer = signed_in(app, "rbd.viewer")
    refused = viewer.post(
        f"/escalations/{ref}/resolve",
        data={"csrf_token": csrf_of(viewer, "/escalations"), "note": "done"},
    )
    assert refused.status_code == 403
    done = client.post(f"/escalations/{ref}/resolve", data={"csrf_token": token, "note": "Cap met"})
    assert done.status_code == 303
    assert "resolved" in client.get(f"/escalations/{ref}").text


def test_decisions_log_record_search_and_download(app: FastAPI) -> None:
    lead = signed_in(app, "system.lead")
    token = csrf_of(lead, "/decisions")
    recorded = lead.post(
        "/decisions",
        data={
            "csrf_token": token,
            "body": "slt",
            "meeting_date": "2018-04-10",
            "title": "Recovery plan for Poole",
            "decided": "RD3 to deliver £1m more CIP",
            "options": "Accept the gap\nRecovery plan",
            "proposal": "",
        },
    )
    assert recorded.status_code == 303
    ref = recorded.headers["location"].rsplit("/", 1)[1]
    page = lead.get(f"/decisions/{ref}")
    assert "Accept the gap" in page.text and "Recovery plan" in page.text
    assert ref in lead.get("/decisions?q=poole").text
    assert ref not in lead.get("/decisions?q=nothing-like-it").text
    csv = lead.get("/decisions?download=decisions.csv")
    assert csv.status_code == 200 and "Recovery plan for Poole" in csv.text
    viewer = signed_in(app, "rbd.viewer")
    refused = viewer.post(
        "/decisions",
        data={
            "csrf_token": csrf_of(viewer, "/decisions"),
            "body": "slt",
            "meeting_date": "2018-04-10",
            "title": "x",
            "decided": "y",
        },
    )
    assert refused.status_code == 403
    inbox = signed_in(app, "rd3.approver").get("/notifications")
    assert "Recovery plan for Poole" in inbox.text


def test_a_bad_governance_upload_shows_every_problem(app: FastAPI) -> None:
    admin = signed_in(app, "admin")
    page = admin.get("/governance")
    assert "Upload and check" in page.text
    bad = b"system: QVV\nbodies:\n  - code: x\n    name: X\n    remits: [money]\n"
    response = admin.post(
        "/governance",
        data={"csrf_token": csrf_of(admin, "/governance")},
        files={"governance_file": ("bad.yaml", bad, "application/yaml")},
    )
    assert response.status_code == 422
    assert "Nothing was stored" in response.text
    assert "&#39;money&#39; is not a remit" in response.text
    assert "&#39;chair&#39; is missing" in response.text


def test_issued_packs_are_listed_served_as_issued_and_issued_once(
    app: FastAPI, sqlite_demo_db: Database
) -> None:

    viewer = signed_in(app, "rd3.viewer")
    page = viewer.get("/governance/ofrg?year=2017/18").text
    row = page.split('id="pack-2018-04-20"', 1)[1].split("</tr>", 1)[0]
    assert "Issued" in row and "11j.approver" in row and "M12 2017/18" in row
    assert "Issue this pack" not in page  # a viewer cannot issue
    pdf = viewer.get("/governance/ofrg/pack/2018-04-20.pdf")
    assert pdf.headers["x-pack-state"] == "issued"
    assert hashlib.sha256(pdf.content).hexdigest() == pdf.headers["x-content-sha256"]
    assert pdf.headers["x-content-sha256"] in page
    draft = viewer.get("/governance/ofrg/pack/2018-05-18.html")
    assert draft.headers["x-pack-state"] == "draft" and "not issued" in draft.text
    lead = signed_in(app, "system.lead")
    token = csrf_of(lead, "/governance/ofrg?year=2017/18")
    issued = lead.post("/governance/ofrg/pack/2018-05-18/issue", data={"csrf_token": token})
    assert issued.status_code == 303
    again = lead.post("/governance/ofrg/pack/2018-05-18/issue", data={"csrf_token": token})
    assert again.status_code == 409 and "never regenerated" in again.text
    assert viewer.get("/governance/ofrg/pack/2018-05-18.html").headers["x-pack-state"] == "issued"
    token = {"Authorization": f"Bearer {token_for(sqlite_demo_db, 'rd3.viewer')}"}
    listed = TestClient(app).get("/api/v1/systems/QVV/packs?body=ofrg", headers=token).json()
    assert {(p["meeting_date"], p["format"]) for p in listed} >= {
        ("2018-04-20", "pdf"),
        ("2018-05-18", "xlsx"),
    }


def test_a_meeting_with_no_members_that_year_says_so_instead_of_a_dead_link(
    app: FastAPI,
) -> None:
    client = signed_in(app, "rd3.viewer")
    page = client.get("/governance/board").text
    row = page.split('id="pack-2019-05-30"', 1)[1].split("</tr>", 1)[0]
    assert "No pack: QVV has no members in 2019/20." in row and "href" not in row
    assert client.get("/governance/board/pack/2019-05-30.pdf").status_code == 400
