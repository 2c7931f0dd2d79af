"""The joint decision in the browser's terms: solve, propose, approve per organisation,
enact; and the rules on who may do which."""

from __future__ import annotations

import re

from fastapi import FastAPI

from openbook.finance.position_report import get_system_position
from openbook.kernel.audit_log import list_audit_events
from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear
from tests.web.conftest import csrf_of, signed_in

SOLVE = "/proposals/solve?kind=transfers&year=2017/18&month=12&min_transfer=100"
YEAR = FinancialYear(2017)


def _approvers_needed(page: str) -> list[str]:
    """The organisations in the proposal's table of who must agree."""
    approvals = page.split('id="table-approvals"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<th scope=\"row\" class=\"nhsuk-table__header\">(R\w\w)</th>", approvals)
    return sorted(set(rows))


def _propose(app: FastAPI) -> str:
    lead = signed_in(app, "system.lead")
    page = lead.get(SOLVE)
    assert page.status_code == 200, page.text[:800]
    token = csrf_of(lead, SOLVE)
    form = {"csrf_token": token, "kind": "transfers", "year": "2017/18", "month": "12"}
    response = lead.post("/proposals", data={**form, "min_transfer": "100"})
    assert response.status_code == 303, response.text[:800]
    return response.headers["location"].rsplit("/", 1)[-1]


def _decide(app: FastAPI, username: str, ref: str, decision: str, reason: str = "") -> int:
    client = signed_in(app, username)
    token = csrf_of(client, f"/proposals/{ref}")
    response = client.post(
        f"/proposals/{ref}/decision",
        data={"csrf_token": token, "decision": decision, "reason": reason},
    )
    return response.status_code


def test_the_solution_is_explained_before_it_is_proposed(app: FastAPI) -> None:
    page = signed_in(app, "system.lead").get(SOLVE).text
    assert "gives" in page and "rescued" in page  # the explanation, in words
    assert "Propose this to the partners" in page


def test_only_the_system_lead_solves(app: FastAPI) -> None:
    response = signed_in(app, "rd3.approver").get(SOLVE)
    assert response.status_code == 403
    assert "system finance lead" in response.text


def test_propose_approve_by_each_organisation_then_enact(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    ref = _propose(app)
    page = signed_in(app, "rd3.viewer").get(f"/proposals/{ref}").text
    affected = _approvers_needed(page)
    assert "RD3" in affected and len(affected) >= 2
    assert 'id="enact-form"' not in signed_in(app, "system.lead").get(f"/proposals/{ref}").text
    for org in affected:
        assert _decide(app, f"{org.lower()}.approver", ref, "approve") == 303
    assert _decide(app, "system.deputy", ref, "approve") == 303
    lead = signed_in(app, "system.deputy")
    token = csrf_of(lead, f"/proposals/{ref}")
    assert lead.post(f"/proposals/{ref}/enact", data={"csrf_token": token}).status_code == 303
    assert "enacted" in lead.get(f"/proposals/{ref}").text
    report = get_system_position(sqlite_demo_db, "QVV", YEAR, 12)
    assert sum(p.transfers for p in report.organisations) == 0  # double entry nets to zero
    rd3 = next(p for p in report.organisations if p.code == "RD3")
    assert rd3.gap is not None and rd3.gap >= 0  # RD3 is over the line
    actions = [e.action for e in list_audit_events(sqlite_demo_db, 50, None)]
    assert "proposal.enacted" in actions or any(a.startswith("proposal.enact") for a in actions)


def test_an_unaffected_approver_cannot_decide(app: FastAPI) -> None:
    ref = _propose(app)
    assert _decide(app, "rbd.approver", ref, "approve") == 403
    assert _decide(app, "rd3.viewer", ref, "approve") == 403


def test_a_rejection_needs_a_reason_and_closes_the_proposal(app: FastAPI) -> None:
    ref = _propose(app)
    assert _decide(app, "rd3.approver", ref, "reject") == 400
    assert _decide(app, "rd3.approver", ref, "reject", "the figures are a month old") == 303
    page = signed_in(app, "system.lead").get(f"/proposals/{ref}").text
    assert "rejected" in page and "the figures are a month old" in page
    assert 'id="enact-form"' not in page


def test_the_history_lists_every_proposal_and_downloads(app: FastAPI) -> None:
    ref = _propose(app)
    client = signed_in(app, "rdz.viewer")
    assert ref in client.get("/proposals").text
    csv = client.get("/proposals?download=proposals.csv")
    assert csv.status_code == 200 and ref in csv.text


def test_a_double_click_on_enact_moves_money_once(app: FastAPI, sqlite_demo_db: Database) -> None:
    ref = _propose(app)
    page = signed_in(app, "rd3.viewer").get(f"/proposals/{ref}").text
    for org in _approvers_needed(page):
        assert _decide(app, f"{org.lower()}.approver", ref, "approve") == 303
    assert _decide(app, "system.deputy", ref, "approve") == 303
    lead = signed_in(app, "system.deputy")
    page = lead.get(f"/proposals/{ref}").text
    key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page)
    assert key is not None
    form = {"csrf_token": csrf_of(lead, f"/proposals/{ref}"), "idempotency_key": key.group(1)}
    first = lead.post(f"/proposals/{ref}/enact", data=form)
    second = lead.post(f"/proposals/{ref}/enact", data=form)
    assert (first.status_code, second.status_code) == (303, 303)
    report = get_system_position(sqlite_demo_db, "QVV", YEAR, 12)
    moved = [p.transfers for p in report.organisations if p.transfers > 0]
    enacted = [
        e for e in list_audit_events(sqlite_demo_db, 200, None) if e.action == "proposal.enacted"
    ]
    assert len(enacted) == 1 and sum(moved) > 0
    third = lead.post(f"/proposals/{ref}/enact", data={"csrf_token": form["csrf_token"]})
    assert third.status_code == 409


def test_limits_and_materiality_on_the_solve_form(app: FastAPI) -> None:
    lead = signed_in(app, "system.lead")
    form = lead.get("/proposals")
    assert 'name="max_give.RDY"' in form.text and 'name="materiality"' in form.text
    assert 'name="max_take_on.RDZ"' in form.text and "£100k" in form.text
    limited = lead.get(SOLVE + "&max_give.RDY=700")
    assert limited.status_code == 200
    assert "RDY is willing to give up to £700k of its £800k headroom" in limited.text
    assert 'name="max_give.RDY" value="700"' in limited.text  # carried into the proposal
    immaterial = lead.get(SOLVE + "&materiality=5000")
    assert "No transfer is proposed" in immaterial.text and 'id="suppressed"' in immaterial.text
    assert 'id="propose-form"' not in immaterial.text
    bad = lead.get(SOLVE + "&max_give.RDY=lots")
    assert bad.status_code == 400 and "RDY willing to give up to must be a number" in bad.text
