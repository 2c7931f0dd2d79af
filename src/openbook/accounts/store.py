"""User accounts and API tokens: reads and writes inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from openbook.accounts.tables import ApiTokenRow, RoleGrantRow, UserAccountRow
from openbook.kernel.access import Principal, Role


@dataclass(frozen=True)
class UserAccount:
    """A stored user, with the facts sign-in needs (never shown to other users)."""

    principal: Principal
    password_hash: str
    active: bool
    failed_sign_ins: int
    locked_until: datetime | None
    created_at: datetime
    session_epoch: int = 0


@dataclass(frozen=True)
class ApiToken:
    id: int
    user_id: int
    prefix: str
    secret_hash: str
    name: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class RoleGrant:
    """A requested role: pending until a second administrator confirms or one refuses it."""

    id: int
    user_id: int
    username: str
    role: Role
    previous_role: Role
    status: str  # pending, confirmed or refused
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None


def _grantors(row: UserAccountRow) -> frozenset[str]:
    names = (row.created_by, row.role_granted_by, row.role_confirmed_by)
    return frozenset(name for name in names if name)


def _to_user(row: UserAccountRow) -> UserAccount:
    return UserAccount(
        Principal(
            row.id,
            row.username,
            row.display_name,
            row.org_code,
            Role(row.role),
            _grantors(row),
        ),
        row.password_hash,
        row.active,
        row.failed_sign_ins,
        row.locked_until,
        row.created_at,
        row.session_epoch or 0,
    )


def _to_token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(
        row.id,
        row.user_id,
        row.prefix,
        row.secret_hash,
        row.name,
        row.created_at,
        row.expires_at,
        row.revoked_at,
    )


def add_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    org_code: str,
    role: Role,
    password_hash: str,
    created_at: datetime,
    created_by: str,
    email: str | None = None,
) -> UserAccount:
    row = UserAccountRow(
        username=username,
        display_name=display_name,
        email=email,
        org_code=org_code,
        role=role.value,
        password_hash=password_hash,
        active=True,
        failed_sign_ins=0,
        locked_until=None,
        created_at=created_at,
        created_by=created_by,
        session_epoch=0,
    )
    session.add(row)
    session.flush()
    return _to_user(row)


def get_user_by_name(session: Session, username: str) -> UserAccount | None:
    row = session.scalars(select(UserAccountRow).where(UserAccountRow.username == username)).first()
    return None if row is None else _to_user(row)


def get_user(session: Session, user_id: int) -> UserAccount | None:
    row = session.get(UserAccountRow, user_id)
    return None if row is None else _to_user(row)


def list_users(session: Session) -> list[UserAccount]:
    query = select(UserAccountRow).order_by(UserAccountRow.org_code, UserAccountRow.username)
    return [_to_user(row) for row in session.scalars(query)]


def record_sign_in_state(
    session: Session, user_id: int, failed_sign_ins: int, locked_until: datetime | None
) -> None:
    row = session.get(UserAccountRow, user_id, with_for_update=True)
    if row is None:
        return
    row.failed_sign_ins, row.locked_until = failed_sign_ins, locked_until
    session.flush()


def record_password_hash(session: Session, user_id: int, password_hash: str) -> None:
    row = session.get(UserAccountRow, user_id, with_for_update=True)
    if row is not None:
        row.password_hash = password_hash
        session.flush()


def add_token(
    session: Session,
    *,
    user_id: int,
    prefix: str,
    secret_hash: str,
    name: str,
    created_at: datetime,
    expires_at: datetime | None,
) -> ApiToken:
    row = ApiTokenRow(
        user_id=user_id,
        prefix=prefix,
        secret_hash=secret_hash,
        name=name,
        created_at=created_at,
        expires_at=expires_at,
        revoked_at=None,
    )
    session.add(row)
    session.flush()
    return _to_token(row)


def get_token_by_prefix(session: Session, prefix: str) -> ApiToken | None:
    row = session.scalars(select(ApiTokenRow).where(ApiTokenRow.prefix == prefix)).first()
    return None if row is None else _to_token(row)


def list_tokens(session: Session, user_id: int) -> list[ApiToken]:
    query = select(ApiTokenRow).where(ApiTokenRow.user_id == user_id).order_by(ApiTokenRow.id)
    return [_to_token(row) for row in session.scalars(query)]


def record_token_revoked(session: Session, token_id: int, revoked_at: datetime) -> None:
    row = session.get(ApiTokenRow, token_id, with_for_update=True)
    if row is not None and row.revoked_at is None:
        row.revoked_at = revoked_at
        session.flush()


def raise_session_epoch(session: Session, user_id: int) -> int:
    """End every session of the user: the new epoch (sessions of older epochs are refused)."""
    row = session.get(UserAccountRow, user_id, with_for_update=True)
    if row is None:
        return 0
    row.session_epoch = (row.session_epoch or 0) + 1
    session.flush()
    return row.session_epoch


def revoke_all_tokens(session: Session, user_id: int, revoked_at: datetime) -> list[str]:
    """Revoke every live token of the user; the prefixes revoked."""
    query = select(ApiTokenRow).where(
        ApiTokenRow.user_id == user_id, ApiTokenRow.revoked_at.is_(None)
    )
    rows = list(session.scalars(query.with_for_update()))
    for row in rows:
        row.revoked_at = revoked_at
    session.flush()
    return [row.prefix for row in rows]


def record_active_and_role(
    session: Session,
    user_id: int,
    active: bool,
    role: Role,
    granted_by: tuple[str, str | None] | None = None,
) -> None:
    """Set the active flag and role; `granted_by` (requested by, confirmed by) when the
    role itself changes."""
    row = session.get(UserAccountRow, user_id, with_for_update=True)
    if row is not None:
        row.active = active
        row.role = role.value
        if granted_by is not None:
            row.role_granted_by, row.role_confirmed_by = granted_by
        session.flush()


def lock_user(session: Session, user_id: int) -> None:
    """Hold the user's row until the transaction ends (one grant decision at a time)."""
    session.get(UserAccountRow, user_id, with_for_update=True)


def count_active_administrators(session: Session) -> int:
    query = select(UserAccountRow).where(
        UserAccountRow.role == Role.ADMINISTRATOR.value, UserAccountRow.active.is_(True)
    )
    return len(list(session.scalars(query.with_for_update())))


def _to_grant(row: RoleGrantRow, username: str) -> RoleGrant:
    return RoleGrant(
        row.id,
        row.user_id,
        username,
        Role(row.role),
        Role(row.previous_role),
        row.status,
        row.requested_by,
        row.requested_at,
        row.decided_by,
        row.decided_at,
    )


def add_grant(
    session: Session, user: Principal, role: Role, requested_by: str, requested_at: datetime
) -> RoleGrant:
    row = RoleGrantRow(
        user_id=user.user_id,
        role=role.value,
        previous_role=user.role.value,
        status="pending",
        requested_by=requested_by,
        requested_at=requested_at,
    )
    session.add(row)
    session.flush()
    return _to_grant(row, user.username)


def _grant_query() -> Select[RoleGrantRow, str]:
    return select(RoleGrantRow, UserAccountRow.username).join(
        UserAccountRow, UserAccountRow.id == RoleGrantRow.user_id
    )


def get_grant(session: Session, grant_id: int, for_update: bool = False) -> RoleGrant | None:
    query = _grant_query().where(RoleGrantRow.id == grant_id)
    if for_update:
        query = query.with_for_update(of=RoleGrantRow)
    found = session.execute(query).first()
    return None if found is None else _to_grant(found[0], found[1])


def list_grants(
    session: Session, status: str | None = None, user_id: int | None = None
) -> list[RoleGrant]:
    query = _grant_query().order_by(RoleGrantRow.id)
    if status is not None:
        query = query.where(RoleGrantRow.status == status)
    if user_id is not None:
        query = query.where(RoleGrantRow.user_id == user_id)
    return [_to_grant(row, username) for row, username in session.execute(query)]


def record_grant_decided(
    session: Session, grant_id: int, status: str, decided_by: str, decided_at: datetime
) -> None:
    row = session.get(RoleGrantRow, grant_id, with_for_update=True)
    if row is not None:
        row.status, row.decided_by, row.decided_at = status, decided_by, decided_at
        session.flush()
