"""The email outbox (SQLite and PostgreSQL), against real SMTP servers in-process: each
notification is emailed once however many senders run; a line break in a title never breaks
a message; a hung server times out and no write waits for it; failures back off and end as
dead letters an administrator sees and retries."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from openbook.compose import from_url
from openbook.governance.escalations import raise_escalation
from openbook.governance.outbox import (
    OutboxPass,
    OutboxPolicy,
    get_outbox_status,
    retry_dead_letters,
    send_outbox,
)
from openbook.governance.tables import NotificationRow
from openbook.kernel.audit_log import verify_audit_log
from openbook.kernel.clock import aware
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import Remit
from openbook.kernel.tables import AuditEventRow
from tests.principals import ADMIN, LEAD, principal
from tests.smtp import hung_server, smtp_server

Y1819 = FinancialYear.parse("2018/19")


def raise_one(db: Database, title: str, org: str = "RD3") -> str:
    view = raise_escalation(
        db,
        "QVV",
        title=title,
        detail="",
        remit=Remit.QUALITY,
        subject=org,
        year=Y1819,
        month=6,
        by=principal(f"{org.lower()}.viewer"),
    )
    return view.ref


def pending(db: Database) -> int:
    with db.reading() as session:
        query = select(func.count()).where(
            NotificationRow.email.is_not(None),
            NotificationRow.emailed_at.is_(None),
            NotificationRow.email_dead_at.is_(None),
        )
        return int(session.scalar(query) or 0)


def test_a_line_break_in_a_title_never_breaks_a_message(demo_db: Database) -> None:
    raise_one(demo_db, "Cath lab down\r\nBcc: everyone@example.org\n\nfree text")
    with demo_db.transaction() as session:  # a row from before subjects were cleaned
        session.add(
            NotificationRow(
                username="rd3.approver",
                email="rd3.approver@dorset.example.invalid",
                subject="Old\nsubject\rwith\x07breaks",
                body="b",
                link="/",
                created_at=demo_db.clock.now(),
            )
        )
        session.add(
            NotificationRow(
                username="someone",
                email="a@example.org\r\nBcc: b@example.org",
                subject="s",
                body="b",
                link="/",
                created_at=demo_db.clock.now(),
            )
        )
    expected = pending(demo_db) - 1
    with smtp_server() as server:
        done = send_outbox(demo_db, server.url)
    assert (done.sent, done.failed, done.dead) == (expected, 0, 1)  # the bad address only
    messages = server.messages()
    assert len(messages) == expected
    for message in messages:
        assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
        assert message["Bcc"] is None and len(message.get_all("To")) == 1
    subjects = {m["Subject"] for m in messages}
    assert any("Cath lab down Bcc: everyone@example.org free text" in s for s in subjects)
    assert "[openbook] Old subject with breaks" in subjects
    status = get_outbox_status(demo_db, ADMIN)
    (dead,) = [e for e in status.troubled if e.state == "dead"]
    assert dead.email.startswith("a@example.org") and "control character" in (dead.last_error or "")


def test_a_hung_server_times_out_and_no_write_waits_for_it(demo_db: Database) -> None:
    raise_one(demo_db, "Theatre lists cancelled")
    waiting = pending(demo_db)
    with hung_server() as server:
        done = send_outbox(demo_db, server.url, OutboxPolicy(timeout_seconds=0.5, retry_seconds=0))
        assert (done.sent, done.failed) == (0, waiting)
        status = get_outbox_status(demo_db, ADMIN)
        assert all("timed out" in (e.last_error or "") for e in status.troubled)

        # A sender stuck on the hung server (a long timeout) holds no lock: writes go on.
        retry_now = OutboxPolicy(timeout_seconds=60, retry_seconds=0)
        stuck = threading.Thread(target=send_outbox, args=(demo_db, server.url, retry_now))
        server.connected.clear()
        stuck.start()
        assert server.connected.wait(30)
        ref = raise_one(demo_db, "A write while the mail server hangs", org="RDZ")
        assert stuck.is_alive()  # the write finished while the sender still waited
    stuck.join(60)  # the server went away: the sender gives up and records why
    assert not stuck.is_alive()
    assert ref.startswith("E-QVV-")
    assert pending(demo_db) > waiting  # nothing was lost; the new notifications wait too


def test_failures_back_off_then_become_dead_letters_an_administrator_retries(
    demo_db: Database,
) -> None:
    raise_one(demo_db, "Stroke unit closed to admissions")
    count = pending(demo_db)
    with smtp_server(reply="554 5.7.1 rejected") as refusing:
        first = send_outbox(demo_db, refusing.url, OutboxPolicy(retry_seconds=3600))
        assert (first.sent, first.failed, first.dead) == (0, count, 0)
        # Backing off: not due again for an hour, so the next pass leaves them alone.
        assert send_outbox(demo_db, refusing.url) == OutboxPass()
        with demo_db.reading() as session:
            retries = session.scalars(
                select(NotificationRow.email_next_attempt_at).where(
                    NotificationRow.email_attempts == 1
                )
            ).all()
        assert len(retries) == count
        assert all(aware(r) > demo_db.clock.now() + timedelta(minutes=50) for r in retries if r)
        with demo_db.transaction() as session:  # an hour passes
            for row in session.scalars(select(NotificationRow)):
                row.email_next_attempt_at = None if row.email_attempts == 0 else row.created_at
        last = send_outbox(demo_db, refusing.url, OutboxPolicy(max_attempts=2))
        assert (last.sent, last.dead) == (0, count)
    status = get_outbox_status(demo_db, ADMIN)
    assert (status.pending, status.dead) == (0, count)
    assert all(e.state == "dead" and "554" in (e.last_error or "") for e in status.troubled)
    with pytest.raises(ForbiddenError):
        get_outbox_status(demo_db, LEAD)
    with pytest.raises(ForbiddenError):
        retry_dead_letters(demo_db, LEAD)
    assert len(retry_dead_letters(demo_db, ADMIN)) == count
    with smtp_server() as server:
        assert send_outbox(demo_db, server.url).sent == count == len(server.received)
    with demo_db.reading() as session:
        actions = session.scalars(select(AuditEventRow.action)).all()
    assert "notification.retried" in actions
    assert verify_audit_log(demo_db)[1] == []


def test_two_senders_at_once_send_each_notification_once(demo_db: Database) -> None:
    for index in range(6):
        raise_one(demo_db, f"Concern {index}", org=("RD3", "RDZ", "RDY")[index % 3])
    count = pending(demo_db)
    url = demo_db.engine.url.render_as_string(hide_password=False)
    barrier = threading.Barrier(2)
    passes: list[OutboxPass] = []

    with smtp_server() as server:

        def sender() -> None:
            own = from_url(url)
            try:
                barrier.wait(30)
                passes.append(send_outbox(own, server.url, OutboxPolicy(batch=2)))
            finally:
                own.dispose()

        threads = [threading.Thread(target=sender) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    assert count > 10
    assert len(server.received) == count == sum(p.sent for p in passes)
    assert pending(demo_db) == 0
    recipients = [(m["To"], m["Subject"]) for m in server.messages()]
    assert len(set(recipients)) == len(recipients)  # nobody got one notification twice
