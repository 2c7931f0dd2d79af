"""Governance pages in a store of several systems: each page is of the system it names
(`?system=`, or the form's hidden field), and its links and forms keep that system. Frimley
(QNQ) sorts before Dorset (QVV), so a page that fell back to the store's first system would
show Frimley's bodies to a Dorset user."""

from __future__ import annotations

from fastapi import FastAPI

from openbook.governance.config import load_governance_text
from openbook.governance.escalation_view import list_escalation_views
from openbook.kernel.database import Database
from openbook.reference.load import load_system_file
from tests.principals import ADMIN
from tests.test_concurrent_systems import FRIMLEY, FRIMLEY_GOVERNANCE
from tests.web.conftest import csrf_of, signed_in


def add_frimley(db: Database) -> None:
    load_system_file(db, FRIMLEY, ADMIN)
    load_governance_text(db, FRIMLEY_GOVERNANCE, "frimley.yaml", ADMIN)


def test_each_governance_page_is_of_the_system_it_names(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    add_frimley(sqlite_demo_db)
    lead = signed_in(app, "system.lead")
    dorset = lead.get("/governance?system=QVV").text
    assert "Operational finance reference group" in dorset
    assert 'href="/escalations?system=QVV"' in dorset and 'href="/decisions?system=QVV"' in dorset
    assert "/governance/ofrg?system=QVV" in dorset
    frimley = lead.get("/governance?system=QNQ").text
    assert "Quality group" in frimley and "Operational finance reference group" not in frimley

    body = lead.get("/governance/ofrg?system=QVV")
    assert body.status_code == 200 and 'name="system" value="QVV"' in body.text
    assert lead.get("/governance/ofrg?system=QNQ").status_code == 404  # not a Frimley body

    escalations = lead.get("/escalations?system=QVV").text
    assert 'name="system" value="QVV"' in escalations
    assert lead.get("/decisions?system=QNQ").status_code == 200


def test_an_escalation_raised_on_a_systems_page_is_that_systems(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    add_frimley(sqlite_demo_db)
    viewer = signed_in(app, "system.lead")
    form = {
        "csrf_token": csrf_of(viewer, "/escalations?system=QNQ"),
        "system": "QNQ",
        "title": "Theatre staffing",
        "detail": "",
        "remit": "quality",
        "month": "6",
    }
    raised = viewer.post("/escalations", data=form)
    assert raised.status_code == 303, raised.text
    ref = raised.headers["location"].rsplit("/", 1)[1]
    assert ref.startswith("E-QNQ-")
    assert [v.ref for v in list_escalation_views(sqlite_demo_db, "QNQ")] == [ref]
    page = viewer.get(f"/escalations/{ref}").text
    assert 'href="/escalations?system=QNQ"' in page
