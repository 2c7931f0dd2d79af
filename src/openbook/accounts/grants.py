"""Four eyes on money: a role that gives power over money (approver, system finance lead,
administrator) is not given by one administrator. Asking for it records a pending grant;
the role takes effect only when a second, different, active administrator, signed in as
themself, confirms it. Whoever asked can never confirm it, nor can the user it is for;
either administrator can refuse it. Every step is audited in the transaction that makes it.

One exception: on a store with no active administrator, the first administrator takes
effect at once (bootstrapping by the local operator); the demonstration users are made
directly by the demonstration builder."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from openbook.accounts import store as accounts
from openbook.accounts.sessions import end_sessions_in
from openbook.accounts.store import RoleGrant, UserAccount
from openbook.kernel import access
from openbook.kernel.access import Principal, Role
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import ConflictError, ForbiddenError, NotFoundError
from openbook.kernel.event import RoleGrantRequested, publish

PENDING, CONFIRMED, REFUSED = "pending", "confirmed", "refused"

__all__ = ["RoleGrant", "confirm_grant", "list_grants", "pending_grant", "refuse_grant"]


def _now() -> datetime:
    return datetime.now(UTC)


def is_bootstrap(session: Session, role: Role) -> bool:
    """The first administrator of a store with none active takes effect at once."""
    return role is Role.ADMINISTRATOR and accounts.count_active_administrators(session) == 0


def _audit(session: Session, grant: RoleGrant, action: str, actor: str, after: object) -> None:
    record_event(
        session,
        actor=actor,
        action=action,
        entity="user",
        entity_id=f"user/{grant.username}",
        before={"role": grant.previous_role.value, "grant": grant.id, "status": grant.status},
        after=after,
    )


def request_grant_in(session: Session, stored: UserAccount, role: Role, by: Principal) -> RoleGrant:
    """Record a pending grant of `role` to the user, inside the caller's transaction."""
    user = stored.principal
    accounts.lock_user(session, user.user_id)
    if accounts.list_grants(session, PENDING, user.user_id):
        raise ConflictError(
            f"{user.username} already has a pending role grant",
            hint="confirm or refuse it first ('openbook users grants')",
        )
    grant = accounts.add_grant(session, user, role, by.username, _now())
    record_event(
        session,
        actor=by.username,
        action="user.role_grant_requested",
        entity="user",
        entity_id=f"user/{user.username}",
        before={"role": user.role.value},
        after={"role": role.value, "grant": grant.id, "status": PENDING},
    )
    publish(session, RoleGrantRequested(grant.id, user.username, role.value, by.username))
    return grant


def list_grants(db: Database, by: Principal, pending_only: bool = True) -> list[RoleGrant]:
    """Role grants, oldest first (administrators only)."""
    if not access.can_administer(by):
        raise ForbiddenError("only an administrator may see role grants")
    with db.reading() as session:
        return accounts.list_grants(session, PENDING if pending_only else None)


def pending_grant(db: Database, username: str) -> RoleGrant | None:
    """The user's grant still waiting for a second administrator, if any."""
    with db.reading() as session:
        stored = accounts.get_user_by_name(session, username)
        if stored is None:
            return None
        found = accounts.list_grants(session, PENDING, stored.principal.user_id)
    return found[0] if found else None


def _pending(session: Session, grant_id: int) -> RoleGrant:
    grant = accounts.get_grant(session, grant_id, for_update=True)
    if grant is None:
        raise NotFoundError(f"there is no role grant {grant_id}")
    if grant.status != PENDING:
        raise ConflictError(f"role grant {grant_id} is already {grant.status}")
    return grant


def _second_administrator(session: Session, by: Principal) -> None:
    """The confirmer is a stored, active administrator acting as themself (never the
    unnamed local operator)."""
    stored = accounts.get_user(session, by.user_id)
    if (
        stored is None
        or not stored.active
        or stored.principal.username != by.username
        or stored.principal.role is not Role.ADMINISTRATOR
    ):
        raise ForbiddenError(
            "only an active administrator, signed in as themself, may confirm a role grant",
            hint="sign in with 'openbook login' as a second administrator",
        )


def confirm_grant(db: Database, grant_id: int, by: Principal) -> RoleGrant:
    """A second administrator confirms: the user has the role from now on (their sessions
    end, so it shows at their next sign-in)."""
    with db.transaction() as session:
        _second_administrator(session, by)
        grant = _pending(session, grant_id)
        if grant.requested_by == by.username:
            raise ForbiddenError(
                f"you requested role grant {grant_id}; a second administrator must confirm it"
            )
        target = accounts.get_user(session, grant.user_id)
        if target is None:
            raise NotFoundError(f"no user for role grant {grant_id}")
        if target.principal.user_id == by.user_id:
            raise ForbiddenError("nobody may confirm a role grant to themself")
        demoted = (
            target.principal.role is Role.ADMINISTRATOR and grant.role is not Role.ADMINISTRATOR
        )
        if demoted and target.active and accounts.count_active_administrators(session) <= 1:
            raise ConflictError("the last active administrator cannot be demoted")
        accounts.record_active_and_role(
            session, grant.user_id, target.active, grant.role, (grant.requested_by, by.username)
        )
        accounts.record_grant_decided(session, grant_id, CONFIRMED, by.username, _now())
        after = {"role": grant.role.value, "grant": grant_id, "status": CONFIRMED}
        _audit(session, grant, "user.role_grant_confirmed", by.username, after)
        end_sessions_in(session, target, by.username, "role granted")
        confirmed = accounts.get_grant(session, grant_id)
    assert confirmed is not None
    return confirmed


def refuse_grant(db: Database, grant_id: int, by: Principal) -> RoleGrant:
    """Any administrator, the one who asked included, refuses: the role stays as it was."""
    if not access.can_administer(by):
        raise ForbiddenError("only an administrator may refuse a role grant")
    with db.transaction() as session:
        grant = _pending(session, grant_id)
        accounts.record_grant_decided(session, grant_id, REFUSED, by.username, _now())
        after = {"role": grant.previous_role.value, "grant": grant_id, "status": REFUSED}
        _audit(session, grant, "user.role_grant_refused", by.username, after)
        refused = accounts.get_grant(session, grant_id)
    assert refused is not None
    return refused
