"""Four eyes on money in the browser and the API: one administrator alone cannot make a
working approver; the grantor cannot confirm; a second administrator can; and an approver
the proposer vouched for is refused (403) with the store unchanged."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from openbook.accounts.account import authenticate, create_token, list_users
from openbook.kernel.access import Role
from openbook.kernel.audit import head_sequence
from openbook.kernel.database import Database
from openbook.rebalancing.view import get_proposal_view
from tests.accounts.people import PASSWORD, stored_user
from tests.web.conftest import csrf_of, sign_in, signed_in
from tests.web.test_proposals import _decide, _propose

NEW = {
    "username": "rd3.new",
    "display_name": "New approver",
    "org_code": "RD3",
    "role": "approver",
    "password": "a long enough password",
}


def _store(db: Database) -> tuple[object, ...]:
    return (
        [(u.principal.username, u.principal.role) for u in list_users(db)],
        head_sequence(db.engine),
    )


def _approve(client: TestClient, ref: str) -> int:
    token = csrf_of(client, f"/proposals/{ref}")
    form = {"csrf_token": token, "decision": "approve"}
    return client.post(f"/proposals/{ref}/decision", data=form).status_code


def _grant_id(page: str) -> str:
    match = re.search(r'action="/users/grants/(\d+)/refuse"', page)
    assert match, "no pending grant on the page"
    return match.group(1)


def test_one_administrator_alone_cannot_make_a_working_approver(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    admin = signed_in(app, "admin")
    page = admin.post("/users", data={"csrf_token": csrf_of(admin, "/users"), **NEW})
    assert "Created rd3.new (Viewer)." in page.text and "is pending (grant" in page.text
    grant = _grant_id(page.text)
    assert f'action="/users/grants/{grant}/confirm"' not in page.text  # not for the grantor
    before = _store(sqlite_demo_db)
    token = csrf_of(admin, "/users")
    assert (
        admin.post(f"/users/grants/{grant}/confirm", data={"csrf_token": token}).status_code == 403
    )
    assert _store(sqlite_demo_db) == before
    ref = _propose(app)
    before = _store(sqlite_demo_db)
    new = sign_in(TestClient(app, follow_redirects=False), "rd3.new", NEW["password"])
    token = csrf_of(new, f"/proposals/{ref}")
    decided = new.post(
        f"/proposals/{ref}/decision", data={"csrf_token": token, "decision": "approve"}
    )
    assert decided.status_code == 403
    assert "RD3" in get_proposal_view(sqlite_demo_db, ref).missing


def test_a_second_administrator_confirms_and_the_approver_approves(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    admin = signed_in(app, "admin")
    page = admin.post("/users", data={"csrf_token": csrf_of(admin, "/users"), **NEW})
    grant = _grant_id(page.text)
    stored_user(sqlite_demo_db, "bob.admin", Role.ADMINISTRATOR)
    bob = sign_in(TestClient(app, follow_redirects=False), "bob.admin", PASSWORD)
    listed = bob.get("/users").text
    assert f'action="/users/grants/{grant}/confirm"' in listed
    done = bob.post(f"/users/grants/{grant}/confirm", data={"csrf_token": csrf_of(bob, "/users")})
    assert "Confirmed: rd3.new is now Approver." in done.text
    assert "No role grants are waiting." in done.text
    ref = _propose(app)
    new = sign_in(TestClient(app, follow_redirects=False), "rd3.new", NEW["password"])
    token = csrf_of(new, f"/proposals/{ref}")
    decided = new.post(
        f"/proposals/{ref}/decision", data={"csrf_token": token, "decision": "approve"}
    )
    assert decided.status_code == 303
    assert "RD3" not in get_proposal_view(sqlite_demo_db, ref).missing


def test_the_grantor_refuses_a_role_change_from_the_page(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    admin = signed_in(app, "admin")
    token = csrf_of(admin, "/users")
    form = {"csrf_token": token, "username": "rd3.viewer", "role": "system_lead"}
    page = admin.post("/users/change-role", data=form)
    assert "The role System finance lead for rd3.viewer is pending" in page.text
    done = admin.post(f"/users/grants/{_grant_id(page.text)}/refuse", data={"csrf_token": token})
    assert "Refused: rd3.viewer stays Viewer." in done.text
    form = {"csrf_token": token, "username": "rd3.viewer", "role": "submitter"}
    assert "rd3.viewer is now Submitter." in admin.post("/users/change-role", data=form).text


def test_a_grant_form_without_its_csrf_token_is_refused(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    admin = signed_in(app, "admin")
    page = admin.post("/users", data={"csrf_token": csrf_of(admin, "/users"), **NEW})
    before = _store(sqlite_demo_db)
    assert admin.post(f"/users/grants/{_grant_id(page.text)}/refuse").status_code == 403
    assert _store(sqlite_demo_db) == before


def test_the_proposers_grantee_cannot_approve_on_the_page_or_the_api(
    app: FastAPI, sqlite_demo_db: Database
) -> None:
    ref = _propose(app)  # by system.lead
    stored_user(sqlite_demo_db, "rd3.friend", Role.APPROVER, "RD3", created_by="system.lead")
    friend = sign_in(TestClient(app, follow_redirects=False), "rd3.friend", PASSWORD)
    assert 'name="decision"' not in friend.get(f"/proposals/{ref}").text
    user = authenticate(sqlite_demo_db, "rd3.friend", PASSWORD)
    text, _ = create_token(sqlite_demo_db, user, "script")
    before = _store(sqlite_demo_db), get_proposal_view(sqlite_demo_db, ref).missing
    assert _approve(friend, ref) == 403
    api = TestClient(app).post(
        f"/api/v1/proposals/{ref}/decisions",
        json={"decision": "approve"},
        headers={"Authorization": f"Bearer {text}"},
    )
    assert api.status_code == 403 and "four eyes" in api.json()["error"]["message"]
    assert (_store(sqlite_demo_db), get_proposal_view(sqlite_demo_db, ref).missing) == before
    assert _decide(app, "rd3.approver", ref, "approve") == 303  # someone else may
