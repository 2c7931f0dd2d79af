"""Four eyes on money: a role with power over money waits for a second, different
administrator; the grantor can never confirm it; either may refuse; lower roles and
removals take effect at once. Every refusal leaves the store (rows and audit head) as it
was."""

from __future__ import annotations

import json
from typing import Any

import pytest

from openbook.accounts import account, grants, roles
from openbook.accounts.grants import confirm_grant, list_grants, pending_grant, refuse_grant
from openbook.governance.notifications import list_notifications
from openbook.kernel.access import Principal, Role
from openbook.kernel.audit import head_sequence, list_events
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, ForbiddenError
from openbook.kernel.organisation import Organisation, OrgKind
from openbook.reference.record import record_organisation
from tests.accounts.people import PASSWORD, stored_user

LOCAL_OPERATOR = Principal(0, "operator", "Local operator", "", Role.ADMINISTRATOR)


def _create(db: Database, name: str, role: Role, by: Principal) -> Principal:
    return account.create_user(
        db,
        username=name,
        display_name=name,
        org_code="RD3",
        role=role,
        password=PASSWORD,
        by=by,
    )


def _role(db: Database, name: str) -> Role:
    return next(u.principal.role for u in account.list_users(db) if u.principal.username == name)


def _events(db: Database, action: str) -> list[Any]:
    with db.reading() as session:
        return [json.loads(e.payload) for e in list_events(session, action=action)]


def snapshot(db: Database) -> tuple[object, ...]:
    """What a refused step must leave alone: every user's role, every grant, the audit head."""
    users = sorted(
        (u.principal.username, u.principal.role, u.active) for u in account.list_users(db)
    )
    with db.reading() as session:
        from openbook.accounts import store

        rows = store.list_grants(session)
    return (users, rows, head_sequence(db.engine))


@pytest.fixture
def admins(demo_db: Database) -> tuple[Principal, Principal]:
    return (
        stored_user(demo_db, "ada.admin", Role.ADMINISTRATOR),
        stored_user(demo_db, "bob.admin", Role.ADMINISTRATOR),
    )


def test_one_administrator_alone_creates_only_a_pending_approver(
    demo_db: Database, admins: tuple[Principal, Principal]
) -> None:
    ada, _ = admins
    created = _create(demo_db, "rd3.new", Role.APPROVER, ada)
    assert created.role is Role.VIEWER and _role(demo_db, "rd3.new") is Role.VIEWER
    grant = pending_grant(demo_db, "rd3.new")
    assert grant is not None and grant.role is Role.APPROVER and grant.requested_by == "ada.admin"
    requested = _events(demo_db, "user.role_grant_requested")[-1]
    assert requested["after"] == {"role": "approver", "grant": grant.id, "status": "pending"}
    assert account.authenticate(demo_db, "rd3.new", PASSWORD).role is Role.VIEWER


def test_the_grantor_cannot_confirm_their_own_grant(
    demo_db: Database, admins: tuple[Principal, Principal]
) -> None:
    ada, _ = admins
    _create(demo_db, "rd3.new", Role.APPROVER, ada)
    grant = pending_grant(demo_db, "rd3.new")
    assert grant is not None
    before = snapshot(demo_db)
    with pytest.raises(ForbiddenError, match="second administrator"):
        confirm_grant(demo_db, grant.id, ada)
    assert snapshot(demo_db) == before


def test_a_second_administrator_confirms_and_the_role_works(
    demo_db: Database, admins: tuple[Principal, Principal]
) -> None:
    ada, bob = admins
    _create(demo_db, "rd3.new", Role.APPROVER, ada)
    grant = pending_grant(demo_db, "rd3.new")
    assert grant is not None
    token, _ = account.create_token(
        demo_db, account.authenticate(demo_db, "rd3.new", PASSWORD), "x"
    )
    confirmed = confirm_grant(demo_db, grant.id, bob)
    assert confirmed.status == "confirmed" and confirmed.decided_by == "bob.admin"
    user = account.authenticate(demo_db, "rd3.new", PASSWORD)
    assert user.role is Role.APPROVER
    assert user.grantors == {"ada.admin", "bob.admin"}
    event = _events(demo_db, "user.role_grant_confirmed")[-1]
    assert event["before"]["role"] == "viewer" and event["after"]["role"] == "approver"
    with pytest.raises(Exception, match="revoked"):  # the viewer's token ended with the change
        account.authenticate_token(demo_db, token)
    assert pending_grant(demo_db, "rd3.new") is None


def test_either_administrator_refuses_and_the_role_stays(
    demo_db: Database, admins: tuple[Principal, Principal]
) -> None:
    ada, bob = admins
    stored_user(demo_db, "rd3.sub", Role.SUBMITTER, "RD3")
    for refuser in (ada, bob):
        grant = roles.set_role(demo_db, "rd3.sub", Role.SYSTEM_LEAD, ada)
        assert grant is not None and _role(demo_db, "rd3.sub") is Role.SUBMITTER
        refused = refuse_grant(demo_db, grant.id, refuser)
        assert refused.status == "refused" and refused.decided_by == refuser.username
        assert _role(demo_db, "rd3.sub") is Role.SUBMITTER
    assert len(_events(demo_db, "user.role_grant_refused")) == 2
    with pytest.raises(ConflictError, match="already refused"):
        confirm_grant(demo_db, grant.id, bob)


def test_lower_roles_and_removals_take_effect_at_once(
    demo_db: Database, admins: tuple[Principal, Principal]
) -> None:
    ada, _ = admins
    assert _create(demo_db, "rd3.sub", Role.SUBMITTER, ada).role is Role.SUBMITTER
    stored_user(demo_db, "rd3.appr", Role.APPROVER, "RD3")
    assert roles.set_role(demo_db, "rd3.appr", Role.VIEWER, ada) is None
    assert _role(demo_db, "rd3.appr") is Role.VIEWER
    assert list_grants(demo_db, ada) == []


def test_neither_the_operator_nor_the_grantee_confirms(
    demo_db: Database, admins: tuple[Principal, Principal]
) -> None:
    ada, bob = admins
    grant = roles.set_role(demo_db, "bob.admin", Role.APPROVER, ada)
    assert grant is not None
    before = snapshot(demo_db)
    with pytest.raises(ForbiddenError, match="signed in as themself"):
        confirm_grant(demo_db, grant.id, LOCAL_OPERATOR)
    with pytest.raises(ForbiddenError, match="to themself"):
        confirm_grant(demo_db, grant.id, bob)
    lead = next(
        u.principal for u in account.list_users(demo_db) if u.principal.username == "system.lead"
    )
    with pytest.raises(ForbiddenError):
        confirm_grant(demo_db, grant.id, lead)
    with pytest.raises(ForbiddenError):
        refuse_grant(demo_db, grant.id, lead)
    assert snapshot(demo_db) == before


def test_one_pending_grant_per_user(demo_db: Database, admins: tuple[Principal, Principal]) -> None:
    ada, bob = admins
    _create(demo_db, "rd3.new", Role.APPROVER, ada)
    before = snapshot(demo_db)
    with pytest.raises(ConflictError, match="pending"):
        roles.set_role(demo_db, "rd3.new", Role.SYSTEM_LEAD, bob)
    with pytest.raises(ConflictError, match="pending"):
        roles.set_role(demo_db, "rd3.new", Role.SUBMITTER, bob)
    assert snapshot(demo_db) == before


def test_the_system_lead_and_other_administrators_are_told(
    demo_db: Database, admins: tuple[Principal, Principal]
) -> None:
    ada, _ = admins
    _create(demo_db, "rd3.new", Role.APPROVER, ada)
    told = [n.subject for n in list_notifications(demo_db, "system.lead")]
    assert any("rd3.new as Approver awaits a second administrator" in s for s in told)
    assert any("rd3.new" in n.subject for n in list_notifications(demo_db, "bob.admin"))
    assert not any("rd3.new" in n.subject for n in list_notifications(demo_db, "ada.admin"))


def test_the_first_administrator_of_an_empty_store_takes_effect_at_once(db: Database) -> None:
    with db.transaction() as session:
        record_organisation(
            session, Organisation("11J", "Dorset CCG", OrgKind.COMMISSIONER), "setup"
        )
    first = account.create_user(
        db,
        username="first.admin",
        display_name="First",
        org_code="11J",
        role=Role.ADMINISTRATOR,
        password=PASSWORD,
        by=LOCAL_OPERATOR,
    )
    assert first.role is Role.ADMINISTRATOR
    second = account.create_user(
        db,
        username="second.admin",
        display_name="Second",
        org_code="11J",
        role=Role.ADMINISTRATOR,
        password=PASSWORD,
        by=LOCAL_OPERATOR,
    )
    assert second.role is Role.VIEWER
    grant = pending_grant(db, "second.admin")
    assert grant is not None
    confirm_grant(db, grant.id, account.authenticate(db, "first.admin", PASSWORD))
    assert _role(db, "second.admin") is Role.ADMINISTRATOR


def test_demonstration_users_are_the_documented_exception(demo_db: Database) -> None:
    assert _role(demo_db, "rd3.approver") is Role.APPROVER
    assert _role(demo_db, "system.lead") is Role.SYSTEM_LEAD
    assert grants.list_grants(demo_db, LOCAL_OPERATOR) == []
