"""The email outbox and its sender. A write only inserts notification rows (notify); a
background sender, never a request, emails them:

- it claims due rows in a short transaction (FOR UPDATE SKIP LOCKED on PostgreSQL, one
  write transaction at a time on SQLite), marking them claimed until a lease runs out, so
  several senders (`openbook mail worker`, or one per web worker) never send one twice;
- it talks to the SMTP server outside any transaction, with a timeout on every exchange, so
  a hung server holds no lock and delays no write;
- a failure is tried again after 1, 2, 4, ... times OPENBOOK_MAIL_RETRY_SECONDS; after
  OPENBOOK_MAIL_MAX_ATTEMPTS it is a dead letter, shown to administrators, who may retry it;
- header values are cleaned of line breaks and control characters, and a message that
  cannot be built (an impossible address) is a dead letter at once, never a stuck outbox.
"""

from __future__ import annotations

import logging
import smtplib
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage

from openbook.governance import outbox_store as governance
from openbook.governance.notifications import SmtpTarget, one_line, parse_smtp_url
from openbook.governance.tables import NotificationRow
from openbook.kernel.access import Principal, can_administer
from openbook.kernel.audit import record_event
from openbook.kernel.database import Database
from openbook.kernel.error import ForbiddenError, OpenbookError

log = logging.getLogger(__name__)
MAX_HEADER = 250
MAX_BACKOFF = timedelta(hours=6)
POLL_SECONDS = 5.0  # how often an idle sender looks for due notifications


@dataclass(frozen=True)
class OutboxPolicy:
    timeout_seconds: float = 10.0  # every SMTP exchange (connect, greeting, each command)
    max_attempts: int = 6  # then a dead letter
    retry_seconds: int = 60  # the first wait after a failure; doubled after each
    batch: int = 20  # claimed and sent over one connection

    def __post_init__(self) -> None:
        if self.timeout_seconds <= 0 or self.max_attempts < 1 or self.retry_seconds < 0:
            raise OpenbookError(
                "mail settings must be positive: a timeout in seconds, at least one attempt"
            )

    @property
    def lease(self) -> timedelta:
        """How long a claim holds: long enough for a whole batch on a server that takes the
        full timeout at every step (connect, greeting, hello, and four per message)."""
        return timedelta(seconds=self.timeout_seconds * (4 * self.batch + 4) + 60)

    def next_attempt(self, attempts: int, now: datetime) -> datetime | None:
        """When to try again after `attempts` failures; None when it is a dead letter."""
        if attempts >= self.max_attempts:
            return None
        wait = timedelta(seconds=self.retry_seconds * 2 ** (attempts - 1))
        return now + min(wait, MAX_BACKOFF)


def clean_header(text: str, limit: int = MAX_HEADER) -> str:
    """A header value on one line: line breaks, tabs and other control characters become
    spaces, runs of space one, and it is cut to `limit` characters."""
    return one_line(text, limit)


@dataclass(frozen=True)
class Outgoing:
    id: int
    email: str
    subject: str
    body: str
    link: str


def build_message(sender: str, item: Outgoing) -> EmailMessage:
    """The email for one notification; ValueError or MessageError if it cannot be built."""
    message = EmailMessage()
    message["From"] = sender
    if any(unicodedata.category(c) == "Cc" for c in item.email):
        raise ValueError(f"the address {item.email!r} contains a control character")
    message["To"] = Address(addr_spec=item.email.strip())
    message["Subject"] = clean_header(f"[openbook] {item.subject}")
    message.set_content(f"{item.body}\n\n{item.link}\n")
    return message


@dataclass(frozen=True)
class Outcome:
    id: int
    error: str | None = None  # None: sent
    permanent: bool = False  # cannot succeed however often it is tried: a dead letter now


def _connect(target: SmtpTarget, timeout: float) -> smtplib.SMTP:
    client = smtplib.SMTP(target.host, target.port, timeout=timeout)
    if target.starttls:
        client.starttls()
    if target.username and target.password:
        client.login(target.username, target.password)
    return client


def deliver(target: SmtpTarget, policy: OutboxPolicy, batch: list[Outgoing]) -> list[Outcome]:
    """Send a batch over one connection; what became of each. A connection that fails or
    times out fails every message it had not yet sent, to be tried again later."""
    outcomes: list[Outcome] = []
    try:
        client = _connect(target, policy.timeout_seconds)
    except (OSError, smtplib.SMTPException) as error:
        why = f"cannot reach {target.host}:{target.port}: {error or type(error).__name__}"
        return [Outcome(item.id, why) for item in batch]
    try:
        for item in batch:
            try:
                message = build_message(target.sender, item)
            except (ValueError, MessageError) as error:
                outcomes.append(Outcome(item.id, f"cannot be sent: {error}", permanent=True))
                continue
            try:
                client.send_message(message)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
                outcomes.append(Outcome(item.id, f"refused by the server: {error}"))
                continue
            outcomes.append(Outcome(item.id))
    except (OSError, smtplib.SMTPException) as error:
        done = {outcome.id for outcome in outcomes}
        why = (
            f"the connection to {target.host}:{target.port} failed: {error or type(error).__name__}"
        )
        outcomes += [Outcome(item.id, why) for item in batch if item.id not in done]
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()
    return outcomes


@dataclass
class OutboxPass:
    sent: int = 0
    failed: int = 0  # to be tried again later
    dead: int = 0  # dead letters now


def _claim(db: Database, policy: OutboxPolicy, started: datetime) -> list[Outgoing]:
    """Claim a batch due since before the pass started (what fails in a pass waits for a
    later one, however short the backoff)."""
    with db.reading() as session:
        if not governance.any_due_notification(session, started):
            return []
    with db.transaction() as session:
        until = db.clock.now() + policy.lease
        rows = governance.claim_due_notifications(session, started, until, policy.batch)
        return [Outgoing(r.id, r.email or "", r.subject, r.body, r.link) for r in rows]


def _record(db: Database, policy: OutboxPolicy, outcomes: list[Outcome], tally: OutboxPass) -> None:
    by_id = {outcome.id: outcome for outcome in outcomes}
    with db.transaction() as session:
        now = db.clock.now()
        for row in governance.get_notifications(session, list(by_id)):
            _apply(row, by_id[row.id], policy, now, tally)


def _apply(
    row: NotificationRow, outcome: Outcome, policy: OutboxPolicy, now: datetime, tally: OutboxPass
) -> None:
    if outcome.error is None:
        row.emailed_at, row.email_error, row.email_next_attempt_at = now, None, None
        tally.sent += 1
        return
    row.email_attempts = (row.email_attempts or 0) + 1
    row.email_error = outcome.error[:2000]
    retry_at = None if outcome.permanent else policy.next_attempt(row.email_attempts, now)
    row.email_next_attempt_at = retry_at
    if retry_at is None:
        row.email_dead_at = now
        tally.dead += 1
        log.warning("notification %s is a dead letter: %s", row.id, outcome.error)
    else:
        tally.failed += 1


def send_outbox(db: Database, smtp_url: str, policy: OutboxPolicy | None = None) -> OutboxPass:
    """One pass: claim and send every notification due now, batch by batch. Safe to run in
    several processes at once; each notification is sent by one of them."""
    policy = policy or OutboxPolicy()
    target = parse_smtp_url(smtp_url)
    tally, started = OutboxPass(), db.clock.now()
    while batch := _claim(db, policy, started):
        _record(db, policy, deliver(target, policy, batch), tally)
    return tally


@dataclass
class MailSender:
    """A sender in a thread of its own: a pass whenever nudged (after a write that made
    notifications) and every POLL_SECONDS; stopped by `stop()`."""

    db: Database
    smtp_url: str
    policy: OutboxPolicy = field(default_factory=OutboxPolicy)
    poll_seconds: float = POLL_SECONDS
    _wake: threading.Event = field(default_factory=threading.Event)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        parse_smtp_url(self.smtp_url)  # a wrong URL is an error now, not in the log later
        self._thread = threading.Thread(target=self.run, name="openbook-mail", daemon=True)
        self._thread.start()

    def nudge(self) -> None:
        self._wake.set()

    def stop(self, wait_seconds: float = 5.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(wait_seconds)

    def run(self) -> None:
        while not self._stopping.is_set():
            try:
                sent = send_outbox(self.db, self.smtp_url, self.policy)
                if sent.sent or sent.failed or sent.dead:
                    log.info("outbox: %s sent, %s to retry, %s dead", *vars(sent).values())
            except Exception:  # the store is away, say: keep the sender alive and try later
                log.exception("the outbox pass failed")
            self._wake.wait(self.poll_seconds)
            self._wake.clear()


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    username: str
    email: str
    subject: str
    created_at: datetime
    attempts: int
    next_attempt_at: datetime | None
    dead_at: datetime | None
    last_error: str | None

    @property
    def state(self) -> str:
        return "dead" if self.dead_at is not None else "retrying"


@dataclass(frozen=True)
class OutboxStatus:
    pending: int
    sent: int
    dead: int
    in_app_only: int
    troubled: tuple[OutboxEntry, ...]  # dead letters first, then those being retried


def _require_admin(by: Principal, what: str) -> None:
    if not can_administer(by):
        raise ForbiddenError(f"only an administrator may {what}")


def get_outbox_status(db: Database, by: Principal, limit: int = 200) -> OutboxStatus:
    """What the outbox holds, for administrators (it shows addresses and subjects)."""
    _require_admin(by, "see the email outbox")
    with db.reading() as session:
        counts = governance.count_outbox(session)
        troubled = tuple(
            OutboxEntry(
                r.id,
                r.username,
                r.email or "",
                r.subject,
                r.created_at,
                r.email_attempts or 0,
                r.email_next_attempt_at,
                r.email_dead_at,
                r.email_error,
            )
            for r in governance.list_troubled_notifications(session, limit)
        )
    return OutboxStatus(
        counts.get("pending", 0),
        counts.get("sent", 0),
        counts.get("dead", 0),
        counts.get("in_app", 0),
        troubled,
    )


def retry_dead_letters(db: Database, by: Principal, ids: list[int] | None = None) -> list[int]:
    """Put dead letters (those given, or all) back in the outbox with their attempts reset;
    the ids retried. Audited."""
    _require_admin(by, "retry dead letters")
    with db.transaction() as session:
        rows = governance.list_dead_notifications(session, ids)
        for row in rows:
            row.email_dead_at, row.email_next_attempt_at, row.email_attempts = None, None, 0
        retried = [row.id for row in rows]
        if retried:
            record_event(
                session,
                actor=by.username,
                action="notification.retried",
                entity="notification",
                entity_id="outbox",
                before={"state": "dead"},
                after={"state": "pending", "ids": retried},
            )
        return retried
