"""Active sessions in the browser's terms: each sign-in is listed on "Your account" with its
browser, address and times; "Sign out this session" ends just that one (copies of its
cookie too); sign-out ends only the session it is made from; "Sign out everywhere" and a
password change end them all. Nobody ends another user's session."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from openbook.kernel.audit import head_sequence, list_events
from openbook.kernel.database import Database
from tests.web.conftest import csrf_of, sign_in

OVERVIEW = "/systems/QVV?year=2017/18&month=12"
SESSION_FORM = re.compile(r'action="/account/sessions/(\d+)/end"')


def _browser(app: FastAPI, agent: str, username: str = "rbd.viewer") -> TestClient:
    client = TestClient(app, follow_redirects=False, headers={"user-agent": agent})
    return sign_in(client, username)


def _session_ids(client: TestClient) -> list[int]:
    return [int(found) for found in SESSION_FORM.findall(client.get("/account").text)]


def _this_session(client: TestClient) -> int:
    row = client.get("/account").text.split(">this session</strong>", 1)[1]
    found = SESSION_FORM.search(row)
    assert found, "no form for this session"
    return int(found[1])


def _end(client: TestClient, path: str) -> int:
    return client.post(path, data={"csrf_token": csrf_of(client, "/account")}).status_code


def _signed_in(client: TestClient) -> bool:
    return client.get(OVERVIEW).status_code == 200


def test_the_account_page_lists_each_session(app: FastAPI) -> None:
    laptop = _browser(app, "Laptop Firefox")
    _browser(app, "Phone Safari")
    page = laptop.get("/account").text
    assert "Laptop Firefox" in page and "Phone Safari" in page
    assert page.count(">this session</strong>") == 1 and len(_session_ids(laptop)) == 2
    assert "Sign out everywhere" in page


def test_signing_out_one_session_leaves_the_others(app: FastAPI, sqlite_demo_db: Database) -> None:
    laptop, phone = _browser(app, "Laptop"), _browser(app, "Phone")
    phone_id = _this_session(phone)
    assert _end(laptop, f"/account/sessions/{phone_id}/end") == 303
    assert not _signed_in(phone) and _signed_in(laptop)
    assert phone_id not in _session_ids(laptop)
    with sqlite_demo_db.reading() as session:
        assert list_events(session, 5, action="user.session_ended")


def test_sign_out_ends_this_session_and_copies_of_its_cookie_only(app: FastAPI) -> None:
    laptop, phone = _browser(app, "Laptop"), _browser(app, "Phone")
    thief = TestClient(app, follow_redirects=False)
    thief.cookies.update(dict(laptop.cookies))
    assert _signed_in(thief)
    assert _end(laptop, "/sign-out") == 303
    assert not _signed_in(laptop) and not _signed_in(thief)
    assert _signed_in(phone)
    assert len(_session_ids(phone)) == 1


def test_nobody_ends_another_users_session(app: FastAPI, sqlite_demo_db: Database) -> None:
    theirs = _session_ids(_browser(app, "Victim", "rd3.viewer"))[0]
    attacker = _browser(app, "Attacker", "rbd.viewer")
    token = csrf_of(attacker, "/account")
    before = head_sequence(sqlite_demo_db.engine)
    response = attacker.post(f"/account/sessions/{theirs}/end", data={"csrf_token": token})
    assert response.status_code == 404
    assert head_sequence(sqlite_demo_db.engine) == before


def test_ending_a_session_needs_the_csrf_token(app: FastAPI, sqlite_demo_db: Database) -> None:
    laptop = _browser(app, "Laptop")
    before = head_sequence(sqlite_demo_db.engine)
    assert laptop.post(f"/account/sessions/{_session_ids(laptop)[0]}/end").status_code == 403
    assert head_sequence(sqlite_demo_db.engine) == before and _signed_in(laptop)


def test_sign_out_everywhere_and_a_password_change_end_every_session(app: FastAPI) -> None:
    laptop, phone = _browser(app, "Laptop"), _browser(app, "Phone")
    token = csrf_of(laptop, "/account")
    laptop.post("/account/sign-out-everywhere", data={"csrf_token": token})
    assert not _signed_in(laptop) and not _signed_in(phone)
    fresh = _browser(app, "Laptop again")
    assert len(_session_ids(fresh)) == 1
    other = _browser(app, "Tablet")
    form = {
        "csrf_token": csrf_of(fresh, "/account"),
        "current_password": "openbook-demo",
        "new_password": "a brand new long passphrase",
    }
    assert "Your password has been changed" in fresh.post("/account/password", data=form).text
    assert _signed_in(fresh) and not _signed_in(other)
    assert len(_session_ids(fresh)) == 1
