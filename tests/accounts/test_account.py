"""Accounts: users, sign-in without lockout, API tokens, permission rules, demo users."""

from __future__ import annotations

import json

import pytest

from openbook.accounts import account as accounts
from openbook.demo.users import DEMO_PASSWORD, demo_user_specs
from openbook.kernel import access
from openbook.kernel.access import Principal, Role
from openbook.kernel.audit import list_events, verify_chain
from openbook.kernel.database import Database
from openbook.kernel.error import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    OpenbookError,
)
from tests.principals import ADMIN, named

PASSWORD = "correct horse battery"


def _user(org: str, role: Role) -> Principal:
    return Principal(1, "someone", "Someone", org, role)


@pytest.mark.parametrize(
    ("role", "org", "target", "allowed"),
    [
        (Role.SUBMITTER, "RBD", "RBD", True),
        (Role.SUBMITTER, "RBD", "RD3", False),
        (Role.VIEWER, "RBD", "RBD", False),
        (Role.APPROVER, "RBD", "RBD", False),
        (Role.ADMINISTRATOR, "11J", "11J", False),
    ],
)
def test_only_an_organisations_submitters_submit_its_returns(
    role: Role, org: str, target: str, allowed: bool
) -> None:
    assert access.can_submit_for(_user(org, role), target) is allowed


@pytest.mark.parametrize(
    ("role", "org", "slot", "allowed"),
    [
        (Role.APPROVER, "RD3", "RD3", True),
        (Role.APPROVER, "RD3", "RDZ", False),
        (Role.APPROVER, "RD3", access.SYSTEM_SLOT, False),
        (Role.SYSTEM_LEAD, "11J", access.SYSTEM_SLOT, True),
        (Role.SYSTEM_LEAD, "11J", "11J", False),
        (Role.SUBMITTER, "RD3", "RD3", False),
    ],
)
def test_approvers_decide_for_their_own_organisation_and_the_lead_for_the_system(
    role: Role, org: str, slot: str, allowed: bool
) -> None:
    assert access.can_approve_for(_user(org, role), slot) is allowed


def test_proposing_and_administering_belong_to_their_roles() -> None:
    assert access.can_propose(_user("11J", Role.SYSTEM_LEAD))
    assert not access.can_propose(_user("RBD", Role.APPROVER))
    assert access.can_administer(_user("11J", Role.ADMINISTRATOR))
    assert not access.can_administer(_user("11J", Role.SYSTEM_LEAD))


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "at least 12 characters"),
        (" leading space ok?", "must not start or end with a space"),
        ("x" * 300, "at most 256 characters"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, problem: str) -> None:
    assert any(problem in text for text in access.check_password(password))


def test_parse_role_lists_the_roles_when_unknown() -> None:
    assert access.parse_role(" System_Lead ") is Role.SYSTEM_LEAD
    with pytest.raises(ValueError, match="viewer, submitter, approver"):
        access.parse_role("boss")


def _create(db: Database, username: str = "ann", role: Role = Role.SUBMITTER) -> Principal:
    return accounts.create_user(
        db,
        username=username,
        display_name="Ann Example",
        org_code="RBD",
        role=role,
        password=PASSWORD,
        by=named("tester", Role.ADMINISTRATOR),
    )


def test_a_user_is_created_hashed_and_audited(demo_db: Database) -> None:
    user = _create(demo_db)
    assert (user.org_code, user.role) == ("RBD", Role.SUBMITTER)
    stored = {u.principal.username: u for u in accounts.list_users(demo_db)}["ann"]
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    with demo_db.reading() as session:
        event = list_events(session, 1)[0]
        assert verify_chain(session)[1] == []
    assert (event.action, event.entity_id, event.actor) == ("user.created", "user/ann", "tester")
    assert PASSWORD not in event.payload and "argon2" not in event.payload


def test_user_creation_refuses_duplicates_unknown_organisations_and_weak_passwords(
    demo_db: Database,
) -> None:
    _create(demo_db)
    with pytest.raises(ConflictError, match="already exists"):
        _create(demo_db)
    with pytest.raises(NotFoundError, match="organisation 'XXX'"):
        accounts.create_user(
            demo_db,
            username="bob",
            display_name="",
            org_code="XXX",
            role=Role.VIEWER,
            password=PASSWORD,
            by=ADMIN,
        )
    with pytest.raises(OpenbookError, match="at least 12"):
        accounts.create_user(
            demo_db,
            username="bob",
            display_name="",
            org_code="RBD",
            role=Role.VIEWER,
            password="short",
            by=ADMIN,
        )


def test_sign_in_with_the_right_password(sqlite_demo_db: Database) -> None:
    _create(sqlite_demo_db)
    user = accounts.authenticate(sqlite_demo_db, " Ann ", PASSWORD)
    assert user.username == "ann"
    with pytest.raises(AuthenticationError, match="not right"):
        accounts.authenticate(sqlite_demo_db, "nobody", PASSWORD)


def test_no_anonymous_guesses_lock_the_account_out(demo_db: Database) -> None:
    _create(demo_db)
    for _ in range(access.MAX_FAILED_SIGN_INS + 3):
        with pytest.raises(AuthenticationError, match="not right"):
            accounts.authenticate(demo_db, "ann", "wrong password!")
    assert accounts.authenticate(demo_db, "ann", PASSWORD).username == "ann"
    with demo_db.reading() as session:
        actions = [e.action for e in list_events(session, 9)]
    assert actions[0] == "user.sign_in_failures_cleared"
    assert actions[1:] == ["user.sign_in_failed"] * 8


def test_a_successful_sign_in_clears_earlier_failures(sqlite_demo_db: Database) -> None:
    _create(sqlite_demo_db)
    for _ in range(access.MAX_FAILED_SIGN_INS - 1):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(sqlite_demo_db, "ann", "wrong password!")
    accounts.authenticate(sqlite_demo_db, "ann", PASSWORD)
    with pytest.raises(AuthenticationError, match="not right"):
        accounts.authenticate(sqlite_demo_db, "ann", "wrong password!")
    assert accounts.authenticate(sqlite_demo_db, "ann", PASSWORD).username == "ann"


def test_api_tokens_are_stored_hashed_and_can_be_revoked(demo_db: Database) -> None:
    user = _create(demo_db)
    text, token = accounts.create_token(demo_db, user, "my script")
    assert text.startswith(f"obk_{token.prefix}_")
    assert text.split("_", 2)[2] not in token.secret_hash
    assert accounts.authenticate_token(demo_db, text) == user
    with pytest.raises(AuthenticationError, match="not known"):
        accounts.authenticate_token(demo_db, text[:-2] + "xx")
    with pytest.raises(AuthenticationError, match="form obk_"):
        accounts.authenticate_token(demo_db, "Bearer nonsense")
    accounts.revoke_token(demo_db, user, token.id)
    with pytest.raises(AuthenticationError, match="revoked"):
        accounts.authenticate_token(demo_db, text)
    with demo_db.reading() as session:
        events = list_events(session, 2)
    assert [e.action for e in events] == ["api_token.revoked", "api_token.created"]
    assert text.split("_", 2)[2] not in json.dumps([e.payload for e in events])


def test_an_expired_token_is_refused(sqlite_demo_db: Database) -> None:
    user = _create(sqlite_demo_db)
    text, _ = accounts.create_token(sqlite_demo_db, user, "old", valid_days=0)
    with pytest.raises(AuthenticationError, match="expired"):
        accounts.authenticate_token(sqlite_demo_db, text)


def test_password_change_needs_the_current_password(sqlite_demo_db: Database) -> None:
    user = _create(sqlite_demo_db)
    with pytest.raises(AuthenticationError):
        accounts.change_password(sqlite_demo_db, user, "not it at all", "a new long password")
    accounts.change_password(sqlite_demo_db, user, PASSWORD, "a new long password")
    assert accounts.authenticate(sqlite_demo_db, "ann", "a new long password") == user


def test_the_demo_has_one_user_per_role_and_organisation(sqlite_demo_db: Database) -> None:
    users = {u.principal.username: u.principal for u in accounts.list_users(sqlite_demo_db)}
    assert set(users) == {spec[0] for spec in demo_user_specs()}
    for org in ("11J", "RBD", "RD3", "RDZ", "RDY", "RYF"):
        for role in (Role.VIEWER, Role.SUBMITTER, Role.APPROVER):
            assert users[f"{org.lower()}.{role.value}"].org_code == org
    assert users["system.lead"].role is Role.SYSTEM_LEAD
    assert users["admin"].role is Role.ADMINISTRATOR
    assert accounts.authenticate(sqlite_demo_db, "rbd.submitter", DEMO_PASSWORD).org_code == "RBD"
