"""Who acts in the tests: principals named as the demonstration users are
(`system.lead`, `admin`, `<org>.<role>`), without needing the users in the store."""

from __future__ import annotations

from openbook.kernel.access import Principal, Role

ROLES = {role.value: role for role in Role}


def principal(username: str) -> Principal:
    """'rd3.approver' -> an approver of RD3; 'system.lead', 'system.deputy' -> system
    finance leads; 'admin' -> an administrator."""
    if username.startswith("system."):
        return Principal(0, username, username, "", Role.SYSTEM_LEAD)
    if username == "admin":
        return Principal(0, username, username, "", Role.ADMINISTRATOR)
    org, _, role = username.partition(".")
    return Principal(0, username, username, org.upper(), ROLES[role])


LEAD = principal("system.lead")
DEPUTY = principal("system.deputy")
ADMIN = principal("admin")


def approver_for(slot: str) -> Principal:
    """Who approves for a slot, named as the tests have always named them (`dof-rd3`, and
    `dof-system` for the system: a second system finance lead, since the proposer may not
    approve for the system)."""
    name = f"dof-{slot.lower()}"
    if slot == "SYSTEM":
        return Principal(0, name, name, "", Role.SYSTEM_LEAD)
    return Principal(0, name, name, slot, Role.APPROVER)


def named(username: str, role: Role, org_code: str = "") -> Principal:
    return Principal(0, username, username, org_code, role)
