"""Who hears of a requested role grant (four eyes on money): every active system finance
lead, and every other active administrator, who may confirm or refuse it. The one who
asked is not told of their own request."""

from __future__ import annotations

import logging

from openbook.accounts import store as accounts
from openbook.governance.notifications import notify
from openbook.kernel.access import Role
from openbook.kernel.database import Database
from openbook.kernel.event import RoleGrantRequested

log = logging.getLogger(__name__)
TOLD = (Role.SYSTEM_LEAD, Role.ADMINISTRATOR)


def notify_grant(db: Database, event: RoleGrantRequested) -> int:
    """Notify the system finance leads and the other administrators; how many were made."""
    role = Role(event.role)
    with db.transaction() as session:
        recipients = {
            u.principal.username
            for u in accounts.list_users(session)
            if u.principal.role in TOLD and u.active
        }
        subject = (
            f"Role grant {event.grant_id}: {event.username} as {role.label} "
            "awaits a second administrator"
        )
        body = (
            f"{event.requested_by} asked for {event.username} to be given the role "
            f"{role.label}. It takes effect only when a second administrator confirms it "
            "on the Users page; if you did not expect it, refuse it there."
        )
        return notify(session, recipients - {event.requested_by}, subject, body, "/users")


def wire(db: Database) -> None:
    def on_request(event: RoleGrantRequested) -> None:
        try:
            notify_grant(db, event)
        except Exception:  # the request has committed; a failed notice must not hide it
            log.exception("no notifications for role grant %s", event.grant_id)

    db.events.subscribe(RoleGrantRequested, on_request)
