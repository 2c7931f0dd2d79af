"""Deactivating and reactivating users and changing roles: administrators only, audited
with before and after, sessions and tokens ended, and never the last administrator."""

from __future__ import annotations

import json
from typing import Any

import pytest

from openbook.accounts import account as accounts
from openbook.accounts import roles
from openbook.kernel.access import Principal, Role
from openbook.kernel.audit import list_events
from openbook.kernel.database import Database
from openbook.kernel.error import AuthenticationError, ConflictError, ForbiddenError
from tests.accounts.people import PASSWORD, stored_user


def _user(db: Database, name: str, role: Role) -> Principal:
    return stored_user(db, name, role)


def _events(db: Database, action: str) -> list[Any]:
    with db.reading() as session:
        return [json.loads(e.payload) for e in list_events(session, action=action)]


def test_deactivation_ends_sign_in_and_tokens_and_is_audited(demo_db: Database) -> None:
    db = demo_db
    boss = _user(db, "boss", Role.ADMINISTRATOR)
    ann = _user(db, "ann", Role.VIEWER)
    token = accounts.create_token(db, ann, "script")
    roles.deactivate_user(db, "ann", by=boss)
    with pytest.raises(AuthenticationError):
        accounts.authenticate(db, "ann", PASSWORD)
    with pytest.raises(AuthenticationError):
        accounts.authenticate_token(db, token[0])
    events = _events(db, "user.deactivated")
    assert events[0]["before"] == {"role": "viewer", "active": True}
    assert events[0]["after"] == {"role": "viewer", "active": False}
    roles.reactivate_user(db, "ann", by=boss)
    assert accounts.authenticate(db, "ann", PASSWORD).username == "ann"


def test_only_administrators_change_users(demo_db: Database) -> None:
    db = demo_db
    _user(db, "ann", Role.VIEWER)
    lead = _user(db, "lead", Role.SYSTEM_LEAD)
    with pytest.raises(ForbiddenError):
        roles.deactivate_user(db, "ann", by=lead)
    with pytest.raises(ForbiddenError):
        roles.set_role(db, "ann", Role.APPROVER, by=lead)


def test_no_self_demotion_and_the_last_administrator_stays(demo_db: Database) -> None:
    db = demo_db
    boss = _user(db, "boss", Role.ADMINISTRATOR)
    other = _user(db, "other", Role.ADMINISTRATOR)
    with pytest.raises(ConflictError, match="yourself"):
        roles.deactivate_user(db, "boss", by=boss)
    with pytest.raises(ConflictError, match="yourself"):
        roles.set_role(db, "boss", Role.VIEWER, by=boss)
    roles.set_role(db, "other", Role.VIEWER, by=boss)
    changed = _events(db, "user.role_changed")
    assert changed[0]["before"]["role"] == "administrator"
    assert changed[0]["after"]["role"] == "viewer"
    assert other.username == "other"
