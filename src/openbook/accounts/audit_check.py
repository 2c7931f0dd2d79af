"""Deep verification of users: each account's role and whether it is active, against the
events that set them (`user.created`, then every user event whose 'after' carries a role or
an active flag: deactivation, reactivation, role changes).

Reads its table directly: a check that goes round the store's own functions would trust
what it is meant to check."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from openbook.accounts.tables import UserAccountRow
from openbook.kernel.audit_deep import AuditedEvent, StateDifference

State = tuple[str, bool]  # role, active


def _recorded(events: Sequence[AuditedEvent]) -> dict[str, State]:
    users: dict[str, State] = {}
    for event in events:
        if event.entity != "user" or not isinstance(event.after, dict):
            continue
        username = event.entity_id.removeprefix("user/")
        if event.action == "user.created":
            users[username] = (str(event.after["role"]), True)
        elif username in users:
            role, active = users[username]
            users[username] = (
                str(event.after.get("role", role)),
                bool(event.after.get("active", active)),
            )
    return users


def _words(state: State) -> str:
    return f"role {state[0]}, {'active' if state[1] else 'deactivated'}"


class UserCheck:
    name = "user roles and active flags"

    def __call__(self, session: Session, events: Sequence[AuditedEvent]) -> list[StateDifference]:
        recorded = _recorded(events)
        held = {
            row.username: (row.role, row.active) for row in session.scalars(select(UserAccountRow))
        }
        differences = []
        for username in sorted(recorded.keys() | held.keys()):
            mine, theirs = held.get(username), recorded.get(username)
            if mine == theirs:
                continue
            if mine is None:
                message = "the events record this user but the table has no row (deleted?)"
            elif theirs is None:
                message = (
                    f"the table holds {_words(mine)} but no event created this user "
                    "(written round the application?)"
                )
            else:
                message = f"the table holds {_words(mine)}; the events record {_words(theirs)}"
            differences.append(StateDifference(self.name, username, message))
        return differences
