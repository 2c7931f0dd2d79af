"""The malformed form inputs of issue 13 (`min_transfer=NaN`, `inf`, a missing `kind`, a
month of "twelve", ...), one per form handler that reads numbers, choices or dates: each is
a 400 naming the field, never a 500, and nothing is stored."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from openbook.kernel.audit import head_sequence
from openbook.kernel.database import Database
from tests.web.conftest import csrf_of, signed_in

PROPOSE = {"kind": "transfers", "year": "2017/18", "month": "12", "min_transfer": "0"}
RAISE = {"title": "A concern", "remit": "finance", "subject": "RBD"}
DECISION = {
    "body": "ofrg",
    "meeting_date": "2018-04-20",
    "title": "A decision",
    "decided": "Agreed",
}

CASES = [
    ("/proposals", {**PROPOSE, "min_transfer": "NaN"}, "the minimum transfer must be a number"),
    ("/proposals", {**PROPOSE, "min_transfer": "inf"}, "the minimum transfer must be a number"),
    ("/proposals", {**PROPOSE, "min_transfer": "1e999"}, "the minimum transfer must be a number"),
    ("/proposals", {k: v for k, v in PROPOSE.items() if k != "kind"}, "the kind of proposal is"),
    ("/proposals", {**PROPOSE, "kind": "gift"}, "the kind of proposal must be one of"),
    ("/proposals", {**PROPOSE, "month": "twelve"}, "the month must be a whole number from 1"),
    ("/months", {"year": "2017/18", "month": "x", "action": "close"}, "choose a month"),
    ("/months", {"year": "2017/18", "month": "12"}, "choose close or reopen"),
    ("/months", {"year": "soon", "month": "12", "action": "close"}, "choose a financial year"),
    ("/escalations", {k: v for k, v in RAISE.items() if k != "remit"}, "the remit is needed"),
    ("/escalations", {**RAISE, "month": "NaN"}, "the month must be a whole number from 1"),
    ("/escalations", {**RAISE, "title": "x" * 301}, "the title is 301 characters long"),
    ("/decisions", {**DECISION, "meeting_date": "2018-02-30"}, "the meeting date must be a date"),
    ("/decisions", {**DECISION, "decided": "x" * 10_001}, "10,001 characters long"),
]


@pytest.mark.parametrize(("path", "form", "message"), CASES)
def test_a_malformed_form_is_a_400_naming_the_field(
    app: FastAPI, sqlite_demo_db: Database, path: str, form: dict[str, str], message: str
) -> None:
    client = signed_in(app, "system.lead")
    before = head_sequence(sqlite_demo_db.engine)
    response = client.post(path, data={"csrf_token": csrf_of(client, "/escalations"), **form})
    assert response.status_code == 400, response.text[:3000]
    page = response.text.replace("&#39;", "'").replace("&amp;", "&")
    assert message[1:] in page  # the page capitalises the message's first letter
    assert head_sequence(sqlite_demo_db.engine) == before


def test_escalation_steps_refuse_malformed_values(app: FastAPI, sqlite_demo_db: Database) -> None:
    lead = signed_in(app, "system.lead")
    listing = lead.get("/escalations?status=open").text
    ref = "E-" + listing.split('href="/escalations/E-', 1)[1].split('"', 1)[0]
    before = head_sequence(sqlite_demo_db.engine)
    token = csrf_of(lead, f"/escalations/{ref}")
    for step, form, message in [
        ("action", {"description": "Call", "owner": "x", "due": "soon"}, "the due date must be"),
        ("done", {"action": "NaN"}, "the action must be a whole number"),
        ("resolve", {"note": "x" * 2001}, "2,001 characters long; at most 2,000"),
        ("escalate", {"reason": ""}, "why it goes up is needed"),
    ]:
        response = lead.post(f"/escalations/{ref}/{step}", data={"csrf_token": token, **form})
        assert response.status_code == 400, (step, response.text[:2000])
        assert message[1:] in response.text.replace("&#39;", "'")
    assert head_sequence(sqlite_demo_db.engine) == before


def test_a_get_form_with_nan_is_a_400(app: FastAPI) -> None:
    client = signed_in(app, "rbd.viewer")
    response = client.get("/capacity?arrivals_per_day=NaN")
    assert response.status_code == 400
    assert "he arrivals a day must be a number above 0" in response.text
    lead = signed_in(app, "system.lead")
    solve = lead.get("/proposals/solve?kind=transfers&year=2017/18&month=12&min_transfer=inf")
    assert solve.status_code == 400
