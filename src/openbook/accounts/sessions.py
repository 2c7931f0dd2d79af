"""Sessions that can be ended, two ways.

- **One at a time.** Every web sign-in makes a session record (`user_session`): a random
  key the signed cookie carries, who, when it started and was last seen, the browser (its
  user agent, truncated) and the client address. Sign-out ends that record, so the cookie
  and every copy of it stop working; the user's other sessions go on. "Sign out this
  session" on the account page ends any one of one's own.
- **All at once.** Each user has a session epoch, carried by every session when it begins;
  raising it ends them all, records included ("sign out everywhere", a password change,
  a role change, deactivation), and those also revoke every API token.

Every start and end is audited; "last seen" is housekeeping, written at most every few
minutes per session and not audited (it changes nothing anyone decides on)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from openbook.accounts import session_store as records
from openbook.accounts import store as accounts
from openbook.accounts.session_store import WebSession
from openbook.accounts.store import UserAccount
from openbook.kernel import access
from openbook.kernel.access import Principal
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, NotFoundError

IDLE_LIMIT = timedelta(hours=8)  # a session unused this long has ended (the cookie's age too)
SEEN_EVERY = timedelta(minutes=5)  # how often "last seen" is written, at most
MAX_USER_AGENT = 200
MAX_CLIENT_ADDRESS = 64

__all__ = ["WebSession"]


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes: they were stored as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def session_epoch(db: Database, user: Principal) -> int:
    """The epoch a session starting now carries."""
    with db.reading() as session:
        stored = accounts.get_user(session, user.user_id)
    return 0 if stored is None else stored.session_epoch


def start_web_session(
    db: Database, user: Principal, user_agent: str, client_address: str
) -> tuple[str, int]:
    """Record a new web session for a user who has just signed in: (its key, the epoch)."""
    key = secrets.token_urlsafe(32)
    agent, address = user_agent[:MAX_USER_AGENT], client_address[:MAX_CLIENT_ADDRESS]
    with db.transaction() as session:
        stored = accounts.get_user(session, user.user_id)
        if stored is None:
            raise NotFoundError(f"no user called {user.username!r}")
        made = records.add_session(
            session,
            key=key,
            user_id=user.user_id,
            started_at=_now(),
            user_agent=agent,
            client_address=address,
        )
        record_event(
            session,
            actor=user.username,
            action="user.session_started",
            entity="user",
            entity_id=f"user/{user.username}",
            before=None,
            after={"session": made.id, "client": address, "user_agent": agent},
        )
    return key, stored.session_epoch


def is_session_open(session: Session, user_id: int, key: str) -> bool:
    """Whether the session with this key is the user's, not ended, and not idle too long."""
    found = records.get_session_by_key(session, key)
    return (
        found is not None
        and found.user_id == user_id
        and found.ended_at is None
        and _aware(found.last_seen_at) >= _now() - IDLE_LIMIT - SEEN_EVERY
    )


def touch_web_session(db: Database, key: str) -> None:
    """Note that the session is in use now (not audited; see the module's note)."""
    with db.transaction() as session:
        records.record_session_seen(session, key, _now())


def list_web_sessions(db: Database, user: Principal) -> list[WebSession]:
    """The user's open web sessions, most recently used first."""
    with db.reading() as session:
        return records.list_open_sessions(session, user.user_id, _now() - IDLE_LIMIT - SEEN_EVERY)


def current_session_id(db: Database, user: Principal, key: str) -> int | None:
    with db.reading() as session:
        found = records.get_session_by_key(session, key)
    return None if found is None or found.user_id != user.user_id else found.id


def end_web_session(db: Database, user: Principal, session_id: int, signing_out: bool) -> None:
    """End one of the user's own sessions: sign-out (`user.signed_out`) or "sign out this
    session" from the account page (`user.session_ended`). Nobody ends another's one."""
    with db.transaction() as session:
        owned = {s.id for s in records.list_open_sessions(session, user.user_id)}
        if session_id not in owned:
            raise NotFoundError(f"you have no open session {session_id}")
        reason = "signed out" if signing_out else "ended from the account page"
        records.record_session_ended(session, session_id, _now(), reason)
        record_event(
            session,
            actor=user.username,
            action="user.signed_out" if signing_out else "user.session_ended",
            entity="user",
            entity_id=f"user/{user.username}",
            before={"session": session_id, "ended": False},
            after={"session": session_id, "ended": True},
        )


def end_all_sessions(db: Database, user: Principal, by: Principal) -> int:
    """Sign a user out everywhere: every web session and every API token ends. A user may
    do it for themself, an administrator for anyone. The new epoch is returned."""
    if by.user_id != user.user_id and not access.can_administer(by):
        raise ForbiddenError("only an administrator may sign another user out")
    with db.transaction() as session:
        stored = accounts.get_user(session, user.user_id)
        if stored is None:
            raise NotFoundError(f"no user called {user.username!r}")
        return end_sessions_in(session, stored, by.username, "signed out everywhere")


def end_sessions_in(session: Session, stored: UserAccount, actor: str, reason: str) -> int:
    user_id = stored.principal.user_id
    epoch = accounts.raise_session_epoch(session, user_id)
    now = _now()
    revoked = accounts.revoke_all_tokens(session, user_id, now)
    ended = records.end_all_session_records(session, user_id, now, reason)
    record_event(
        session,
        actor=actor,
        action="user.sessions_ended",
        entity="user",
        entity_id=f"user/{stored.principal.username}",
        before={"session_epoch": stored.session_epoch},
        after={
            "session_epoch": epoch,
            "tokens_revoked": revoked,
            "sessions_ended": ended,
            "reason": reason,
        },
    )
    return epoch
