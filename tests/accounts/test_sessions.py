"""Sign-in backoff (by client and by username, alike for unknown users) and sessions that
end: sign-out everywhere and a password change end every session and token."""

from __future__ import annotations

import pytest

from openbook.accounts import account as accounts
from openbook.accounts import sessions
from openbook.accounts.throttle import FREE_FAILURES, Throttle, backoff_delay
from openbook.kernel.access import Role
from openbook.kernel.audit import list_events
from openbook.kernel.database import Database
from openbook.kernel.error import AuthenticationError, ForbiddenError
from tests.principals import ADMIN

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _ann(db: Database) -> accounts.Principal:
    return accounts.create_user(
        db,
        username="ann",
        display_name="Ann",
        org_code="RBD",
        role=Role.VIEWER,
        password=PASSWORD,
        by=ADMIN,
    )


def test_backoff_doubles_and_ends() -> None:
    assert [backoff_delay(n) for n in range(FREE_FAILURES)] == [0.0] * FREE_FAILURES
    assert backoff_delay(FREE_FAILURES) == 2.0
    assert backoff_delay(FREE_FAILURES + 1) == 4.0
    assert backoff_delay(100) == 300.0


def test_unknown_and_known_usernames_are_slowed_alike(demo_db: Database) -> None:
    _ann(demo_db)
    messages = {}
    for username in ("ann", "nobody"):
        throttle, clock = Throttle(), Clock()
        for _ in range(FREE_FAILURES):
            with pytest.raises(AuthenticationError) as error:
                accounts.authenticate(
                    demo_db, username, "wrong!", client="a", throttle=throttle, clock=clock
                )
            assert error.value.message == accounts.BAD_SIGN_IN
        with pytest.raises(AuthenticationError) as error:
            accounts.authenticate(
                demo_db, username, PASSWORD, client="a", throttle=throttle, clock=clock
            )
        messages[username] = error.value.message
    assert messages["ann"] == messages["nobody"]
    assert "try again in 2 seconds" in messages["ann"]


def test_the_wait_ends_and_the_right_password_then_works(demo_db: Database) -> None:
    _ann(demo_db)
    throttle, clock = Throttle(), Clock()
    for _ in range(FREE_FAILURES):
        with pytest.raises(AuthenticationError):
            accounts.authenticate(
                demo_db, "ann", "wrong!", client="x", throttle=throttle, clock=clock
            )
    with demo_db.reading() as session:
        before = len(list_events(session, 1000))
    with pytest.raises(AuthenticationError, match="try again"):
        accounts.authenticate(demo_db, "ann", PASSWORD, client="y", throttle=throttle, clock=clock)
    with demo_db.reading() as session:
        assert len(list_events(session, 1000)) == before  # refused without touching the store
    clock.now += 2
    user = accounts.authenticate(
        demo_db, "ann", PASSWORD, client="y", throttle=throttle, clock=clock
    )
    assert user.username == "ann"


def test_signing_out_everywhere_ends_sessions_and_tokens(demo_db: Database) -> None:
    ann = _ann(demo_db)
    epoch = sessions.session_epoch(demo_db, ann)
    text, _ = accounts.create_token(demo_db, ann, "script")
    assert accounts.get_principal(demo_db, ann.user_id, epoch) == ann
    sessions.end_all_sessions(demo_db, ann, ann)
    assert accounts.get_principal(demo_db, ann.user_id, epoch) is None
    with pytest.raises(AuthenticationError, match="revoked"):
        accounts.authenticate_token(demo_db, text)
    new = sessions.session_epoch(demo_db, ann)
    assert accounts.get_principal(demo_db, ann.user_id, new) == ann


def test_a_password_change_ends_every_session_and_token(demo_db: Database) -> None:
    ann = _ann(demo_db)
    epoch = sessions.session_epoch(demo_db, ann)
    text, _ = accounts.create_token(demo_db, ann, "script")
    accounts.change_password(demo_db, ann, PASSWORD, "another long passphrase")
    assert accounts.get_principal(demo_db, ann.user_id, epoch) is None
    with pytest.raises(AuthenticationError):
        accounts.authenticate_token(demo_db, text)


def test_only_an_administrator_signs_someone_else_out(demo_db: Database) -> None:
    ann = _ann(demo_db)
    bob = accounts.create_user(
        demo_db,
        username="bob",
        display_name="Bob",
        org_code="RBD",
        role=Role.VIEWER,
        password=PASSWORD,
        by=ADMIN,
    )
    epoch = sessions.session_epoch(demo_db, ann)
    with demo_db.reading() as session:
        before = len(list_events(session, 1000))
    with pytest.raises(ForbiddenError):
        sessions.end_all_sessions(demo_db, ann, bob)
    with demo_db.reading() as session:
        assert len(list_events(session, 1000)) == before
    assert accounts.get_principal(demo_db, ann.user_id, epoch) == ann
