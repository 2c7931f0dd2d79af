"""Sessions that can be ended: each user has a session epoch, carried by every web session
when it begins; raising it ends them all (sign-out, a password change, "sign out
everywhere"), and the latter two also revoke every API token. Every change is audited."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from openbook.accounts import store as accounts
from openbook.accounts.store import UserAccount
from openbook.kernel import access
from openbook.kernel.access import Principal
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, NotFoundError


def session_epoch(db: Database, user: Principal) -> int:
    """The epoch a session starting now carries."""
    with db.reading() as session:
        stored = accounts.get_user(session, user.user_id)
    return 0 if stored is None else stored.session_epoch


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


def end_web_sessions(db: Database, user: Principal) -> int:
    """Sign-out: every web session of the user ends (a copied cookie too); API tokens stay."""
    with db.transaction() as session:
        stored = accounts.get_user(session, user.user_id)
        if stored is None:
            return 0
        epoch = accounts.raise_session_epoch(session, user.user_id)
        record_event(
            session,
            actor=user.username,
            action="user.signed_out",
            entity="user",
            entity_id=f"user/{user.username}",
            before={"session_epoch": stored.session_epoch},
            after={"session_epoch": epoch},
        )
        return epoch


def end_sessions_in(session: Session, stored: UserAccount, actor: str, reason: str) -> int:
    epoch = accounts.raise_session_epoch(session, stored.principal.user_id)
    revoked = accounts.revoke_all_tokens(session, stored.principal.user_id, datetime.now(UTC))
    record_event(
        session,
        actor=actor,
        action="user.sessions_ended",
        entity="user",
        entity_id=f"user/{stored.principal.username}",
        before={"session_epoch": stored.session_epoch},
        after={"session_epoch": epoch, "tokens_revoked": revoked, "reason": reason},
    )
    return epoch
