"""Accounts: create users, sign in (throttled, never locked), sessions that can be ended,
personal API tokens; every write audited.

Passwords are argon2id hashes (argon2-cffi's defaults). API tokens carry 256 random bits,
so the store keeps only a SHA-256 of the secret (a slow hash adds nothing against a random
secret and would slow every API call), looked up by a public prefix.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from openbook.accounts import store as accounts
from openbook.accounts.grants import is_bootstrap, request_grant_in
from openbook.accounts.sessions import end_sessions_in, is_session_open
from openbook.accounts.store import ApiToken, UserAccount
from openbook.accounts.throttle import Throttle, keys_for
from openbook.kernel import access
from openbook.kernel.access import Principal, Role
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import (
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    OpenbookError,
)
from openbook.reference import store as organisations

TOKEN_SCHEME = "obk"  # noqa: S105 -- the prefix of every API token, not a secret
BAD_SIGN_IN = "The username or password is not right"

__all__ = ["ApiToken", "Principal", "Role", "UserAccount"]


@lru_cache(maxsize=1)
def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so both cases take as long."""
    return str(_hasher().hash(secrets.token_urlsafe(16)))


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def _verify(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: they were stored as UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _principal_json(user: Principal) -> dict[str, Any]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "org_code": user.org_code,
        "role": user.role.value,
    }


def create_user_in(
    session: Session,
    *,
    username: str,
    display_name: str,
    org_code: str,
    role: Role,
    password: str,
    actor: str,
    email: str | None = None,
) -> Principal:
    """Create a user inside the caller's transaction, with its audit event."""
    problems = access.check_username(username) + access.check_password(password)
    if email is not None and ("@" not in email or " " in email.strip()):
        problems.append(f"{email!r} is not an email address")
    if problems:
        raise OpenbookError("; ".join(problems))
    if organisations.get_organisation(session, org_code) is None:
        raise NotFoundError(f"organisation {org_code!r} is not known")
    if accounts.get_user_by_name(session, username) is not None:
        raise ConflictError(f"a user called {username!r} already exists")
    stored = accounts.add_user(
        session,
        username=username,
        display_name=display_name.strip() or username,
        org_code=org_code,
        role=role,
        password_hash=hash_password(password),
        created_at=_now(),
        created_by=actor,
        email=email.strip() if email else None,
    )
    record_event(
        session,
        actor=actor,
        action="user.created",
        entity="user",
        entity_id=f"user/{username}",
        before=None,
        after={**_principal_json(stored.principal), "email": email},
    )
    return stored.principal


def create_user(
    db: Database,
    *,
    username: str,
    display_name: str,
    org_code: str,
    role: Role,
    password: str,
    by: Principal,
    email: str | None = None,
) -> Principal:
    """An administrator creates a user (the web's users page and `openbook users create`).
    A role with power over money is only requested: the user starts as a viewer and gets
    the role when a second administrator confirms the grant (see `accounts.grants`)."""
    with db.transaction() as session:
        if not access.can_administer(by):
            raise ForbiddenError("only an administrator may create users")
        at_once = not access.needs_second_administrator(role) or is_bootstrap(session, role)
        created = create_user_in(
            session,
            username=username.strip().lower(),
            display_name=display_name,
            org_code=org_code.strip().upper(),
            role=role if at_once else Role.VIEWER,
            password=password,
            actor=by.username,
            email=email,
        )
        if not at_once:
            stored = accounts.get_user(session, created.user_id)
            assert stored is not None
            request_grant_in(session, stored, role, by)
        return created


def list_users(db: Database) -> list[UserAccount]:
    with db.reading() as session:
        return accounts.list_users(session)


def get_principal(
    db: Database, user_id: int, epoch: int | None = None, key: str | None = None
) -> Principal | None:
    """The signed-in user behind a session, if the account is still active, the session
    began in the user's current epoch (sign-out everywhere, a password change end it) and,
    given its key, the session's record is open (sign-out ends it)."""
    with db.reading() as session:
        stored = accounts.get_user(session, user_id)
        if key is not None and not is_session_open(session, user_id, key):
            return None
    if stored is None or not stored.active:
        return None
    if epoch is not None and epoch != stored.session_epoch:
        return None
    return stored.principal


def throttled_message(wait: float) -> str:
    return (
        "Too many failed sign-ins from here or for this username; "
        f"try again in {max(1, round(wait))} seconds"
    )


def authenticate(
    db: Database,
    username: str,
    password: str,
    *,
    client: str = "local",
    throttle: Throttle | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Principal:
    """Check a password. Failures are audited and, given a throttle, slow the next attempt
    from that client and for that username (exponential backoff); no account is locked.
    Unknown usernames and wrong passwords get the same message and take as long."""
    username = username.strip().lower()
    keys = keys_for(client, username)
    if throttle is not None:
        wait = throttle.wait_needed(keys, clock())
        if wait > 0:
            raise AuthenticationError(throttled_message(wait))
    with db.transaction() as session:
        principal = _sign_in(session, username, password)
    if throttle is not None:
        if principal is None:
            throttle.failed(keys, clock())
        else:
            throttle.succeeded(keys)
    if principal is None:
        raise AuthenticationError(BAD_SIGN_IN)
    return principal


def _sign_in(session: Session, username: str, password: str) -> Principal | None:
    stored = accounts.get_user_by_name(session, username)
    if stored is None or not stored.active:
        _verify(_dummy_hash(), password)
        return None
    if not _verify(stored.password_hash, password):
        _record_sign_in_state(
            session, stored, stored.failed_sign_ins + 1, None, "user.sign_in_failed"
        )
        return None
    if stored.failed_sign_ins or stored.locked_until is not None:
        _record_sign_in_state(session, stored, 0, None, "user.sign_in_failures_cleared")
    return stored.principal


def _record_sign_in_state(
    session: Session,
    stored: UserAccount,
    failures: int,
    locked_until: datetime | None,
    action: str,
    actor: str | None = None,
) -> None:
    user = stored.principal
    accounts.record_sign_in_state(session, user.user_id, failures, locked_until)
    record_event(
        session,
        actor=actor or user.username,
        action=action,
        entity="user",
        entity_id=f"user/{user.username}",
        before={"failed_sign_ins": stored.failed_sign_ins},
        after={
            "failed_sign_ins": failures,
            "locked_until": None if locked_until is None else locked_until.isoformat(),
        },
    )


def unlock_user(db: Database, username: str, by: Principal) -> None:
    if not access.can_administer(by):
        raise ForbiddenError("only an administrator can unlock an account")
    with db.transaction() as session:
        stored = accounts.get_user_by_name(session, username)
        if stored is None:
            raise NotFoundError(f"no user called {username!r}")
        _record_sign_in_state(session, stored, 0, None, "user.unlocked", by.username)


def change_password(db: Database, user: Principal, current: str, new: str) -> None:
    problems = access.check_password(new)
    if problems:
        raise OpenbookError("; ".join(problems))
    with db.transaction() as session:
        stored = accounts.get_user(session, user.user_id)
        if stored is None or not _verify(stored.password_hash, current):
            raise AuthenticationError("the current password is not right")
        accounts.record_password_hash(session, user.user_id, hash_password(new))
        record_event(
            session,
            actor=user.username,
            action="user.password_changed",
            entity="user",
            entity_id=f"user/{user.username}",
            before=None,
            after=None,
        )
        end_sessions_in(session, stored, user.username, "password changed")


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    db: Database, user: Principal, name: str, valid_days: int | None = 365
) -> tuple[str, ApiToken]:
    """A new personal API token. Its text is returned once and never stored."""
    name = name.strip() or "API token"
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    now = _now()
    with db.transaction() as session:
        token = accounts.add_token(
            session,
            user_id=user.user_id,
            prefix=prefix,
            secret_hash=_secret_hash(secret),
            name=name[:100],
            created_at=now,
            expires_at=None if valid_days is None else now + timedelta(days=valid_days),
        )
        record_event(
            session,
            actor=user.username,
            action="api_token.created",
            entity="api_token",
            entity_id=f"api_token/{prefix}",
            before=None,
            after={"name": token.name, "expires_at": token.expires_at, "user": user.username},
        )
    return f"{TOKEN_SCHEME}_{prefix}_{secret}", token


def authenticate_token(db: Database, text: str) -> Principal:
    """The user behind a bearer token; AuthenticationError if unknown, revoked or expired."""
    scheme, _, rest = text.strip().partition("_")
    prefix, _, secret = rest.partition("_")
    if scheme != TOKEN_SCHEME or not prefix or not secret:
        raise AuthenticationError("the API token is not in the form obk_<prefix>_<secret>")
    with db.reading() as session:
        token = accounts.get_token_by_prefix(session, prefix)
        stored = None if token is None else accounts.get_user(session, token.user_id)
    if token is None or stored is None or not stored.active:
        raise AuthenticationError("the API token is not known")
    if not hmac.compare_digest(token.secret_hash, _secret_hash(secret)):
        raise AuthenticationError("the API token is not known")
    expires_at = _aware(token.expires_at)
    if token.revoked_at is not None or (expires_at is not None and expires_at <= _now()):
        raise AuthenticationError("the API token has been revoked or has expired")
    return stored.principal


def list_tokens(db: Database, user: Principal) -> list[ApiToken]:
    with db.reading() as session:
        return accounts.list_tokens(session, user.user_id)


def revoke_token(db: Database, user: Principal, token_id: int) -> None:
    with db.transaction() as session:
        owned = {t.id: t for t in accounts.list_tokens(session, user.user_id)}
        token = owned.get(token_id)
        if token is None:
            raise NotFoundError(f"you have no API token {token_id}")
        accounts.record_token_revoked(session, token_id, _now())
        record_event(
            session,
            actor=user.username,
            action="api_token.revoked",
            entity="api_token",
            entity_id=f"api_token/{token.prefix}",
            before={"revoked_at": None},
            after={"revoked_at": _now().isoformat()},
        )


def revoke_token_text(db: Database, text: str) -> None:
    """Revoke the token given as text (the command line's own, on logout)."""
    user = authenticate_token(db, text)
    prefix = text.strip().split("_")[1]
    match = [t for t in list_tokens(db, user) if t.prefix == prefix]
    if match:
        revoke_token(db, user, match[0].id)
