"""Deactivating, reactivating and changing the role of a user, each by an administrator,
inside one transaction and audited with the role and active flag before and after. A role
with power over money waits for a second administrator (`accounts.grants`).
Deactivation ends every session and revokes every token. Nobody may deactivate or demote
themself, and the last active administrator stays."""

from __future__ import annotations

from sqlalchemy.orm import Session

from openbook.accounts import store as accounts
from openbook.accounts.grants import PENDING, is_bootstrap, request_grant_in
from openbook.accounts.sessions import end_sessions_in
from openbook.accounts.store import RoleGrant, UserAccount
from openbook.kernel import access
from openbook.kernel.access import Principal, Role
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, ForbiddenError, NotFoundError


def _load(session: Session, username: str, by: Principal) -> UserAccount:
    if not access.can_administer(by):
        raise ForbiddenError("only an administrator may change users")
    stored = accounts.get_user_by_name(session, username)
    if stored is None:
        raise NotFoundError(f"no user called {username!r}")
    return stored


def _keeps_an_administrator(session: Session, stored: UserAccount, by: Principal) -> None:
    if stored.principal.user_id == by.user_id:
        raise ConflictError("you cannot deactivate or demote yourself")
    was_admin = stored.active and stored.principal.role is Role.ADMINISTRATOR
    if was_admin and accounts.count_active_administrators(session) <= 1:
        raise ConflictError("the last active administrator cannot be deactivated or demoted")


def _write(
    session: Session,
    stored: UserAccount,
    by: Principal,
    active: bool,
    role: Role,
    action: str,
    granted_by: str | None = None,
) -> None:
    grant = None if granted_by is None else (granted_by, None)
    accounts.record_active_and_role(session, stored.principal.user_id, active, role, grant)
    record_event(
        session,
        actor=by.username,
        action=action,
        entity="user",
        entity_id=f"user/{stored.principal.username}",
        before={"role": stored.principal.role.value, "active": stored.active},
        after={"role": role.value, "active": active},
    )


def deactivate_user(db: Database, username: str, by: Principal) -> None:
    """The user can no longer sign in; every session ends and every token is revoked."""
    with db.transaction() as session:
        stored = _load(session, username, by)
        if not stored.active:
            return
        _keeps_an_administrator(session, stored, by)
        _write(session, stored, by, False, stored.principal.role, "user.deactivated")
        end_sessions_in(session, stored, by.username, "deactivated")


def reactivate_user(db: Database, username: str, by: Principal) -> None:
    with db.transaction() as session:
        stored = _load(session, username, by)
        if stored.active:
            return
        _write(session, stored, by, True, stored.principal.role, "user.reactivated")


def set_role(db: Database, username: str, role: Role, by: Principal) -> RoleGrant | None:
    """Change a user's role; the change is audited and ends the user's sessions. A role
    with power over money is only requested: the pending grant is returned, and the role
    changes when a second administrator confirms it."""
    with db.transaction() as session:
        stored = _load(session, username, by)
        if stored.principal.role is role:
            return None
        if stored.principal.role is Role.ADMINISTRATOR:
            _keeps_an_administrator(session, stored, by)
        elif stored.principal.user_id == by.user_id:
            raise ConflictError("you cannot change your own role")
        if access.needs_second_administrator(role) and not is_bootstrap(session, role):
            return request_grant_in(session, stored, role, by)
        if accounts.list_grants(session, PENDING, stored.principal.user_id):
            raise ConflictError(
                f"{username} has a pending role grant", hint="confirm or refuse it first"
            )
        _write(session, stored, by, stored.active, role, "user.role_changed", by.username)
        end_sessions_in(session, stored, by.username, "role changed")
        return None
