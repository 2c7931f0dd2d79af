"""Notifications: kept in-app for every recipient, and emailed through the configured SMTP
server. A write only adds notification rows; the outbox's background sender emails them
(governance/outbox.py), so a mail server that is slow, hung or down delays no write and
loses nothing."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, urlparse

from sqlalchemy.orm import Session

from openbook.governance import store as governance
from openbook.governance.tables import NotificationRow
from openbook.kernel.clock import clock_of
from openbook.kernel.database import Database
from openbook.kernel.error import OpenbookError

DEFAULT_SENDER = "openbook@localhost"
SUBJECT_LENGTH = 300  # the column's size


def one_line(text: str, limit: int) -> str:
    """Text for a subject line: line breaks and other control characters become spaces
    (a title typed with a line break must never break an email's headers), cut to fit."""
    spaced = "".join(
        " " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text
    )
    return " ".join(spaced.split())[:limit]


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
                subject=one_line(subject, SUBJECT_LENGTH),
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
