"""The audit chain's head where people see it: in every format of a board pack, on the audit
page with the last anchor, and from the API; issuing a pack records an anchor."""

from __future__ import annotations

import io
import json
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader

from openbook.kernel.audit_log import get_audit_head
from openbook.kernel.database import Database
from tests.web.conftest import signed_in
from tests.web.test_api import auth, token_for

MEETING = "2018-05-18"  # the OFRG meeting after the demonstration's issued one


def issue(api: TestClient, db: Database) -> dict[str, str]:
    headers = auth(token_for(db, "system.lead"))
    response = api.post(f"/api/v1/systems/QVV/bodies/ofrg/packs/{MEETING}", headers=headers)
    assert response.status_code == 201, response.text
    return headers


def test_an_issued_pack_prints_the_head_and_is_anchored(
    app: FastAPI, sqlite_demo_db: Database, tmp_path: Path
) -> None:
    api = TestClient(app)
    headers = auth(token_for(sqlite_demo_db, "system.lead"))
    before = get_audit_head(sqlite_demo_db)  # what the pack is drawn at
    response = api.post(f"/api/v1/systems/QVV/bodies/ofrg/packs/{MEETING}", headers=headers)
    assert response.status_code == 201, response.text
    line = f"Audit chain head at issue: #{before.sequence} {before.hash[:12]}…"
    url = f"/api/v1/systems/QVV/bodies/ofrg/packs/{MEETING}"
    html = api.get(f"{url}.html", headers=headers).text
    assert line in html
    pdf = PdfReader(io.BytesIO(api.get(f"{url}.pdf", headers=headers).content))
    assert f"#{before.sequence} {before.hash[:12]}" in pdf.pages[0].extract_text()
    sheet = load_workbook(io.BytesIO(api.get(f"{url}.xlsx", headers=headers).content))["Pack"]
    assert ["audit chain head", line] in [list(r) for r in sheet.iter_rows(values_only=True)]
    # The anchor is of the head after issue: it includes the pack.issued event.
    anchored = json.loads((tmp_path / "var" / "audit-anchors.jsonl").read_text())
    after = get_audit_head(sqlite_demo_db)
    assert (anchored["sequence"], anchored["hash"]) == (after.sequence, after.hash)
    assert after.sequence > before.sequence


def test_the_api_returns_the_head_and_the_last_anchor(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    api = TestClient(app)
    assert api.get("/api/v1/audit/head").status_code == 401
    headers = auth(token_for(sqlite_demo_db, "rbd.viewer"))
    body = api.get("/api/v1/audit/head", headers=headers).json()
    head = get_audit_head(sqlite_demo_db)
    assert (body["sequence"], body["hash"], body["last_anchor"]) == (head.sequence, head.hash, None)
    issue(api, sqlite_demo_db)
    body = api.get("/api/v1/audit/head", headers=headers).json()
    after = get_audit_head(sqlite_demo_db)  # a token was made, and the pack issued
    assert body["last_anchor"]["sequence"] == body["sequence"] == after.sequence


def test_the_audit_page_shows_the_head_and_the_last_anchor(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    client = signed_in(app, "rbd.viewer")
    page = client.get("/audit").text
    head = get_audit_head(sqlite_demo_db)
    assert f"#{head.sequence} {head.hash}" in page and "none yet" in page
    issue(TestClient(app), sqlite_demo_db)
    page = client.get("/audit").text
    after = get_audit_head(sqlite_demo_db)
    assert page.count(f"#{after.sequence} {after.hash}") == 2  # head and last anchor
    assert "and it matches every anchor of this store" in page
