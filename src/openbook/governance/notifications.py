"""Notifications: kept in-app for every recipient, and emailed through the configured SMTP
server. Email goes out after the write commits, from an outbox, so a mail server that is
down loses nothing: the message stays pending with its error and is sent next time."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from urllib.parse import parse_qs, urlparse

from sqlalchemy.orm import Session

from openbook.governance import store as governance
from openbook.governance.tables import NotificationRow
from openbook.kernel.clock import Clock, clock_of
from openbook.kernel.database import Database
from openbook.kernel.error import OpenbookError

DEFAULT_SENDER = "openbook@localhost"


@dataclass(frozen=True)
class NotificationView:
    id: int
    subject: str
    body: str
    link: str
    created_at: datetime
    read: bool
    emailed: bool


def notify(session: Session, usernames: set[str], subject: str, body: str, link: str) -> int:
    """One in-app notification per active recipient (emailed later when they have an
    address); returns how many were made."""
    contacts = governance.list_user_contacts(session)
    now = clock_of(session).now()
    made = 0
    for username in sorted(usernames):
        contact = contacts.get(username)
        if contact is None or not contact[2]:
            continue
        session.add(
            NotificationRow(
                username=username,
                email=contact[1],
                subject=subject,
                body=body,
                link=link,
                created_at=now,
            )
        )
        made += 1
    return made


def users_of(session: Session, org_codes: set[str], roles: tuple[str, ...]) -> set[str]:
    """Active users of the organisations with one of the roles (the affected organisations'
    accountable people)."""
    from openbook.accounts import store as accounts

    return {
        user.principal.username
        for user in accounts.list_users(session)
        if user.principal.org_code in org_codes
        and user.principal.role.value in roles
        and user.active
    }


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    sender: str
    starttls: bool
    username: str | None
    password: str | None


def parse_smtp_url(url: str) -> SmtpTarget:
    """smtp://[user:password@]host[:port][?from=openbook@example.org&starttls=1]"""
    parsed = urlparse(url)
    if parsed.scheme not in ("smtp", "smtps") or not parsed.hostname:
        raise OpenbookError(
            f"OPENBOOK_SMTP_URL {url!r} is not an SMTP URL",
            hint="smtp://host:port?from=openbook@example.org",
        )
    query = parse_qs(parsed.query)
    return SmtpTarget(
        parsed.hostname,
        parsed.port or 25,
        query.get("from", [DEFAULT_SENDER])[0],
        query.get("starttls", ["0"])[0] in ("1", "true", "yes"),
        parsed.username,
        parsed.password,
    )


def send_pending(db: Database, smtp_url: str) -> tuple[int, int]:
    """Email every notification not yet sent; (sent, failed). Failures keep their error
    and are tried again next time."""
    if not smtp_url:
        return 0, 0
    target = parse_smtp_url(smtp_url)
    sent = failed = 0
    tried: set[int] = set()
    while True:
        with db.transaction() as session:
            batch = [row for row in governance.list_unsent(session) if row.id not in tried]
            if not batch:
                return sent, failed
            tried.update(row.id for row in batch)
            done, errors = _send_batch(target, batch, clock_of(session))
            sent, failed = sent + done, failed + errors


def _send_batch(target: SmtpTarget, batch: list[NotificationRow], clock: Clock) -> tuple[int, int]:
    try:
        client = smtplib.SMTP(target.host, target.port, timeout=10)
    except OSError as error:
        for row in batch:
            row.email_error = f"cannot reach {target.host}:{target.port}: {error}"
        return 0, len(batch)
    sent = failed = 0
    with client:
        if target.starttls:
            client.starttls()
        if target.username and target.password:
            client.login(target.username, target.password)
        for row in batch:
            message = EmailMessage()
            message["From"] = target.sender
            message["To"] = row.email or ""
            message["Subject"] = f"[openbook] {row.subject}"
            message.set_content(f"{row.body}\n\n{row.link}\n")
            try:
                client.send_message(message)
            except smtplib.SMTPException as error:
                row.email_error = str(error)
                failed += 1
                continue
            row.emailed_at = clock.now()
            row.email_error = None
            sent += 1
    return sent, failed


def list_notifications(db: Database, username: str) -> list[NotificationView]:
    with db.reading() as session:
        return [
            NotificationView(
                row.id,
                row.subject,
                row.body,
                row.link,
                row.created_at,
                row.read_at is not None,
                row.emailed_at is not None,
            )
            for row in governance.list_notifications(session, username)
        ]


def count_unread(db: Database, username: str) -> int:
    with db.reading() as session:
        return governance.count_unread(session, username)


def mark_all_read(db: Database, username: str) -> int:
    with db.transaction() as session:
        now = clock_of(session).now()
        rows = [r for r in governance.list_notifications(session, username) if r.read_at is None]
        for row in rows:
            row.read_at = now
        return len(rows)
