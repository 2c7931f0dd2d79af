"""Who may do what: roles and the pure permission rules of the open book.

Every signed-in user sees every partner's figures (the open book); what differs is
what they may change:

| role | may |
| --- | --- |
| viewer | see everything |
| submitter | submit its own organisation's returns |
| approver | approve or reject proposals for its own organisation |
| system_lead (system finance lead) | solve and propose; approve for the system |
| administrator | manage users and organisations |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

SYSTEM_SLOT = "SYSTEM"  # the approval slot of the system finance lead (see domain.proposal)

MAX_FAILED_SIGN_INS = 5  # consecutive failures before an account is locked
LOCKOUT_PERIOD = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
USERNAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-_@")


class Role(StrEnum):
    VIEWER = "viewer"
    SUBMITTER = "submitter"
    APPROVER = "approver"
    SYSTEM_LEAD = "system_lead"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.VIEWER: "Viewer",
    Role.SUBMITTER: "Submitter",
    Role.APPROVER: "Approver",
    Role.SYSTEM_LEAD: "System finance lead",
    Role.ADMINISTRATOR: "Administrator",
}


@dataclass(frozen=True)
class Principal:
    """A signed-in user as the rules see them: who, where from, and in which role."""

    user_id: int
    username: str
    display_name: str
    org_code: str
    role: Role
    # Who created the account or gave it its current role (requested or confirmed the
    # grant): they may not be helped by it, e.g. to approve what they proposed.
    grantors: frozenset[str] = field(default=frozenset(), compare=False)


# Roles that give power over money (approving, proposing and enacting, or making users who
# can): granting one needs a second administrator (four eyes).
MONEY_ROLES = frozenset({Role.APPROVER, Role.SYSTEM_LEAD, Role.ADMINISTRATOR})


def needs_second_administrator(role: Role) -> bool:
    """Whether giving a user this role must wait for a second administrator's confirmation
    (lower roles, and taking a role away, take effect at once)."""
    return role in MONEY_ROLES


def is_grantor(user: Principal, username: str) -> bool:
    """Whether `username` created the user's account or granted its current role."""
    return username in user.grantors


def can_submit_for(user: Principal, org_code: str) -> bool:
    """Submitters submit their own organisation's returns, and nobody else's."""
    return user.role is Role.SUBMITTER and user.org_code == org_code


def can_approve_for(user: Principal, slot: str) -> bool:
    """Approvers decide for their own organisation; the system finance lead for the system."""
    if slot == SYSTEM_SLOT:
        return user.role is Role.SYSTEM_LEAD
    return user.role is Role.APPROVER and user.org_code == slot


def approval_slot(user: Principal) -> str | None:
    """The slot a user decides for, if any."""
    if user.role is Role.SYSTEM_LEAD:
        return SYSTEM_SLOT
    if user.role is Role.APPROVER:
        return user.org_code
    return None


def can_propose(user: Principal) -> bool:
    return user.role is Role.SYSTEM_LEAD


def can_administer(user: Principal) -> bool:
    return user.role is Role.ADMINISTRATOR


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and now < locked_until


def lock_after_failure(failed_sign_ins: int, now: datetime) -> datetime | None:
    """When an account with this many consecutive failures is locked until, if at all."""
    return now + LOCKOUT_PERIOD if failed_sign_ins >= MAX_FAILED_SIGN_INS else None


def check_password(password: str) -> list[str]:
    """Problems with a new password (NCSC guidance: length over complexity rules)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"a password must be at least {MIN_PASSWORD_LENGTH} characters long")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"a password must be at most {MAX_PASSWORD_LENGTH} characters long")
    if password.strip() != password:
        problems.append("a password must not start or end with a space")
    return problems


def check_username(username: str) -> list[str]:
    if not 3 <= len(username) <= 100:
        return ["a username must be 3 to 100 characters long"]
    if not set(username) <= USERNAME_CHARACTERS:
        return ["a username may use only lower-case letters, digits and . - _ @"]
    return []


def parse_role(text: str) -> Role:
    """'submitter' -> Role.SUBMITTER; raises ValueError listing the roles."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise ValueError(f"role {text!r} is not one of {known}") from None


def can_work_escalation(user: Principal, body_members: tuple[str, ...]) -> bool:
    """Actions, resolving and escalating: the body's members, and the system lead."""
    return user.role in (Role.SYSTEM_LEAD, Role.ADMINISTRATOR) or user.username in body_members


def can_record_decision(user: Principal, chair: str) -> bool:
    """A body's decisions are recorded by its chair, or by the system lead."""
    return user.role is Role.SYSTEM_LEAD or user.username == chair


def can_load_activity(user: Principal, provider_codes: frozenset[str]) -> bool:
    """The system lead and administrators load any activity; a submitter loads its own
    organisation's activity return."""
    if user.role in (Role.SYSTEM_LEAD, Role.ADMINISTRATOR):
        return True
    return user.role is Role.SUBMITTER and provider_codes <= {user.org_code}


def can_manage_reference(user: Principal) -> bool:
    """Systems, plans and prices: the system lead and administrators."""
    return user.role in (Role.SYSTEM_LEAD, Role.ADMINISTRATOR)


def can_define_governance(user: Principal) -> bool:
    return user.role in (Role.SYSTEM_LEAD, Role.ADMINISTRATOR)


def can_remind_submitters(user: Principal) -> bool:
    """Reminders of late returns: the system lead and administrators."""
    return user.role in (Role.SYSTEM_LEAD, Role.ADMINISTRATOR)
