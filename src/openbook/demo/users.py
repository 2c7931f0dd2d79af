"""Demonstration users for the Dorset system: one per role and organisation.

Every demonstration user has the password DEMO_PASSWORD; never use them outside a
demonstration. Usernames are `<org>.<role>`, lower case, e.g. `rbd.submitter`.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from openbook.accounts import store as accounts
from openbook.accounts.account import create_user_in
from openbook.demo import dorset
from openbook.kernel.access import Role
from openbook.kernel.database import Database

DEMO_PASSWORD = "openbook-demo"  # noqa: S105 - documented demonstration sign-in
SYSTEM_ORG = "11J"  # the system finance lead and the administrator sit in the CCG
ORG_ROLES = (Role.VIEWER, Role.SUBMITTER, Role.APPROVER)
DEMO_MAIL_DOMAIN = "dorset.example.invalid"  # never delivered anywhere real


def demo_user_specs() -> list[tuple[str, str, str, Role]]:
    """(username, display name, org code, role) of every demonstration user."""
    known = {org.org_code: org for org in dorset.ORGANISATIONS}
    specs = [
        ("system.lead", "System finance lead (demo)", SYSTEM_ORG, Role.SYSTEM_LEAD),
        # A second system finance lead: the one who proposes may neither approve for the
        # system nor enact (separation of duties), so the demonstration needs two.
        ("system.deputy", "Deputy system finance lead (demo)", SYSTEM_ORG, Role.SYSTEM_LEAD),
        ("admin", "Administrator (demo)", SYSTEM_ORG, Role.ADMINISTRATOR),
    ]
    for org_code, _role in dorset.MEMBERS:
        if not known[org_code].kind.submits_returns:
            continue  # councils report through their own systems
        for role in ORG_ROLES:
            specs.append(
                (
                    f"{org_code.lower()}.{role.value}",
                    f"{role.label}, {known[org_code].name} (demo)",
                    org_code,
                    role,
                )
            )
    return specs


def create_demo_users_in(session: Session, actor: str) -> int:
    """Create the demonstration users that do not exist yet; returns how many were made."""
    made = 0
    for username, display_name, org_code, role in demo_user_specs():
        if accounts.get_user_by_name(session, username) is not None:
            continue
        create_user_in(
            session,
            username=username,
            display_name=display_name,
            org_code=org_code,
            role=role,
            password=DEMO_PASSWORD,
            actor=actor,
            email=f"{username}@{DEMO_MAIL_DOMAIN}",
        )
        made += 1
    return made


def create_demo_users(db: Database, actor: str = "openbook-demo") -> int:
    with db.transaction() as session:
        return create_demo_users_in(session, actor)
