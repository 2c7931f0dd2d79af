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

from openbook.kernel.audit_log import get_audit_head, get_audit_heads
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
    # The anchors are of the heads after issue: one per chain, the store's and Dorset's,
    # and they include the pack.issued event.
    lines = (tmp_path / "var" / "audit-anchors.jsonl").read_text().splitlines()
    anchored = {(a.get("chain", "store"), a["sequence"], a["hash"]) for a in map(json.loads, lines)}
    heads = get_audit_heads(sqlite_demo_db)
    assert anchored == {(h.chain, h.sequence, h.hash) for h in heads}
    assert {h.chain for h in heads} == {"store", "QVV"}
    assert get_audit_head(sqlite_demo_db).sequence > before.sequence


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
    assert (body["sequence"], body["hash"]) == (after.sequence, after.hash)
    chains = {c["chain"]: (c["sequence"], c["hash"]) for c in body["chains"]}
    assert chains == {h.chain: (h.sequence, h.hash) for h in get_audit_heads(sqlite_demo_db)}
    last = body["last_anchor"]  # the last anchor written: Dorset's chain, after the store's
    assert (last["sequence"], last["hash"]) == chains[last["chain"]] and last["chain"] == "QVV"


def test_the_audit_page_shows_the_head_and_the_last_anchor(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    client = signed_in(app, "rbd.viewer")
    page = client.get("/audit").text
    head = get_audit_head(sqlite_demo_db)
    assert f"#{head.sequence} {head.hash}" in page and "none yet" in page
    issue(TestClient(app), sqlite_demo_db)
    page = client.get("/audit").text
    for head in get_audit_heads(sqlite_demo_db):  # each chain's head, one of them anchored
        assert f"#{head.sequence} {head.hash}" in page
    assert "Root over 2 chains" in page and "QVV chain" in page
    assert "and it matches every anchor of this store" in page
