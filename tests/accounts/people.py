"""Users made for a test's setting, with the role given at once (as the demonstration
builder does): the four-eyes rule is what some tests are about, not every test's setup."""

from __future__ import annotations

from openbook.accounts.account import create_user_in
from openbook.kernel.access import Principal, Role
from openbook.kernel.database import Database

PASSWORD = "correct horse battery"


def stored_user(
    db: Database, name: str, role: Role, org_code: str = "RBD", created_by: str = "setup"
) -> Principal:
    with db.transaction() as session:
        return create_user_in(
            session,
            username=name,
            display_name=name,
            org_code=org_code,
            role=role,
            password=PASSWORD,
            actor=created_by,
        )
